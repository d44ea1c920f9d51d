package network

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

const (
	tVNet      = "azure-native:network:VirtualNetwork"
	tSubnet    = "azure-native:network:Subnet"
	tPublicIP  = "azure-native:network:PublicIPAddress"
	tPolicy    = "azure-native:network:FirewallPolicy"
	tRuleGroup = "azure-native:network:FirewallPolicyRuleCollectionGroup"
	tFirewall  = "azure-native:network:AzureFirewall"
)

func hubArgs(t *testing.T) *HubArgs {
	return &HubArgs{
		Plan:                    testRegion(t).Hub,
		LogAnalyticsWorkspaceID: pulumi.String(testWorkspace),
		ResourceGroupName:       pulumi.String("rg-hub"),
		Location:                pulumi.String("eastus"),
		Tags:                    pulumi.StringMap{"env": pulumi.String("test")},
	}
}

func TestHubVNetAndSubnets(t *testing.T) {
	args := hubArgs(t)
	g, outputs := planHub(t, args)

	vnet := only(t, g, tVNet)
	require.Equal(t, []string{"10.0.0.0/24"}, strs(vnet, "addressSpace.addressPrefixes"))
	require.Equal(t, "rg-hub", vnet.String("resourceGroupName"))
	require.Equal(t, "eastus", vnet.String("location"))
	require.Equal(t, "test", vnet.String("tags.env"))
	_, inline := vnet.Input("subnets")
	require.False(t, inline, "subnets must not be inline in the VNet")

	subnets := g.ByType(tSubnet)
	require.Len(t, subnets, 4)
	for i, want := range args.Plan.Subnets() {
		s := subnets[i]
		require.Equal(t, "hub-"+want.Name, s.Name)
		require.Equal(t, want.Name, s.String("subnetName"))
		require.Equal(t, want.Prefix.String(), s.String("addressPrefix"))
		require.Equal(t, "hub-vnet", s.String("virtualNetworkName"))
		require.True(t, dependsOn(s, vnet), "%s depends on the VNet", s.Name)
		if i > 0 {
			require.True(t, dependsOn(s, subnets[i-1]), "%s must wait for %s", s.Name, subnets[i-1].Name)
		}
		_, hasNSG := s.Input("networkSecurityGroup")
		require.Equal(t, want.Name == ManagementSubnetName, hasNSG, "only the management subnet carries an NSG")
	}
	mgmt := find(t, g, tSubnet, "hub-management")
	require.Equal(t, "10.0.0.160/27", mgmt.String("addressPrefix"))
	require.Equal(t, find(t, g, tNSG, "hub-management-nsg").ID, mgmt.String("networkSecurityGroup.id"))
	require.Equal(t, []rule{{"DenyInternetInbound", "Deny", "*", "Internet", "*", []string{"*"}}},
		rulesOf(t, find(t, g, tNSG, "hub-management-nsg")), "nothing reaches the runners from the Internet")
	require.Equal(t, only(t, g, tRouteTable).ID, mgmt.String("routeTable.id"))
	require.Empty(t, g.ByType(tRoute), "without a firewall the runners go out directly")
	require.Empty(t, g.ByType(tFirewall))
	require.Empty(t, g.ByType(tPublicIP))
	require.Empty(t, g.ByType(tPolicy))
	require.Equal(t, mgmt.ID, outputs.ManagementSubnetID)
	require.Equal(t, mgmt.ID, outputs.SubnetIDs[ManagementSubnetName])
	require.Equal(t, args.Plan.Management.Prefix, outputs.ManagementPrefix)
	require.Empty(t, outputs.FirewallPublicIPs)
}

// hubOutputs are a hub's outputs once resolved.
type hubOutputs struct {
	ManagementSubnetID string
	ManagementPrefix   netip.Prefix
	SubnetIDs          map[string]string
	FirewallPrivateIP  string
	FirewallPublicIP   string
	FirewallPublicIPs  []string
	HasFirewall        bool
	FirewallID         string
}

// planHub plans a hub from args and returns the graph and its resolved outputs.
func planHub(t *testing.T, args *HubArgs) (*plan.Graph, *hubOutputs) {
	t.Helper()
	out := &hubOutputs{}
	g := runPlan(t, func(ctx *pulumi.Context) error {
		h, err := NewHub(ctx, "hub", args)
		if err != nil {
			return err
		}
		out.HasFirewall, out.ManagementPrefix = h.HasFirewall, h.ManagementPrefix
		capture(h.ManagementSubnetID, &out.ManagementSubnetID)
		capture(h.SubnetIDs, &out.SubnetIDs)
		capture(h.FirewallPrivateIP, &out.FirewallPrivateIP)
		capture(h.FirewallID, &out.FirewallID)
		capture(h.FirewallPublicIP, &out.FirewallPublicIP)
		capture(h.FirewallPublicIPs, &out.FirewallPublicIPs)
		return nil
	})
	requireChildrenOf(t, g, HubType)
	return g, out
}

func TestHubFirewall(t *testing.T) {
	for _, tc := range []struct {
		name       string
		production bool
		sku        string
		ips        int
		zones      []string
		wantTier   string
		wantIPs    int
		wantZones  []string
	}{
		{"dev defaults: standard, one IP, no zones", false, "", 0, nil, "Standard", 1, nil},
		{"prod defaults: premium, twenty IPs over three zones", true, "", 0, nil, "Premium", 20, []string{"1", "2", "3"}},
		{"premium, three IPs, no zones in prod", true, "Premium", 3, []string{}, "Premium", 3, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := hubArgs(t)
			args.Production, args.Firewall, args.FirewallSKU, args.FirewallPublicIPs, args.Zones = tc.production, true, tc.sku, tc.ips, tc.zones
			before := *args
			g, out := planHub(t, args)
			require.Equal(t, before, *args, "the caller's args are not defaulted in place")
			require.True(t, out.HasFirewall)

			require.Len(t, g.ByType(tPublicIP), tc.wantIPs)
			fw := only(t, g, tFirewall)
			fwSubnet := find(t, g, tSubnet, "hub-"+FirewallSubnetName)
			var wantAddresses []string
			for i := range tc.wantIPs {
				name := "hub-fw-pip"
				if i > 0 {
					name = fmt.Sprintf("hub-fw-pip-%d", i+1)
				}
				pip := find(t, g, tPublicIP, name)
				require.Equal(t, "Standard", pip.String("sku.name"))
				require.Equal(t, "Static", pip.String("publicIPAllocationMethod"))
				require.Equal(t, tc.wantZones, strs(pip, "zones"))
				cfg := fmt.Sprintf("ipConfigurations[%d]", i)
				require.Equal(t, pip.ID, fw.String(cfg+".publicIPAddress.id"))
				if i == 0 {
					// The first IP keeps the name a one-IP hub had, so raising the count replaces nothing.
					require.Equal(t, fwSubnet.ID, fw.String(cfg+".subnet.id"))
				} else {
					_, hasSubnet := fw.Input(cfg + ".subnet")
					require.False(t, hasSubnet, "only the first IP configuration names the subnet")
				}
				ip, _ := pip.Output("ipAddress")
				wantAddresses = append(wantAddresses, ip.StringValue())
			}
			require.Equal(t, wantAddresses, out.FirewallPublicIPs, "every egress IP is an output")
			require.Equal(t, wantAddresses[0], out.FirewallPublicIP)

			policy := only(t, g, tPolicy)
			require.Equal(t, tc.wantTier, policy.String("sku.tier"))

			rules := only(t, g, tRuleGroup)
			require.Equal(t, "hub-fw-policy", rules.String("firewallPolicyName"))
			require.True(t, dependsOn(rules, policy))
			requireAKSEgressRules(t, rules)

			require.Equal(t, tc.wantTier, fw.String("sku.tier"))
			require.Equal(t, "AZFW_VNet", fw.String("sku.name"))
			require.Equal(t, policy.ID, fw.String("firewallPolicy.id"))
			require.Equal(t, tc.wantZones, strs(fw, "zones"))
			require.True(t, dependsOn(fw, rules), "the firewall waits for the policy's rules")
			require.True(t, dependsOn(fw, fwSubnet))

			fwIP, _ := fw.Output("ipConfigurations[0].privateIPAddress")
			require.True(t, fw.IsPlaceholder("ipConfigurations[0].privateIPAddress"))
			require.Equal(t, fwIP.StringValue(), out.FirewallPrivateIP, "the output is the firewall's own private IP")
			require.Len(t, out.SubnetIDs, 4)
			for _, s := range g.ByType(tSubnet) {
				require.Equal(t, s.ID, out.SubnetIDs[s.String("subnetName")])
			}

			// The runners' egress goes through the firewall, and their subnet waits for the route.
			route := only(t, g, tRoute)
			require.Equal(t, "0.0.0.0/0", route.String("addressPrefix"))
			require.Equal(t, "VirtualAppliance", route.String("nextHopType"))
			require.Equal(t, fwIP.StringValue(), route.String("nextHopIpAddress"))
			require.Equal(t, "hub-management-rt", route.String("routeTableName"))
			require.True(t, dependsOn(find(t, g, tSubnet, "hub-management"), route))
		})
	}
}

// requireAKSEgressRules checks the rules AKS egress needs through the firewall.
func requireAKSEgressRules(t *testing.T, rules *plan.Resource) {
	t.Helper()
	require.Equal(t, "FirewallPolicyFilterRuleCollection", rules.String("ruleCollections[0].ruleCollectionType"))
	require.Equal(t, "Allow", rules.String("ruleCollections[0].action.type"))
	type netRule struct{ proto, port, dst string }
	var got []netRule
	for i := 0; i < 3; i++ {
		p := fmt.Sprintf("ruleCollections[0].rules[%d]", i)
		require.Equal(t, "NetworkRule", rules.String(p+".ruleType"))
		got = append(got, netRule{strs(rules, p+".ipProtocols")[0], strs(rules, p+".destinationPorts")[0],
			strs(rules, p+".destinationAddresses")[0]})
	}
	require.Equal(t, []netRule{
		{"UDP", "1194", "AzureCloud.eastus"},
		{"TCP", "9000", "AzureCloud.eastus"},
		{"UDP", "123", "*"},
	}, got)
	app := "ruleCollections[1].rules[0]"
	require.Equal(t, "ApplicationRule", rules.String(app+".ruleType"))
	require.Equal(t, []string{AKSFQDNTag}, strs(rules, app+".fqdnTags"))
	require.Equal(t, "Https", rules.String(app+".protocols[0].protocolType"))
	require.Equal(t, 443, num(rules, app+".protocols[0].port"))
}

func TestHubVNetIgnoresSubnets(t *testing.T) {
	args := hubArgs(t)
	ignore := ignoredChanges(t, func(ctx *pulumi.Context) error {
		_, err := NewHub(ctx, "hub", args)
		return err
	})
	require.Equal(t, []string{"subnets"}, ignore["hub-vnet"])
}

func TestHubInvalidRegistersNothing(t *testing.T) {
	args := hubArgs(t)
	args.FirewallSKU = "Basic"
	args.Location = nil
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		_, err := NewHub(ctx, "hub", args)
		return err
	})
	requireProblems(t, err, "firewallSku", "location")
	require.Empty(t, g.Resources)
}
