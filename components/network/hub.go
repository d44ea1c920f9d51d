package network

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// HubArgs describes a region's hub VNet: its planned address space and special subnets, and
// whether it runs the Azure Firewall that the spokes' egress goes through.
type HubArgs struct {
	// Plan is the hub's share of the address plan (from NewAddressPlan).
	Plan HubPlan
	// Firewall deploys Azure Firewall in AzureFirewallSubnet.
	Firewall bool
	// FirewallSKU is the firewall tier: Standard (the default) or Premium.
	FirewallSKU string
	// Zones spreads the firewall and its public IP over availability zones ("1", "2", "3").
	Zones []string

	// ResourceGroupName and Location place the hub; Tags go on every taggable resource.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	Tags              pulumi.StringMapInput
}

// Hub is a region's hub VNet with the firewall, gateway and bastion subnets, and optionally
// the Azure Firewall through which the spokes reach the Internet.
type Hub struct {
	pulumi.ResourceState

	// VNetID and VNetName identify the hub VNet, for peerings and private DNS zone links.
	VNetID   pulumi.StringOutput
	VNetName pulumi.StringOutput
	// SubnetIDs maps each special subnet's Azure name (AzureFirewallSubnet, GatewaySubnet,
	// AzureBastionSubnet) to its ID.
	SubnetIDs pulumi.StringMapOutput
	// FirewallPrivateIP is the next hop for the spokes' default route; "" without a firewall.
	FirewallPrivateIP pulumi.StringOutput
	// FirewallPublicIP is the platform's egress address; "" without a firewall.
	FirewallPublicIP pulumi.StringOutput
	// HasFirewall tells, without waiting on outputs, whether the hub runs a firewall.
	HasFirewall bool
}

// NewHub registers the hub VNet, its special subnets one after another and, when asked for,
// the firewall with its public IP and AKS egress policy.
func NewHub(ctx *pulumi.Context, name string, args *HubArgs, opts ...pulumi.ResourceOption) (*Hub, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	h := &Hub{HasFirewall: args.Firewall}
	if err := ctx.RegisterComponentResource("aksplatform:network:Hub", name, h, opts...); err != nil {
		return nil, err
	}
	va := vnetArgs{resourceGroupName: args.ResourceGroupName, location: args.Location, tags: args.Tags}
	vnet, err := newVNet(ctx, name, args.Plan.AddressSpace.String(), va, h)
	if err != nil {
		return nil, err
	}
	planned := args.Plan.Subnets()
	specs := make([]subnetSpec, len(planned))
	for i, s := range planned {
		specs[i] = subnetSpec{subnet: s}
	}
	subnets, err := newSubnets(ctx, name, vnet, args.ResourceGroupName, specs, h)
	if err != nil {
		return nil, err
	}
	ids := pulumi.StringMap{}
	for i, s := range planned {
		ids[s.Name] = idOf(subnets[i])
	}
	h.VNetID = idOf(vnet)
	h.VNetName = vnet.Name
	h.SubnetIDs = ids.ToStringMapOutput()
	h.FirewallPrivateIP = pulumi.String("").ToStringOutput()
	h.FirewallPublicIP = pulumi.String("").ToStringOutput()
	if args.Firewall {
		fw, err := newFirewall(ctx, name, firewallArgs{
			vnetArgs: va,
			sku:      args.firewallSKU(),
			zones:    args.Zones,
			subnetID: ids[FirewallSubnetName],
		}, h)
		if err != nil {
			return nil, err
		}
		h.FirewallPrivateIP = fw.privateIP
		h.FirewallPublicIP = fw.publicIP
	}
	return h, ctx.RegisterResourceOutputs(h, pulumi.Map{
		"vnetId":            h.VNetID,
		"vnetName":          h.VNetName,
		"subnetIds":         h.SubnetIDs,
		"firewallPrivateIp": h.FirewallPrivateIP,
		"firewallPublicIp":  h.FirewallPublicIP,
		"hasFirewall":       pulumi.Bool(h.HasFirewall),
	})
}
