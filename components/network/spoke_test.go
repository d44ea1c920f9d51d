package network

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

const (
	tNSG        = "azure-native:network:NetworkSecurityGroup"
	tRouteTable = "azure-native:network:RouteTable"
	tRoute      = "azure-native:network:Route"
)

func spokeArgs(t *testing.T) *SpokeArgs {
	return &SpokeArgs{
		Plan:                    testRegion(t).Spoke,
		LogAnalyticsWorkspaceID: pulumi.String(testWorkspace),
		ResourceGroupName:       pulumi.String("rg-spoke"),
		Location:                pulumi.String("eastus"),
	}
}

// rule is the part of a security rule the tests compare.
type rule struct {
	name, access, protocol, source, destination string
	ports                                       []string
}

func rulesOf(t *testing.T, nsg *plan.Resource) []rule {
	t.Helper()
	v, _ := nsg.Input("securityRules")
	out := make([]rule, len(v.ArrayValue()))
	for i := range out {
		p := fmt.Sprintf("securityRules[%d]", i)
		require.Equal(t, "Inbound", nsg.String(p+".direction"))
		out[i] = rule{nsg.String(p + ".name"), nsg.String(p + ".access"), nsg.String(p + ".protocol"),
			nsg.String(p + ".sourceAddressPrefix"), nsg.String(p + ".destinationAddressPrefix"),
			strs(nsg, p+".destinationPortRanges")}
	}
	return out
}

func TestSpoke(t *testing.T) {
	region := testRegion(t)
	pub, priv, pe := region.Spoke.Public.Prefix.String(), region.Spoke.Private.Prefix.String(), region.Spoke.Endpoints.Prefix.String()
	for _, tc := range []struct {
		name       string
		appGateway bool
		publicLB   bool
		source     string
		ports      []int
		firewallIP pulumi.StringInput
		management bool // the hub's management subnet is given
		wantPublic []rule
		wantPorts  []string
		wantNodeIn string // who may reach the nodes on the ingress ports
		wantNodeTo string // and at which address ("" means the node subnet)
	}{
		{
			name:       "internal NGINX without firewall",
			wantPorts:  []string{"80", "443"},
			wantNodeIn: pub,
			wantPublic: []rule{
				{"AllowClientsToIngress", "Allow", "Tcp", "Internet", pub, []string{"80", "443"}},
			},
		},
		{
			name:       "NGINX behind a public load balancer",
			publicLB:   true,
			wantPorts:  []string{"80", "443"},
			wantNodeIn: "Internet",
			wantNodeTo: "*", // floating IP: packets carry the load balancer's public IP
			wantPublic: []rule{
				{"AllowClientsToIngress", "Allow", "Tcp", "Internet", pub, []string{"80", "443"}},
			},
		},
		{
			name:       "NGINX behind a public load balancer behind Front Door",
			publicLB:   true,
			source:     IngressFromFrontDoor,
			wantPorts:  []string{"80", "443"},
			wantNodeIn: "AzureFrontDoor.Backend", // clients must come through Front Door
			wantNodeTo: "*",
			wantPublic: []rule{
				{"AllowClientsToIngress", "Allow", "Tcp", "AzureFrontDoor.Backend", pub, []string{"80", "443"}},
			},
		},
		{
			name:       "Application Gateway behind Front Door",
			appGateway: true,
			source:     IngressFromFrontDoor,
			wantPorts:  []string{"80", "443"},
			wantNodeIn: pub, // the nodes still hear only from the gateway
			wantPublic: []rule{
				{"AllowClientsToIngress", "Allow", "Tcp", "AzureFrontDoor.Backend", pub, []string{"80", "443"}},
				{"AllowGatewayManager", "Allow", "Tcp", "GatewayManager", "*", []string{"65200-65535"}},
				{"AllowAzureLoadBalancer", "Allow", "*", "AzureLoadBalancer", "*", []string{"*"}},
			},
		},
		{
			name:       "Application Gateway behind the hub firewall",
			source:     IngressFromInternet,
			wantNodeIn: pub,
			appGateway: true,
			ports:      []int{443},
			firewallIP: pulumi.String("10.0.0.4"),
			management: true,
			wantPorts:  []string{"443"},
			wantPublic: []rule{
				{"AllowClientsToIngress", "Allow", "Tcp", "Internet", pub, []string{"443"}},
				{"AllowGatewayManager", "Allow", "Tcp", "GatewayManager", "*", []string{"65200-65535"}},
				{"AllowAzureLoadBalancer", "Allow", "*", "AzureLoadBalancer", "*", []string{"*"}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := spokeArgs(t)
			args.AppGateway, args.IngressPorts, args.FirewallPrivateIP = tc.appGateway, tc.ports, tc.firewallIP
			args.PublicLoadBalancer, args.IngressSource = tc.publicLB, tc.source
			if tc.management {
				args.ManagementPrefix = region.Hub.Management.Prefix
			}
			before := *args
			var routeTableID, privateSubnetID string
			g := runPlan(t, func(ctx *pulumi.Context) error {
				s, err := NewSpoke(ctx, "spoke", args)
				if err != nil {
					return err
				}
				capture(s.RouteTableID, &routeTableID)
				capture(s.PrivateSubnetID, &privateSubnetID)
				return nil
			})
			requireChildrenOf(t, g, "aksplatform:network:Spoke")
			vnet := only(t, g, tVNet)
			require.Equal(t, []string{"10.1.0.0/16"}, strs(vnet, "addressSpace.addressPrefixes"))

			subnets := g.ByType(tSubnet)
			require.Len(t, subnets, 3)
			for i, want := range args.Plan.Subnets() {
				s := subnets[i]
				require.Equal(t, want.Name, s.String("subnetName"))
				require.Equal(t, want.Prefix.String(), s.String("addressPrefix"))
				nsg := find(t, g, tNSG, "spoke-"+want.Name+"-nsg")
				require.Equal(t, nsg.ID, s.String("networkSecurityGroup.id"), "%s NSG", want.Name)
				if i > 0 {
					require.True(t, dependsOn(s, subnets[i-1]), "%s must wait for %s", s.Name, subnets[i-1].Name)
				}
			}
			public, private, endpoints := subnets[0], subnets[1], subnets[2]
			nodeTo := tc.wantNodeTo
			if nodeTo == "" {
				nodeTo = priv
			}

			require.Equal(t, before, *args, "the caller's args are not defaulted in place")
			require.Equal(t, tc.wantPublic, rulesOf(t, find(t, g, tNSG, "spoke-public-nsg")))
			wantPrivate := []rule{
				{"AllowIngressToNodes", "Allow", "Tcp", tc.wantNodeIn, nodeTo, tc.wantPorts},
				{"AllowAzureLoadBalancer", "Allow", "*", "AzureLoadBalancer", "*", []string{"*"}},
				{"DenyInternetInbound", "Deny", "*", "Internet", "*", []string{"*"}},
			}
			if tc.management {
				// CI runners in the hub reach a private cluster's API server endpoint.
				wantPrivate = append(wantPrivate, rule{"AllowManagementToAPIServer", "Allow", "Tcp",
					region.Hub.Management.Prefix.String(), priv, []string{"443"}})
			}
			require.Equal(t, wantPrivate, rulesOf(t, find(t, g, tNSG, "spoke-private-nsg")))
			require.Equal(t, []rule{
				{"AllowVirtualNetworkHttps", "Allow", "Tcp", "VirtualNetwork", pe, []string{"443"}},
				{"DenyOtherInbound", "Deny", "*", "*", "*", []string{"*"}},
			}, rulesOf(t, find(t, g, tNSG, "spoke-private-endpoints-nsg")))

			rt := only(t, g, tRouteTable)
			require.Equal(t, rt.ID, private.String("routeTable.id"))
			require.Equal(t, rt.ID, routeTableID)
			require.Equal(t, private.ID, privateSubnetID)
			for _, s := range []*plan.Resource{public, endpoints} {
				_, has := s.Input("routeTable")
				require.False(t, has, "%s has no route table", s.Name)
			}
			require.Equal(t, "Enabled", endpoints.String("privateEndpointNetworkPolicies"))
			require.Equal(t, "Disabled", private.String("privateEndpointNetworkPolicies"), "the SDK's default elsewhere")

			routes := g.ByType(tRoute)
			if tc.firewallIP == nil {
				require.Empty(t, routes, "no default route without a firewall")
				return
			}
			require.Len(t, routes, 1)
			route := routes[0]
			require.Equal(t, "0.0.0.0/0", route.String("addressPrefix"))
			require.Equal(t, "VirtualAppliance", route.String("nextHopType"))
			require.Equal(t, "10.0.0.4", route.String("nextHopIpAddress"))
			require.Equal(t, "spoke-rt", route.String("routeTableName"))
			require.True(t, dependsOn(route, rt))
			require.True(t, dependsOn(private, route), "nodes never start without their egress route")
		})
	}
}

func TestSpokeIgnoresWhatAzureWrites(t *testing.T) {
	args := spokeArgs(t)
	args.FirewallPrivateIP = pulumi.String("10.0.0.4")
	ignore := ignoredChanges(t, func(ctx *pulumi.Context) error {
		_, err := NewSpoke(ctx, "spoke", args)
		return err
	})
	require.Equal(t, []string{"subnets"}, ignore["spoke-vnet"])
	require.Equal(t, []string{"routes"}, ignore["spoke-rt"], "AKS kubenet writes node routes into the table")
}

func TestSpokeInvalidRegistersNothing(t *testing.T) {
	args := spokeArgs(t)
	args.IngressPorts = []int{443, 0, 70000}
	args.ResourceGroupName = nil
	args.Plan.Private.Prefix = args.Plan.Public.Prefix
	args.ManagementPrefix = args.Plan.Public.Prefix // inside the spoke: not the hub's subnet
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		_, err := NewSpoke(ctx, "spoke", args)
		return err
	})
	requireProblems(t, err, "ingressPorts[1]", "ingressPorts[2]", "managementPrefix", "plan.private.prefix", "resourceGroupName")
	require.Empty(t, g.Resources)
}

// TestHubAndSpokeWiring builds a region the way the stacks do and checks that the spoke's
// default route waits for the hub firewall and that the peering joins the two VNets.
func TestHubAndSpokeWiring(t *testing.T) {
	region := testRegion(t)
	g := runPlan(t, func(ctx *pulumi.Context) error {
		hub, err := NewHub(ctx, "hub", &HubArgs{Plan: region.Hub, Firewall: true,
			ResourceGroupName: pulumi.String("rg-hub"), Location: pulumi.String("eastus")})
		if err != nil {
			return err
		}
		spoke, err := NewSpoke(ctx, "spoke", &SpokeArgs{Plan: region.Spoke, FirewallPrivateIP: hub.FirewallPrivateIP,
			ResourceGroupName: pulumi.String("rg-spoke"), Location: pulumi.String("eastus")})
		if err != nil {
			return err
		}
		_, err = NewPeering(ctx, "hub-spoke", &PeeringArgs{
			HubVNetName: hub.VNetName, HubVNetID: hub.VNetID, HubResourceGroupName: pulumi.String("rg-hub"),
			SpokeVNetName: spoke.VNetName, SpokeVNetID: spoke.VNetID, SpokeResourceGroupName: pulumi.String("rg-spoke"),
		})
		return err
	})
	fw := only(t, g, tFirewall)
	for _, name := range []string{"spoke-default-route", "hub-management-default-route"} {
		route := find(t, g, tRoute, name)
		require.True(t, dependsOn(route, fw), "%s takes its next hop from the firewall", name)
	}
	hubVNet, spokeVNet := find(t, g, tVNet, "hub-vnet"), find(t, g, tVNet, "spoke-vnet")
	toSpoke := find(t, g, tPeering, "hub-spoke-hub-to-spoke")
	require.Equal(t, spokeVNet.ID, toSpoke.String("remoteVirtualNetwork.id"))
	require.True(t, dependsOn(toSpoke, hubVNet) && dependsOn(toSpoke, spokeVNet))
}
