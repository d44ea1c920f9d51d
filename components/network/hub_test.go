package network

import (
	"fmt"
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
		Plan:              testRegion(t).Hub,
		ResourceGroupName: pulumi.String("rg-hub"),
		Location:          pulumi.String("eastus"),
		Tags:              pulumi.StringMap{"env": pulumi.String("test")},
	}
}

func TestHubVNetAndSubnets(t *testing.T) {
	args := hubArgs(t)
	g := runPlan(t, func(ctx *pulumi.Context) error {
		_, err := NewHub(ctx, "hub", args)
		return err
	})
	requireChildrenOf(t, g, "aksplatform:network:Hub")

	vnet := only(t, g, tVNet)
	require.Equal(t, []string{"10.0.0.0/24"}, strs(vnet, "addressSpace.addressPrefixes"))
	require.Equal(t, "rg-hub", vnet.String("resourceGroupName"))
	require.Equal(t, "eastus", vnet.String("location"))
	require.Equal(t, "test", vnet.String("tags.env"))
	_, inline := vnet.Input("subnets")
	require.False(t, inline, "subnets must not be inline in the VNet")

	subnets := g.ByType(tSubnet)
	require.Len(t, subnets, 3)
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
		require.False(t, hasNSG, "hub subnets carry no NSG")
	}
	require.Empty(t, g.ByType(tFirewall))
	require.Empty(t, g.ByType(tPublicIP))
	require.Empty(t, g.ByType(tPolicy))
}

func TestHubFirewall(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sku      string
		zones    []string
		wantTier string
	}{
		{"default tier, no zones", "", nil, "Standard"},
		{"premium over three zones", "Premium", []string{"1", "2", "3"}, "Premium"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := hubArgs(t)
			args.Firewall, args.FirewallSKU, args.Zones = true, tc.sku, tc.zones
			var privateIP, publicIP string
			var subnetIDs map[string]string
			var hasFirewall bool
			g := runPlan(t, func(ctx *pulumi.Context) error {
				h, err := NewHub(ctx, "hub", args)
				if err != nil {
					return err
				}
				hasFirewall = h.HasFirewall
				capture(h.FirewallPrivateIP, &privateIP)
				capture(h.FirewallPublicIP, &publicIP)
				capture(h.SubnetIDs, &subnetIDs)
				return nil
			})
			requireChildrenOf(t, g, "aksplatform:network:Hub")
			require.True(t, hasFirewall)

			pip := only(t, g, tPublicIP)
			require.Equal(t, "Standard", pip.String("sku.name"))
			require.Equal(t, "Static", pip.String("publicIPAllocationMethod"))
			require.Equal(t, tc.zones, strs(pip, "zones"))

			policy := only(t, g, tPolicy)
			require.Equal(t, tc.wantTier, policy.String("sku.tier"))

			rules := only(t, g, tRuleGroup)
			require.Equal(t, "hub-fw-policy", rules.String("firewallPolicyName"))
			require.True(t, dependsOn(rules, policy))
			requireAKSEgressRules(t, rules)

			fw := only(t, g, tFirewall)
			fwSubnet := find(t, g, tSubnet, "hub-"+FirewallSubnetName)
			require.Equal(t, tc.wantTier, fw.String("sku.tier"))
			require.Equal(t, "AZFW_VNet", fw.String("sku.name"))
			require.Equal(t, fwSubnet.ID, fw.String("ipConfigurations[0].subnet.id"))
			require.Equal(t, pip.ID, fw.String("ipConfigurations[0].publicIPAddress.id"))
			require.Equal(t, policy.ID, fw.String("firewallPolicy.id"))
			require.Equal(t, tc.zones, strs(fw, "zones"))
			require.True(t, dependsOn(fw, rules), "the firewall waits for the policy's rules")
			require.True(t, dependsOn(fw, fwSubnet))

			ip, _ := pip.Output("ipAddress")
			require.Equal(t, ip.StringValue(), publicIP)
			fwIP, _ := fw.Output("ipConfigurations[0].privateIPAddress")
			require.True(t, fw.IsPlaceholder("ipConfigurations[0].privateIPAddress"))
			require.Equal(t, fwIP.StringValue(), privateIP, "the output is the firewall's own private IP")
			require.Len(t, subnetIDs, 3)
			for _, s := range g.ByType(tSubnet) {
				require.Equal(t, s.ID, subnetIDs[s.String("subnetName")])
			}
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
