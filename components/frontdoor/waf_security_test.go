package frontdoor

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const (
	tDiagnostic     = "azure-native:insights:DiagnosticSetting"
	globalWorkspace = "/subscriptions/s/resourceGroups/rg-global/providers/Microsoft.OperationalInsights/workspaces/global-logs"
)

// Premium's WAF policy carries the default and bot manager rule sets and inspects request
// bodies; the custom domain takes TLS 1.2 at least.
func TestWAFBotProtection(t *testing.T) {
	for _, tc := range []struct {
		name     string
		prod     bool
		spec     Spec
		wantSets []string
	}{
		{"prod default: premium with bots", true, Spec{HostName: host}, []string{ManagedRuleSetType, BotManagerRuleSetType}},
		{"dev premium: bots by default", false, Spec{Enabled: new(true), SKU: Premium, HostName: host}, []string{ManagedRuleSetType, BotManagerRuleSetType}},
		{"dev premium without bots", false, Spec{Enabled: new(true), SKU: Premium, HostName: host, BotProtection: new(false)}, []string{ManagedRuleSetType}},
		{"dev standard: no managed rules", false, Spec{Enabled: new(true), HostName: host}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := planTwoRegions(t, "fd", tc.prod, tc.spec)
			waf := g.ByType(tWAF)
			require.Len(t, waf, 1)
			var sets []string
			for i := 0; ; i++ {
				typ := waf[0].String(validation.Index("managedRules.managedRuleSets", i) + ".ruleSetType")
				if typ == "" {
					break
				}
				sets = append(sets, typ)
			}
			assert.Equal(t, tc.wantSets, sets)
			assert.Equal(t, "Enabled", waf[0].String("policySettings.requestBodyCheck"))
			domain := g.ByType(tDomain)
			require.Len(t, domain, 1)
			assert.Equal(t, "TLS12", domain[0].String("tlsSettings.minimumTlsVersion"))
		})
	}
}

func TestBotProtectionRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		prod bool
		spec Spec
	}{
		{"bots on standard", false, Spec{Enabled: new(true), SKU: Standard, HostName: host, BotProtection: new(true)}},
		{"prod without bots", true, Spec{HostName: host, BotProtection: new(false)}},
		{"prod on standard (no bot rules)", true, Spec{SKU: Standard, HostName: host}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.prod)
			var verr *validation.Error
			require.ErrorAs(t, s.Validate(tc.prod), &verr)
			assert.Equal(t, []string{"botProtection"}, verr.Keys())
		})
	}
}

// The profile's diagnostic setting sends Front Door's logs to the global workspace it is given.
func TestFrontDoorDiagnostics(t *testing.T) {
	g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		args, origins, err := twoRegions(ctx, true, Spec{HostName: host})
		if err != nil {
			return err
		}
		_, err = build(ctx, "fd", args, origins)
		return err
	})
	require.NoError(t, err)
	diags := g.ByType(tDiagnostic)
	require.Len(t, diags, 1)
	profile := g.Find(tProfile, "fd-profile")
	assert.Equal(t, profile.ID, diags[0].String("resourceUri"))
	assert.Equal(t, globalWorkspace, diags[0].String("workspaceId"))
	assert.Equal(t, profile.Parent, diags[0].Parent)

	assert.Empty(t, planTwoRegions(t, "fd", false, Spec{HostName: host, Enabled: new(true)}).ByType(tDiagnostic), "none without a workspace (dev)")

	// Production refuses to run without one, naming the key, before registering anything.
	args := prodArgs()
	args.LogAnalyticsWorkspaceID = nil
	assert.ErrorContains(t, args.Validate(), "logAnalyticsWorkspaceId: is required in production")
}
