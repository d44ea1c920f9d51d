package network

import (
	"net/netip"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// SpokeType is the type token of the Spoke component.
const SpokeType = "aksplatform:network:Spoke"

// SpokeArgs describes a region's spoke VNet: its planned subnets, the ingress in front of the
// cluster, and the hub firewall its egress goes through. NewSpoke defaults a copy
// (SetDefaults), so the caller's value is never modified.
type SpokeArgs struct {
	// Plan is the spoke's share of the address plan (from NewAddressPlan).
	Plan SpokePlan
	// Production requires LogAnalyticsWorkspaceID.
	Production bool
	// AppGateway is true when the ingress is Application Gateway (AGIC), which needs its
	// infrastructure ports open from GatewayManager and AzureLoadBalancer on the public subnet.
	AppGateway bool
	// PublicLoadBalancer is true when the ingress is an in-cluster controller (NGINX) behind a
	// public Azure load balancer: clients then reach the nodes directly, so the private subnet
	// lets them (IngressSource) in on the ingress ports (and nothing else).
	PublicLoadBalancer bool
	// IngressSource is who may reach the ingress ports: IngressFromInternet (the default) or,
	// behind Azure Front Door, IngressFromFrontDoor. It applies to the public subnet and, with
	// PublicLoadBalancer, to the node subnet's client rule.
	IngressSource string
	// IngressPorts are the ports the ingress listens on; default 80 and 443.
	IngressPorts []int
	// ManagementPrefix is the hub's management subnet (HubPlan.Management.Prefix): the node
	// subnet, where a private cluster's API server endpoint sits, admits it on 443 so that CI
	// runners there reach the API server. The zero prefix adds no rule.
	ManagementPrefix netip.Prefix
	// FirewallPrivateIP is the hub firewall's private IP; nil when the hub has no firewall.
	// When set, the private subnet's default route goes through it.
	FirewallPrivateIP pulumi.StringInput

	// LogAnalyticsWorkspaceID is the region's workspace, which receives the NSGs' logs;
	// required in production.
	LogAnalyticsWorkspaceID pulumi.StringInput

	// ResourceGroupName and Location place the spoke; Tags go on every taggable resource.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	Tags              pulumi.StringMapInput
}

// Spoke is a region's spoke VNet: a public subnet for the ingress, a private subnet for the
// AKS nodes with its route table, and a subnet for private endpoints, each behind its own NSG.
type Spoke struct {
	pulumi.ResourceState

	// VNetID and VNetName identify the spoke VNet, for peerings and private DNS zone links.
	VNetID   pulumi.StringOutput
	VNetName pulumi.StringOutput
	// PublicSubnetID holds the ingress (Application Gateway or the ingress load balancer).
	PublicSubnetID pulumi.StringOutput
	// PrivateSubnetID holds the AKS nodes (and pods with Azure CNI).
	PrivateSubnetID pulumi.StringOutput
	// EndpointsSubnetID holds the private endpoints of Key Vault, ACR and the like.
	EndpointsSubnetID pulumi.StringOutput
	// RouteTableID is the private subnet's route table, which AKS with kubenet writes into.
	RouteTableID pulumi.StringOutput
}

// NewSpoke registers the spoke VNet, one NSG per subnet, the private subnet's route table and
// the three subnets, one after another.
func NewSpoke(ctx *pulumi.Context, name string, args *SpokeArgs, opts ...pulumi.ResourceOption) (*Spoke, error) {
	if args == nil {
		return nil, validation.Required(SpokeType)
	}
	a := *args
	a.SetDefaults()
	if err := a.Validate(); err != nil {
		return nil, err
	}
	args = &a
	s := &Spoke{}
	if err := ctx.RegisterComponentResource(SpokeType, name, s, opts...); err != nil {
		return nil, err
	}
	va := vnetArgs{resourceGroupName: args.ResourceGroupName, location: args.Location, tags: args.Tags,
		workspaceID: args.LogAnalyticsWorkspaceID}
	p, ports, source := args.Plan, args.IngressPorts, args.IngressSource
	vnet, err := newVNet(ctx, name, p.AddressSpace.String(), va, s)
	if err != nil {
		return nil, err
	}
	rt, route, err := newRouteTable(ctx, name, va, args.FirewallPrivateIP, s)
	if err != nil {
		return nil, err
	}
	specs := []subnetSpec{
		{subnet: p.Public},
		{subnet: p.Private, routeTableID: idOf(rt)},
		{subnet: p.Endpoints, endpointPolicies: string(network.VirtualNetworkPrivateEndpointNetworkPoliciesEnabled)},
	}
	if route != nil {
		specs[1].dependsOn = []pulumi.Resource{route}
	}
	rules := [][]nsgRule{
		publicRules(p, ports, source, args.AppGateway),
		privateRules(p, ports, source, args.PublicLoadBalancer, args.ManagementPrefix),
		endpointRules(p),
	}
	for i := range specs {
		nsg, err := newNSG(ctx, name+"-"+specs[i].subnet.Name+"-nsg", va, rules[i], s)
		if err != nil {
			return nil, err
		}
		specs[i].nsgID = idOf(nsg)
	}
	subnets, err := newSubnets(ctx, name, vnet, args.ResourceGroupName, specs, s)
	if err != nil {
		return nil, err
	}
	s.VNetID = idOf(vnet)
	s.VNetName = vnet.Name
	s.PublicSubnetID = idOf(subnets[0])
	s.PrivateSubnetID = idOf(subnets[1])
	s.EndpointsSubnetID = idOf(subnets[2])
	s.RouteTableID = idOf(rt)
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"vnetId":            s.VNetID,
		"vnetName":          s.VNetName,
		"publicSubnetId":    s.PublicSubnetID,
		"privateSubnetId":   s.PrivateSubnetID,
		"endpointsSubnetId": s.EndpointsSubnetID,
		"routeTableId":      s.RouteTableID,
	})
}
