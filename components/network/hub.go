package network

import (
	"net/netip"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/validation"
)

// HubType is the type token of the Hub component.
const HubType = "aksplatform:network:Hub"

// HubArgs describes a region's hub VNet: its planned address space and subnets, and whether it
// runs the Azure Firewall that the spokes' and the management subnet's egress goes through.
// NewHub defaults a copy (SetDefaults), so the caller's value is never modified.
type HubArgs struct {
	// Plan is the hub's share of the address plan (from NewAddressPlan).
	Plan HubPlan
	// Production selects the production defaults (zones, firewall public IPs).
	Production bool
	// Firewall deploys Azure Firewall in AzureFirewallSubnet (config key hub.firewall).
	Firewall bool
	// FirewallSKU is the firewall tier: Standard or Premium (hub.firewallSku).
	FirewallSKU string
	// ThreatIntelMode is what the firewall does with traffic to and from addresses and domains
	// of Microsoft's threat intelligence feed (hub.threatIntelMode): Off, Alert or Deny.
	ThreatIntelMode string
	// IDPS is the Premium firewall's intrusion detection and prevention (hub.idps): Off, Alert
	// or Deny (alert and drop).
	IDPS string
	// DNSProxy makes the firewall answer DNS on its private IP (hub.dnsProxy), which FQDNs in
	// network rules require; see policySecurity.
	DNSProxy *bool
	// FirewallPublicIPs is how many public IPs the firewall gets (hub.firewallPublicIps, 1-250).
	// Every outbound connection takes a SNAT port of one of them (2,496 per IP and firewall
	// instance), so one IP runs out under production load; see SetDefaults.
	FirewallPublicIPs int
	// Zones spreads the firewall and its public IPs over availability zones ("1", "2", "3"):
	// nil means the default, an empty list means no zones.
	Zones []string
	// Egress is what the platform's components reach outside the VNet. Egress.Rules become
	// firewall application rules from EgressSources; Egress.Images never do: images come
	// through the registry's artifact cache, and MCR is in the AKS FQDN tag.
	Egress egress.Needs
	// EgressSources are the address ranges allowed out by Egress.Rules: the node subnets of the
	// spokes that route through this hub (required when there are rules; never "any").
	EgressSources []netip.Prefix
	// ManagementEgress are the destinations the management subnet's runners reach through the
	// firewall (Azure Resource Manager, Entra ID, Pulumi Cloud, GitHub); nil means
	// DefaultManagementEgress, an empty list means none.
	ManagementEgress []egress.Rule

	// LogAnalyticsWorkspaceID is the region's workspace, which receives the firewall's
	// structured logs and the management NSG's logs; required in production.
	LogAnalyticsWorkspaceID pulumi.StringInput

	// ResourceGroupName and Location place the hub; Tags go on every taggable resource.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	Tags              pulumi.StringMapInput
}

// Hub is a region's hub VNet with the firewall, gateway and bastion subnets, the management
// subnet, and optionally the Azure Firewall through which the spokes reach the Internet.
//
// Where `pulumi up` runs for a private cluster: on a self-hosted CI runner (or from a jump host)
// in the hub's management subnet of the cluster's region. VNet peering is not transitive, so a
// network peered to the hub cannot reach the spoke; the management subnet is in the hub itself,
// which is peered to the region's spoke (where the API server's private endpoint sits in the
// node subnet) and linked to the cluster's private DNS zone (privatelink.<region>.azmk8s.io), so
// a runner there resolves and reaches the API server with the VNet's Azure-provided DNS. Its
// egress (Azure Resource Manager, Entra ID, Pulumi Cloud, the CI service) goes through the
// firewall when there is one, allowed by ManagementEgress. A stack with several regions needs
// a runner in each region's management subnet (or links the others itself).
// https://learn.microsoft.com/azure/aks/private-clusters#options-for-connecting-to-the-private-cluster
type Hub struct {
	pulumi.ResourceState

	// VNetID and VNetName identify the hub VNet, for peerings and private DNS zone links.
	VNetID   pulumi.StringOutput
	VNetName pulumi.StringOutput
	// SubnetIDs maps each subnet's Azure name (AzureFirewallSubnet, GatewaySubnet,
	// AzureBastionSubnet, management) to its ID.
	SubnetIDs pulumi.StringMapOutput
	// ManagementSubnetID is where CI runners and jump hosts go; ManagementPrefix its range (for
	// the spoke's rule that lets it reach the API server).
	ManagementSubnetID pulumi.StringOutput
	ManagementPrefix   netip.Prefix
	// FirewallID is the firewall's ARM ID (for alerts on its metrics); "" without a firewall.
	FirewallID pulumi.StringOutput
	// FirewallPrivateIP is the next hop for the spokes' default route; "" without a firewall.
	FirewallPrivateIP pulumi.StringOutput
	// FirewallPublicIPs are all of the platform's egress addresses (the firewall picks one per
	// connection, so anything that allow-lists the platform needs every one); empty without a
	// firewall.
	FirewallPublicIPs pulumi.StringArrayOutput
	// FirewallPublicIP is the first of FirewallPublicIPs; "" without a firewall.
	FirewallPublicIP pulumi.StringOutput
	// HasFirewall tells, without waiting on outputs, whether the hub runs a firewall.
	HasFirewall bool
}

// NewHub registers the hub VNet and its special subnets one after another, the firewall with
// its public IPs and egress policy when asked for, and then the management subnet, whose
// default route goes through the firewall. Every problem of the args is returned before
// anything is registered.
func NewHub(ctx *pulumi.Context, name string, args *HubArgs, opts ...pulumi.ResourceOption) (*Hub, error) {
	if args == nil {
		return nil, validation.Required(HubType)
	}
	a := *args
	a.SetDefaults()
	if err := a.Validate(); err != nil {
		return nil, err
	}
	h := &Hub{HasFirewall: a.Firewall, ManagementPrefix: a.Plan.Management.Prefix}
	if err := ctx.RegisterComponentResource(HubType, name, h, opts...); err != nil {
		return nil, err
	}
	va := vnetArgs{resourceGroupName: a.ResourceGroupName, location: a.Location, tags: a.Tags, workspaceID: a.LogAnalyticsWorkspaceID}
	vnet, err := newVNet(ctx, name, a.Plan.AddressSpace.String(), va, h)
	if err != nil {
		return nil, err
	}
	special := []Subnet{a.Plan.Firewall, a.Plan.Gateway, a.Plan.Bastion}
	specs := make([]subnetSpec, len(special))
	for i, s := range special {
		specs[i] = subnetSpec{subnet: s}
	}
	subnets, err := newSubnets(ctx, name, vnet, a.ResourceGroupName, specs, h)
	if err != nil {
		return nil, err
	}
	ids := pulumi.StringMap{}
	for i, s := range special {
		ids[s.Name] = idOf(subnets[i])
	}
	h.FirewallID = pulumi.String("").ToStringOutput()
	h.FirewallPrivateIP = pulumi.String("").ToStringOutput()
	h.FirewallPublicIP = pulumi.String("").ToStringOutput()
	h.FirewallPublicIPs = pulumi.StringArray{}.ToStringArrayOutput()
	var firewallIP pulumi.StringInput
	if a.Firewall {
		fw, err := newFirewall(ctx, name, firewallArgs{
			vnetArgs:         va,
			sku:              a.FirewallSKU,
			threatIntel:      a.ThreatIntelMode,
			idps:             a.IDPS,
			dnsProxy:         defaults.True(a.DNSProxy),
			publicIPs:        a.FirewallPublicIPs,
			zones:            a.Zones,
			subnetID:         ids[FirewallSubnetName],
			egress:           a.Egress.Rules,
			egressSources:    a.EgressSources,
			management:       a.ManagementEgress,
			managementPrefix: a.Plan.Management.Prefix,
		}, h)
		if err != nil {
			return nil, err
		}
		h.FirewallID = fw.id
		h.FirewallPrivateIP = fw.privateIP
		h.FirewallPublicIPs = fw.publicIPs
		h.FirewallPublicIP = fw.publicIPs.Index(pulumi.Int(0))
		firewallIP = fw.privateIP
	}
	mgmt, err := newManagementSubnet(ctx, name, vnet, va, a.Plan.Management, firewallIP, subnets[len(subnets)-1], h)
	if err != nil {
		return nil, err
	}
	ids[ManagementSubnetName] = idOf(mgmt)
	h.VNetID = idOf(vnet)
	h.VNetName = vnet.Name
	h.SubnetIDs = ids.ToStringMapOutput()
	h.ManagementSubnetID = idOf(mgmt)
	return h, ctx.RegisterResourceOutputs(h, pulumi.Map{
		"vnetId":             h.VNetID,
		"vnetName":           h.VNetName,
		"subnetIds":          h.SubnetIDs,
		"managementSubnetId": h.ManagementSubnetID,
		"managementPrefix":   pulumi.String(h.ManagementPrefix.String()),
		"firewallId":         h.FirewallID,
		"firewallPrivateIp":  h.FirewallPrivateIP,
		"firewallPublicIp":   h.FirewallPublicIP,
		"firewallPublicIps":  h.FirewallPublicIPs,
		"hasFirewall":        pulumi.Bool(h.HasFirewall),
	})
}
