package ingress

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/rbac"
)

// Names of the placeholder sub-resources the gateway is created with. AGIC replaces the
// listeners, pools, settings and rules with its own as soon as it runs.
const (
	gwIPConfig       = "gateway-ip"
	gwFrontendIP     = "public-frontend"
	gwFrontendPort   = "http"
	gwBackendPool    = "bootstrap-pool"
	gwBackendHTTP    = "bootstrap-http"
	gwListener       = "bootstrap-listener"
	gwRoutingRule    = "bootstrap-rule"
	gwSSLPolicy      = "AppGwSslPolicy20220101S"
	gwRulePriority   = 20000 // the lowest priority, so that any rule AGIC writes wins
	gwRequestTimeout = 30
)

// agicManaged lists the gateway properties AGIC rewrites; Pulumi ignores changes to them so
// that `pulumi up` does not undo AGIC's configuration.
var agicManaged = []string{
	"backendAddressPools", "backendHttpSettingsCollection", "httpListeners", "probes",
	"requestRoutingRules", "urlPathMaps", "frontendPorts", "sslCertificates",
	"redirectConfigurations", "rewriteRuleSets", "tags",
}

// gatewayID computes the ID the gateway will have, before it exists, so that its
// sub-resources can reference each other. The subscription is the subnet's: an Application
// Gateway always lives in the subscription of its subnet.
func gatewayID(subnetID, resourceGroup pulumi.StringInput, gatewayName string) pulumi.StringOutput {
	return pulumi.All(subnetID, resourceGroup).ApplyT(func(v []any) (string, error) {
		subnet, rg := v[0].(string), v[1].(string)
		sub, ok := rbac.SubscriptionScope(subnet)
		if !ok {
			return "", fmt.Errorf("ingress: public subnet ID %q is not an Azure resource ID", subnet)
		}
		return sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/applicationGateways/" + gatewayName, nil
	}).(pulumi.StringOutput)
}

// part returns one part of an Azure resource ID: "subscription", "resourceGroup" or
// "resourceGroupID" (the ID of the resource group itself).
func part(id pulumi.StringOutput, which string) pulumi.StringOutput {
	return id.ApplyT(func(id string) string {
		segs := strings.Split(id, "/") // "", subscriptions, <sub>, resourceGroups, <rg>, ...
		if len(segs) < 5 {
			return ""
		}
		switch which {
		case "subscription":
			return segs[2]
		case "resourceGroup":
			return segs[4]
		default:
			return strings.Join(segs[:5], "/")
		}
	}).(pulumi.StringOutput)
}

func subResource(gwID pulumi.StringOutput, collection, name string) *network.SubResourceArgs {
	return &network.SubResourceArgs{Id: pulumi.Sprintf("%s/%s/%s", gwID, collection, name)}
}

// The custom rule that admits only one Azure Front Door: Front Door sets X-Azure-FDID to its
// profile's ID on every request it forwards (and overwrites any value a client sent).
const (
	frontDoorRuleName     = "RequireFrontDoorId"
	frontDoorRulePriority = 1 // evaluated before any other custom rule
	frontDoorIDHeader     = "X-Azure-FDID"
)

// frontDoorOnly returns the custom rules that block requests not sent by the front door with
// the given ID, or nil when there is no front door. The service tag on the NSG lets in every
// Front Door, including other tenants'; this header check narrows it to ours. Like every WAF
// rule it only logs in Detection mode.
func frontDoorOnly(frontDoorID pulumi.StringInput) network.WebApplicationFirewallCustomRuleArrayInput {
	if frontDoorID == nil {
		return nil
	}
	return network.WebApplicationFirewallCustomRuleArray{&network.WebApplicationFirewallCustomRuleArgs{
		Name:     pulumi.String(frontDoorRuleName),
		Priority: pulumi.Int(frontDoorRulePriority),
		RuleType: network.WebApplicationFirewallRuleTypeMatchRule,
		Action:   network.WebApplicationFirewallActionBlock,
		MatchConditions: network.MatchConditionArray{&network.MatchConditionArgs{
			MatchVariables: network.MatchVariableArray{&network.MatchVariableArgs{
				VariableName: network.WebApplicationFirewallMatchVariableRequestHeaders,
				Selector:     pulumi.String(frontDoorIDHeader),
			}},
			Operator:         network.WebApplicationFirewallOperatorEqual,
			NegationConditon: pulumi.Bool(true), // sic: the API's spelling
			MatchValues:      pulumi.StringArray{frontDoorID},
		}},
	}}
}

// newWAFPolicy registers the WAF policy the gateway enforces, in the mode and with the
// managed rule set of the spec (and the bot manager rule set when botProtection is on), with
// request body inspection, and, behind a front door, the rule that admits only it.
// https://learn.microsoft.com/azure/web-application-firewall/ag/application-gateway-waf-request-size-limits
func newWAFPolicy(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*network.WebApplicationFirewallPolicy, error) {
	g := args.Spec.AppGateway
	rs := ruleSets[g.WAFRuleSet]
	managed := network.ManagedRuleSetArray{&network.ManagedRuleSetArgs{
		RuleSetType:    pulumi.String(rs[0]),
		RuleSetVersion: pulumi.String(rs[1]),
	}}
	if defaults.True(g.BotProtection) {
		managed = append(managed, &network.ManagedRuleSetArgs{
			RuleSetType:    pulumi.String(BotManagerRuleSet),
			RuleSetVersion: pulumi.String(BotManagerRuleSetVersion),
		})
	}
	return network.NewWebApplicationFirewallPolicy(ctx, name, &network.WebApplicationFirewallPolicyArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		CustomRules:       frontDoorOnly(args.FrontDoorID),
		PolicySettings: &network.PolicySettingsArgs{
			State:                  pulumi.String("Enabled"),
			Mode:                   pulumi.String(g.WAFMode),
			RequestBodyCheck:       pulumi.Bool(true),
			MaxRequestBodySizeInKb: pulumi.Int(128),
			FileUploadLimitInMb:    pulumi.Int(100),
		},
		ManagedRules: &network.ManagedRulesDefinitionArgs{ManagedRuleSets: managed},
		Tags:         args.Tags,
	}, opts...)
}

// newGateway registers the WAF_v2 gateway, named name in Azure so that gwID is its ID,
// with a minimal bootstrap configuration (Azure requires at least one listener, pool,
// setting and rule); AGIC owns those parts afterwards.
func newGateway(ctx *pulumi.Context, name string, args *Args, gwID pulumi.StringOutput, pip *network.PublicIPAddress,
	waf *network.WebApplicationFirewallPolicy, opts ...pulumi.ResourceOption) (*network.ApplicationGateway, error) {
	g := args.Spec.AppGateway
	var zones pulumi.StringArrayInput
	if len(g.Zones) > 0 {
		zones = pulumi.ToStringArray(g.Zones)
	}
	opts = append(opts, pulumi.IgnoreChanges(agicManaged))
	return network.NewApplicationGateway(ctx, name, &network.ApplicationGatewayArgs{
		ApplicationGatewayName: pulumi.String(name),
		ResourceGroupName:      args.ResourceGroupName,
		Location:               args.Location,
		Sku:                    &network.ApplicationGatewaySkuArgs{Name: pulumi.String("WAF_v2"), Tier: pulumi.String("WAF_v2")},
		AutoscaleConfiguration: &network.ApplicationGatewayAutoscaleConfigurationArgs{
			MinCapacity: pulumi.Int(g.MinCapacity),
			MaxCapacity: pulumi.Int(g.MaxCapacity),
		},
		Zones:          zones,
		EnableHttp2:    pulumi.Bool(true),
		FirewallPolicy: &network.SubResourceArgs{Id: waf.ID().ToStringOutput()},
		SslPolicy: &network.ApplicationGatewaySslPolicyArgs{
			PolicyType: pulumi.String("Predefined"),
			PolicyName: pulumi.String(gwSSLPolicy),
		},
		GatewayIPConfigurations: network.ApplicationGatewayIPConfigurationArray{&network.ApplicationGatewayIPConfigurationArgs{
			Name:   pulumi.String(gwIPConfig),
			Subnet: &network.SubResourceArgs{Id: args.PublicSubnetID},
		}},
		FrontendIPConfigurations: network.ApplicationGatewayFrontendIPConfigurationArray{&network.ApplicationGatewayFrontendIPConfigurationArgs{
			Name:            pulumi.String(gwFrontendIP),
			PublicIPAddress: &network.SubResourceArgs{Id: pip.ID().ToStringOutput()},
		}},
		FrontendPorts: network.ApplicationGatewayFrontendPortArray{&network.ApplicationGatewayFrontendPortArgs{
			Name: pulumi.String(gwFrontendPort),
			Port: pulumi.Int(80),
		}},
		BackendAddressPools: network.ApplicationGatewayBackendAddressPoolArray{&network.ApplicationGatewayBackendAddressPoolArgs{
			Name: pulumi.String(gwBackendPool),
		}},
		BackendHttpSettingsCollection: network.ApplicationGatewayBackendHttpSettingsArray{&network.ApplicationGatewayBackendHttpSettingsArgs{
			Name:                pulumi.String(gwBackendHTTP),
			Port:                pulumi.Int(80),
			Protocol:            pulumi.String("Http"),
			CookieBasedAffinity: pulumi.String("Disabled"),
			RequestTimeout:      pulumi.Int(gwRequestTimeout),
		}},
		HttpListeners: network.ApplicationGatewayHttpListenerArray{&network.ApplicationGatewayHttpListenerArgs{
			Name:                    pulumi.String(gwListener),
			Protocol:                pulumi.String("Http"),
			FrontendIPConfiguration: subResource(gwID, "frontendIPConfigurations", gwFrontendIP),
			FrontendPort:            subResource(gwID, "frontendPorts", gwFrontendPort),
		}},
		RequestRoutingRules: network.ApplicationGatewayRequestRoutingRuleArray{&network.ApplicationGatewayRequestRoutingRuleArgs{
			Name:                pulumi.String(gwRoutingRule),
			RuleType:            pulumi.String("Basic"),
			Priority:            pulumi.Int(gwRulePriority),
			HttpListener:        subResource(gwID, "httpListeners", gwListener),
			BackendAddressPool:  subResource(gwID, "backendAddressPools", gwBackendPool),
			BackendHttpSettings: subResource(gwID, "backendHttpSettingsCollection", gwBackendHTTP),
		}},
		Tags: args.Tags,
	}, opts...)
}
