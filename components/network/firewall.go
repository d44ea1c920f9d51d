package network

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AKSFQDNTag is the Azure Firewall FQDN tag covering every FQDN an AKS cluster must reach.
const AKSFQDNTag = "AzureKubernetesService"

// firewallArgs is what the hub's firewall is built from.
type firewallArgs struct {
	vnetArgs
	sku      string
	zones    []string
	subnetID pulumi.StringInput
}

// firewall is what the hub keeps of its firewall.
type firewall struct {
	privateIP pulumi.StringOutput
	publicIP  pulumi.StringOutput
}

// newFirewall registers the firewall's public IP (the platform's egress address), a policy
// with the rules AKS egress needs, and the firewall itself in AzureFirewallSubnet.
func newFirewall(ctx *pulumi.Context, name string, a firewallArgs, parent pulumi.Resource) (*firewall, error) {
	var zones pulumi.StringArrayInput
	if len(a.zones) > 0 {
		zones = pulumi.ToStringArray(a.zones)
	}
	pip, err := network.NewPublicIPAddress(ctx, name+"-fw-pip", &network.PublicIPAddressArgs{
		ResourceGroupName:        a.resourceGroupName,
		Location:                 a.location,
		Sku:                      &network.PublicIPAddressSkuArgs{Name: network.PublicIPAddressSkuNameStandard},
		PublicIPAllocationMethod: network.IPAllocationMethodStatic,
		PublicIPAddressVersion:   pulumi.String("IPv4"),
		Zones:                    zones,
		Tags:                     a.tags,
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, err
	}
	policy, err := network.NewFirewallPolicy(ctx, name+"-fw-policy", &network.FirewallPolicyArgs{
		ResourceGroupName: a.resourceGroupName,
		Location:          a.location,
		Sku:               &network.FirewallPolicySkuArgs{Tier: pulumi.String(a.sku)},
		ThreatIntelMode:   pulumi.String("Alert"),
		Tags:              a.tags,
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, err
	}
	rules, err := network.NewFirewallPolicyRuleCollectionGroup(ctx, name+"-fw-aks-egress", &network.FirewallPolicyRuleCollectionGroupArgs{
		ResourceGroupName:       a.resourceGroupName,
		FirewallPolicyName:      policy.Name,
		RuleCollectionGroupName: pulumi.String("aks-egress"),
		Priority:                pulumi.Int(200),
		RuleCollections:         aksEgressRules(a.location),
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
		FirewallPolicy: &network.SubResourceArgs{Id: idOf(policy)},
		IpConfigurations: network.AzureFirewallIPConfigurationArray{
			&network.AzureFirewallIPConfigurationArgs{
				Name:            pulumi.String("ipconfig"),
				Subnet:          &network.SubResourceArgs{Id: a.subnetID},
				PublicIPAddress: &network.SubResourceArgs{Id: idOf(pip)},
			},
		},
		Zones: zones,
		Tags:  a.tags,
	}, pulumi.Parent(parent), pulumi.DependsOn([]pulumi.Resource{rules}))
	if err != nil {
		return nil, err
	}
	return &firewall{
		privateIP: fw.IpConfigurations.Index(pulumi.Int(0)).PrivateIPAddress(),
		publicIP:  pip.IpAddress.Elem(),
	}, nil
}

// aksEgressRules are the rule collections AKS nodes need to reach out through the firewall:
// the API server tunnel (UDP 1194, TCP 9000) to the region's AzureCloud service tag, NTP,
// and the AKS FQDN tag over HTTPS.
func aksEgressRules(location pulumi.StringInput) pulumi.Array {
	azureCloud := pulumi.StringArray{pulumi.Sprintf("AzureCloud.%s", location)}
	return pulumi.Array{
		allowCollection("aks-network", 100,
			networkRule("apiudp", "UDP", "1194", azureCloud),
			networkRule("apitcp", "TCP", "9000", azureCloud),
			networkRule("ntp", "UDP", "123", pulumi.StringArray{pulumi.String(anyAddress)}),
		),
		allowCollection("aks-fqdn", 200, network.ApplicationRuleArgs{
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
