package network

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vnetArgs is what the hub and the spoke have in common: where a VNet lives and its tags.
type vnetArgs struct {
	resourceGroupName pulumi.StringInput
	location          pulumi.StringInput
	tags              pulumi.StringMapInput
	// workspaceID receives the logs of the NSGs and the firewall; nil sends none (dev without
	// a workspace).
	workspaceID pulumi.StringInput
}

// subnetSpec is one subnet to create in a VNet, with what it is associated with.
type subnetSpec struct {
	subnet Subnet
	// nsgID and routeTableID are nil when the subnet has none.
	nsgID        pulumi.StringInput
	routeTableID pulumi.StringInput
	// endpointPolicies sets privateEndpointNetworkPolicies ("Enabled" lets NSGs and route
	// tables apply to private endpoints); "" leaves Azure's default.
	endpointPolicies string
	// dependsOn must exist before the subnet does (the default route, so that a cluster placed
	// in the subnet never starts without its egress path).
	dependsOn []pulumi.Resource
}

// newVNet registers the VNet of the hub or a spoke. Its subnets are separate resources, so the
// VNet ignores changes to its subnets property; otherwise every update would remove them.
func newVNet(ctx *pulumi.Context, name string, space string, a vnetArgs, parent pulumi.Resource) (*network.VirtualNetwork, error) {
	return network.NewVirtualNetwork(ctx, name+"-vnet", &network.VirtualNetworkArgs{
		ResourceGroupName: a.resourceGroupName,
		Location:          a.location,
		AddressSpace: &network.AddressSpaceArgs{
			AddressPrefixes: pulumi.StringArray{pulumi.String(space)},
		},
		Tags: a.tags,
	}, pulumi.Parent(parent), pulumi.IgnoreChanges([]string{"subnets"}))
}

// newSubnets registers specs in vnet one after another: Azure rejects concurrent operations
// on the subnets of one VNet, so each subnet depends on the one before it. The subnets are
// returned in the order of specs.
func newSubnets(ctx *pulumi.Context, name string, vnet *network.VirtualNetwork, rg pulumi.StringInput,
	specs []subnetSpec, parent pulumi.Resource) ([]*network.Subnet, error) {
	subnets := make([]*network.Subnet, 0, len(specs))
	for _, s := range specs {
		args := &network.SubnetArgs{
			ResourceGroupName:  rg,
			VirtualNetworkName: vnet.Name,
			SubnetName:         pulumi.String(s.subnet.Name),
			AddressPrefix:      pulumi.String(s.subnet.Prefix.String()),
		}
		if s.nsgID != nil {
			args.NetworkSecurityGroup = &network.NetworkSecurityGroupTypeArgs{Id: s.nsgID}
		}
		if s.routeTableID != nil {
			args.RouteTable = &network.RouteTableTypeArgs{Id: s.routeTableID}
		}
		if s.endpointPolicies != "" {
			args.PrivateEndpointNetworkPolicies = pulumi.String(s.endpointPolicies)
		}
		deps := s.dependsOn
		if n := len(subnets); n > 0 {
			deps = append([]pulumi.Resource{subnets[n-1]}, deps...)
		}
		opts := []pulumi.ResourceOption{pulumi.Parent(parent)}
		if len(deps) > 0 {
			opts = append(opts, pulumi.DependsOn(deps))
		}
		sub, err := network.NewSubnet(ctx, name+"-"+s.subnet.Name, args, opts...)
		if err != nil {
			return nil, err
		}
		subnets = append(subnets, sub)
	}
	return subnets, nil
}

// idOf returns the ID of a custom resource as a StringOutput.
func idOf(r pulumi.CustomResource) pulumi.StringOutput { return r.ID().ToStringOutput() }
