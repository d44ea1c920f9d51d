package network

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DefaultRouteName is the name of the route that sends a spoke's egress to the hub firewall.
const DefaultRouteName = "default-via-firewall"

// newRouteTable registers a subnet's route table (the spoke's node subnet, the hub's management
// subnet) and, when firewallIP is set, a 0.0.0.0/0 route through the firewall. AKS with kubenet writes a route per node into this
// table, so the table ignores changes to its routes and the default route is a resource of
// its own: an update never wipes the routes AKS added. The route is nil without a firewall.
func newRouteTable(ctx *pulumi.Context, name string, a vnetArgs, firewallIP pulumi.StringInput,
	parent pulumi.Resource) (*network.RouteTable, *network.Route, error) {
	rt, err := network.NewRouteTable(ctx, name+"-rt", &network.RouteTableArgs{
		ResourceGroupName: a.resourceGroupName,
		Location:          a.location,
		Tags:              a.tags,
	}, pulumi.Parent(parent), pulumi.IgnoreChanges([]string{"routes"}))
	if err != nil || firewallIP == nil {
		return rt, nil, err
	}
	route, err := network.NewRoute(ctx, name+"-default-route", &network.RouteArgs{
		ResourceGroupName: a.resourceGroupName,
		RouteTableName:    rt.Name,
		RouteName:         pulumi.String(DefaultRouteName),
		AddressPrefix:     pulumi.String("0.0.0.0/0"),
		NextHopType:       network.RouteNextHopTypeVirtualAppliance,
		NextHopIpAddress:  firewallIP,
	}, pulumi.Parent(parent))
	return rt, route, err
}
