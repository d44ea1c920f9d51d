package network

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/monitoring/logs"
)

// AKSFQDNTag is the Azure Firewall FQDN tag covering every FQDN an AKS cluster must reach,
// MCR included: https://learn.microsoft.com/azure/aks/outbound-rules-control-egress
const AKSFQDNTag = "AzureKubernetesService"

// Priorities of the rule collections in the hub's "aks-egress" rule collection group (lower
// is evaluated first; all of them allow, so the order only matters for logs and hit counts):
// what AKS itself needs, then what the platform's components declared, then what the
// management subnet's runners need.
const (
	PriorityAKSNetwork       = 100
	PriorityAKSFQDN          = 200
	PriorityPlatformEgress   = 300
	PriorityManagementEgress = 400
)

// firewallArgs is what the hub's firewall is built from.
type firewallArgs struct {
	vnetArgs
	sku         string
	threatIntel string
	idps        string
	dnsProxy    bool
	publicIPs   int
	zones       []string
	subnetID    pulumi.StringInput
	// egress are the components' rules, allowed from egressSources.
	egress        []egress.Rule
	egressSources []netip.Prefix
	// management are the runners' rules, allowed from managementPrefix.
	management       []egress.Rule
	managementPrefix netip.Prefix
}

// firewall is what the hub keeps of its firewall.
type firewall struct {
	id        pulumi.StringOutput
	privateIP pulumi.StringOutput
	publicIPs pulumi.StringArrayOutput
}

// newFirewall registers the firewall's public IPs (the platform's egress addresses), a policy
// with the egress rules, and the firewall itself in AzureFirewallSubnet.
func newFirewall(ctx *pulumi.Context, name string, a firewallArgs, parent pulumi.Resource) (*firewall, error) {
	var zones pulumi.StringArrayInput
	if len(a.zones) > 0 {
		zones = pulumi.ToStringArray(a.zones)
	}
	configs, addresses, err := newFirewallIPs(ctx, name, a, zones, parent)
	if err != nil {
		return nil, err
	}
	policyArgs := &network.FirewallPolicyArgs{
		ResourceGroupName: a.resourceGroupName,
		Location:          a.location,
		Sku:               &network.FirewallPolicySkuArgs{Tier: pulumi.String(a.sku)},
		Tags:              a.tags,
	}
	policySecurity(policyArgs, a)
	policy, err := network.NewFirewallPolicy(ctx, name+"-fw-policy", policyArgs, pulumi.Parent(parent))
	if err != nil {
		return nil, err
	}
	collections := aksEgressRules(a.location)
	if len(a.egress) > 0 {
		collections = append(collections, allowCollection("platform-egress", PriorityPlatformEgress,
			applicationRules(a.egress, prefixStrings(a.egressSources))...))
	}
	if len(a.management) > 0 {
		collections = append(collections, allowCollection("management-egress", PriorityManagementEgress,
			applicationRules(a.management, []string{a.managementPrefix.String()})...))
	}
	rules, err := network.NewFirewallPolicyRuleCollectionGroup(ctx, name+"-fw-aks-egress", &network.FirewallPolicyRuleCollectionGroupArgs{
		ResourceGroupName:       a.resourceGroupName,
		FirewallPolicyName:      policy.Name,
		RuleCollectionGroupName: pulumi.String("aks-egress"),
		Priority:                pulumi.Int(200),
		RuleCollections:         collections,
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, err
	}
	// Azure refuses to attach a policy whose rule collection group is still being written.
	fw, err := network.NewAzureFirewall(ctx, name+"-fw", &network.AzureFirewallArgs{
		ResourceGroupName: a.resourceGroupName,
		Location:          a.location,
		Sku: &network.AzureFirewallSkuArgs{
			Name: network.AzureFirewallSkuName_AZFW_VNet,
			Tier: pulumi.String(a.sku),
		},
		FirewallPolicy:   &network.SubResourceArgs{Id: idOf(policy)},
		IpConfigurations: configs,
		Zones:            zones,
		Tags:             a.tags,
	}, pulumi.Parent(parent), pulumi.DependsOn([]pulumi.Resource{rules}))
	if err != nil {
		return nil, err
	}
	if err := diagnose(ctx, name+"-fw", logs.AzureFirewall, idOf(fw), a.workspaceID, parent); err != nil {
		return nil, err
	}
	return &firewall{
		id:        idOf(fw),
		privateIP: fw.IpConfigurations.Index(pulumi.Int(0)).PrivateIPAddress(),
		publicIPs: addresses.ToStringArrayOutput(),
	}, nil
}

// newFirewallIPs registers the firewall's public IPs and returns its IP configurations and the
// addresses. Only the first configuration names AzureFirewallSubnet (and gives the firewall its
// private IP); the others carry a public IP only. The first IP keeps the name a single-IP hub
// always had, so raising the count adds addresses without replacing the firewall's first one.
// https://learn.microsoft.com/azure/firewall/deploy-multi-public-ip-powershell
func newFirewallIPs(ctx *pulumi.Context, name string, a firewallArgs, zones pulumi.StringArrayInput,
	parent pulumi.Resource) (network.AzureFirewallIPConfigurationArray, pulumi.StringArray, error) {
	var configs network.AzureFirewallIPConfigurationArray
	var addresses pulumi.StringArray
	for i := range a.publicIPs {
		pipName, configName := name+"-fw-pip", "ipconfig"
		if i > 0 {
			pipName, configName = fmt.Sprintf("%s-fw-pip-%d", name, i+1), fmt.Sprintf("ipconfig-%d", i+1)
		}
		pip, err := network.NewPublicIPAddress(ctx, pipName, &network.PublicIPAddressArgs{
			ResourceGroupName:        a.resourceGroupName,
			Location:                 a.location,
			Sku:                      &network.PublicIPAddressSkuArgs{Name: network.PublicIPAddressSkuNameStandard},
			PublicIPAllocationMethod: network.IPAllocationMethodStatic,
			PublicIPAddressVersion:   pulumi.String("IPv4"),
			Zones:                    zones,
			Tags:                     a.tags,
		}, pulumi.Parent(parent))
		if err != nil {
			return nil, nil, err
		}
		config := &network.AzureFirewallIPConfigurationArgs{
			Name:            pulumi.String(configName),
			PublicIPAddress: &network.SubResourceArgs{Id: idOf(pip)},
		}
		if i == 0 {
			config.Subnet = &network.SubResourceArgs{Id: a.subnetID}
		}
		configs = append(configs, config)
		addresses = append(addresses, pip.IpAddress.Elem())
	}
	return configs, addresses, nil
}

// aksEgressRules are the rule collections AKS nodes need to reach out through the firewall:
// the API server tunnel (UDP 1194, TCP 9000) to the region's AzureCloud service tag, NTP,
// and the AKS FQDN tag over HTTPS.
// https://learn.microsoft.com/azure/aks/outbound-rules-control-egress#azure-global-required-network-rules
func aksEgressRules(location pulumi.StringInput) pulumi.Array {
	azureCloud := pulumi.StringArray{pulumi.Sprintf("AzureCloud.%s", location)}
	return pulumi.Array{
		allowCollection("aks-network", PriorityAKSNetwork,
			networkRule("apiudp", "UDP", "1194", azureCloud),
			networkRule("apitcp", "TCP", "9000", azureCloud),
			networkRule("ntp", "UDP", "123", pulumi.StringArray{pulumi.String(anyAddress)}),
		),
		allowCollection("aks-fqdn", PriorityAKSFQDN, network.ApplicationRuleArgs{
			RuleType:        pulumi.String("ApplicationRule"),
			Name:            pulumi.String("aks-fqdn-tag"),
			SourceAddresses: pulumi.StringArray{pulumi.String(anyAddress)},
			FqdnTags:        pulumi.StringArray{pulumi.String(AKSFQDNTag)},
			Protocols: network.FirewallPolicyRuleApplicationProtocolArray{
				network.FirewallPolicyRuleApplicationProtocolArgs{
					ProtocolType: pulumi.String("Https"),
					Port:         pulumi.Int(443),
				},
			},
		}),
	}
}

// applicationRules turns declared egress rules into firewall application rules allowed from
// sources, one per rule, in the deterministic order of sortedRules.
// https://learn.microsoft.com/azure/firewall/rule-processing
func applicationRules(rules []egress.Rule, sources []string) []pulumi.Input {
	out := make([]pulumi.Input, 0, len(rules))
	for _, r := range sortedRules(rules) {
		out = append(out, network.ApplicationRuleArgs{
			RuleType:        pulumi.String("ApplicationRule"),
			Name:            pulumi.String(r.Name),
			Description:     pulumi.String(r.Reason),
			SourceAddresses: pulumi.ToStringArray(sources),
			TargetFqdns:     pulumi.ToStringArray(r.FQDNs),
			Protocols: network.FirewallPolicyRuleApplicationProtocolArray{
				network.FirewallPolicyRuleApplicationProtocolArgs{
					ProtocolType: pulumi.String(string(r.Protocol)),
					Port:         pulumi.Int(r.Port),
				},
			},
		})
	}
	return out
}

// prefixStrings formats prefixes for rule sources.
func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// allowCollection is a firewall policy rule collection that allows what its rules match.
func allowCollection(name string, priority int, rules ...pulumi.Input) network.FirewallPolicyFilterRuleCollectionArgs {
	return network.FirewallPolicyFilterRuleCollectionArgs{
		RuleCollectionType: pulumi.String("FirewallPolicyFilterRuleCollection"),
		Name:               pulumi.String(name),
		Priority:           pulumi.Int(priority),
		Action:             &network.FirewallPolicyFilterRuleCollectionActionArgs{Type: pulumi.String("Allow")},
		Rules:              pulumi.Array(rules),
	}
}

// networkRule matches one protocol and port from anywhere to dst.
func networkRule(name, proto, port string, dst pulumi.StringArrayInput) network.NetworkRuleArgs {
	return network.NetworkRuleArgs{
		RuleType:             pulumi.String("NetworkRule"),
		Name:                 pulumi.String(name),
		IpProtocols:          pulumi.StringArray{pulumi.String(proto)},
		SourceAddresses:      pulumi.StringArray{pulumi.String(anyAddress)},
		DestinationAddresses: dst,
		DestinationPorts:     pulumi.StringArray{pulumi.String(port)},
	}
}
