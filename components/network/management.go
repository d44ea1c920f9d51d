package network

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// managementRules keep the management subnet closed to the Internet: runners and jump hosts are
// reached through Azure Bastion or from peered networks (the default AllowVnetInBound), never
// from a public address.
func managementRules() []nsgRule {
	return []nsgRule{{
		name: "DenyInternetInbound", priority: 4000, deny: true, protocol: network.SecurityRuleProtocolAsterisk,
		source: tagInternet, destination: anyAddress, ports: []string{"*"},
	}}
}

// newManagementSubnet registers the hub's management subnet with its NSG and route table, after
// the subnet registered before it (Azure serialises subnet operations on a VNet). With a
// firewall, firewallIP is its private IP and the subnet's default route goes through it, so
// runners leave the VNet only where the firewall allows; the route exists before the subnet, so
// a runner never starts with a direct path out. Traffic to the peered spoke keeps the more
// specific peering route, on both sides, so it never crosses the firewall asymmetrically.
func newManagementSubnet(ctx *pulumi.Context, name string, vnet *network.VirtualNetwork, a vnetArgs, plan Subnet,
	firewallIP pulumi.StringInput, after pulumi.Resource, parent pulumi.Resource) (*network.Subnet, error) {
	prefix := name + "-" + plan.Name
	nsg, err := newNSG(ctx, prefix+"-nsg", a, managementRules(), parent)
	if err != nil {
		return nil, err
	}
	rt, route, err := newRouteTable(ctx, prefix, a, firewallIP, parent)
	if err != nil {
		return nil, err
	}
	spec := subnetSpec{subnet: plan, nsgID: idOf(nsg), routeTableID: idOf(rt), dependsOn: []pulumi.Resource{after}}
	if route != nil {
		spec.dependsOn = append(spec.dependsOn, route)
	}
	subnets, err := newSubnets(ctx, name, vnet, a.resourceGroupName, []subnetSpec{spec}, parent)
	if err != nil {
		return nil, err
	}
	return subnets[0], nil
}
