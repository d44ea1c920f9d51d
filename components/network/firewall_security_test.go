package network

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/validation"
)

const tDiagnostic = "azure-native:insights:DiagnosticSetting"

func TestCheckFirewall(t *testing.T) {
	for _, tc := range []struct {
		name                string
		production, enabled bool
		sku, ti, idps       string
		want                []string
	}{
		{"prod premium deny/deny", true, true, "Premium", "Deny", "Deny", nil},
		{"prod IDPS alert-only is allowed", true, true, "Premium", "Deny", "Alert", nil},
		{"prod threat intelligence off", true, true, "Premium", "Off", "Deny", []string{"threatIntelMode"}},
		{"prod threat intelligence alert-only", true, true, "Premium", "Alert", "Deny", []string{"threatIntelMode"}},
		{"prod standard has no IDPS", true, true, "Standard", "Deny", "Off", []string{"firewallSku", "idps"}},
		{"prod IDPS off", true, true, "Premium", "Deny", "Off", []string{"idps"}},
		{"prod without a firewall judges nothing of prod", true, false, "Standard", "Off", "Off", nil},
		{"dev standard, threat intel off", false, true, "Standard", "Off", "Off", nil},
		{"dev IDPS on standard", false, true, "Standard", "Deny", "Alert", []string{"idps"}},
		{"unknown values", false, true, "Basic", "Block", "On", []string{"firewallSku", "idps", "threatIntelMode"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps validation.Problems
			CheckFirewall(&ps, tc.production, tc.enabled, tc.sku, tc.ti, tc.idps)
			if tc.want == nil {
				require.NoError(t, ps.Err())
				return
			}
			requireProblems(t, ps.Err(), tc.want...)
		})
	}
}

func TestFirewallPolicySecurity(t *testing.T) {
	for _, tc := range []struct {
		name       string
		production bool
		sku        string
		dnsProxy   *bool
		wantTier   string
		wantIDPS   string // "" means no intrusionDetection sent
		wantProxy  bool
	}{
		{"prod defaults: premium, IDPS deny", true, "", nil, "Premium", "Deny", true},
		{"dev defaults: standard without IDPS", false, "", nil, "Standard", "", true},
		{"dev premium, proxy off", false, "Premium", new(false), "Premium", "Deny", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := hubArgs(t)
			args.Production, args.Firewall, args.FirewallSKU, args.DNSProxy = tc.production, true, tc.sku, tc.dnsProxy
			g, out := planHub(t, args)
			policy := only(t, g, tPolicy)
			require.Equal(t, tc.wantTier, policy.String("sku.tier"))
			require.Equal(t, tc.wantTier, only(t, g, tFirewall).String("sku.tier"), "firewall and policy share the tier")
			require.Equal(t, "Deny", policy.String("threatIntelMode"))
			require.Equal(t, tc.wantIDPS, policy.String("intrusionDetection.mode"))
			proxy, set := flag(policy, "dnsSettings.enableProxy")
			require.True(t, set)
			require.Equal(t, tc.wantProxy, proxy)
			require.Equal(t, only(t, g, tFirewall).ID, out.FirewallID)
		})
	}
}

func TestHubDiagnostics(t *testing.T) {
	args := hubArgs(t)
	args.Production, args.Firewall = true, true
	g, out := planHub(t, args)
	comp := only(t, g, HubType)
	diags := g.ByType(tDiagnostic)
	require.Len(t, diags, 2, "the firewall and the management NSG")
	fw := find(t, g, tDiagnostic, "hub-fw-diag")
	require.Equal(t, out.FirewallID, fw.String("resourceUri"))
	require.Equal(t, "Dedicated", fw.String("logAnalyticsDestinationType"), "structured firewall logs")
	nsg := find(t, g, tDiagnostic, "hub-management-nsg-diag")
	require.Equal(t, find(t, g, tNSG, "hub-management-nsg").ID, nsg.String("resourceUri"))
	for _, d := range diags {
		require.Equal(t, testWorkspace, d.String("workspaceId"))
		require.Equal(t, monitoring.DiagnosticSettingName, d.String("name"))
		require.Equal(t, comp.URN, d.Parent)
	}

	dev := hubArgs(t)
	dev.LogAnalyticsWorkspaceID = nil
	g, _ = planHub(t, dev)
	require.Empty(t, g.ByType(tDiagnostic), "dev without a workspace logs nothing")
}

func TestSpokeDiagnostics(t *testing.T) {
	g := runPlan(t, func(ctx *pulumi.Context) error {
		_, err := NewSpoke(ctx, "spoke", spokeArgs(t))
		return err
	})
	var got []string
	for _, d := range g.ByType(tDiagnostic) {
		got = append(got, d.String("resourceUri"))
	}
	var want []string
	for _, n := range g.ByType(tNSG) {
		want = append(want, n.ID)
	}
	slices.Sort(got)
	slices.Sort(want)
	require.Len(t, want, 3)
	require.Equal(t, want, got, "one diagnostic setting per NSG")
}

func TestProductionNeedsWorkspace(t *testing.T) {
	hub := hubArgs(t)
	hub.Production, hub.LogAnalyticsWorkspaceID = true, nil
	requireProblems(t, runErr(func(ctx *pulumi.Context) error {
		_, err := NewHub(ctx, "hub", hub)
		return err
	}), "logAnalyticsWorkspaceId")
	spoke := spokeArgs(t)
	spoke.Production, spoke.LogAnalyticsWorkspaceID = true, nil
	requireProblems(t, runErr(func(ctx *pulumi.Context) error {
		_, err := NewSpoke(ctx, "spoke", spoke)
		return err
	}), "logAnalyticsWorkspaceId")
}

// runErr runs program under mocks and returns its error.
func runErr(program pulumi.RunFunc) error {
	return pulumi.RunErr(program, pulumi.WithMocks("aks-platform", "test", &optionRecorder{ignore: map[string][]string{}}))
}
