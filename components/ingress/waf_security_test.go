package ingress

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/validation"
)

const tDiagnostic = "azure-native:insights:DiagnosticSetting"

// The WAF policy carries the core and the bot manager rule sets and inspects request bodies;
// the gateway keeps TLS 1.2 as its minimum and logs to the region's workspace.
func TestAGICEdgeSecurity(t *testing.T) {
	for _, tc := range []struct {
		name       string
		production bool
		bots       *bool
		wantSets   []string
	}{
		{"prod default: core and bot rule sets", true, nil, []string{"Microsoft_DefaultRuleSet", BotManagerRuleSet}},
		{"dev default keeps bot protection", false, nil, []string{"Microsoft_DefaultRuleSet", BotManagerRuleSet}},
		{"dev may turn it off", false, new(false), []string{"Microsoft_DefaultRuleSet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
				return fullArgs(spec(ControllerAGIC, tc.production, func(s *Spec) { s.AppGateway.BotProtection = tc.bots }), tc.production, p)
			})
			require.NoError(t, err)
			waf := one(t, g, tWAF)
			var sets []string
			for i := range tc.wantSets {
				sets = append(sets, waf.String(validation.Index("managedRules.managedRuleSets", i)+".ruleSetType"))
			}
			assert.Equal(t, tc.wantSets, sets)
			if len(tc.wantSets) > 1 {
				assert.Equal(t, BotManagerRuleSetVersion, waf.String("managedRules.managedRuleSets[1].ruleSetVersion"))
			}
			body, _ := waf.Input("policySettings.requestBodyCheck")
			assert.True(t, body.IsBool() && body.BoolValue(), "request bodies are inspected")

			gw := one(t, g, tGateway)
			assert.Equal(t, "AppGwSslPolicy20220101S", gw.String("sslPolicy.policyName"), "TLS 1.2 minimum")
			diag := one(t, g, tDiagnostic)
			assert.Equal(t, gw.ID, diag.String("resourceUri"))
			assert.Equal(t, testWorkspace, diag.String("workspaceId"))
			assert.Equal(t, monitoring.DiagnosticSettingName, diag.String("name"))
			assert.Equal(t, gw.Parent, diag.Parent, "parented to the component, next to the gateway")
		})
	}
}

func TestAGICEdgeSecurityRefusals(t *testing.T) {
	assert.Equal(t, []string{"appGateway.botProtection"}, keysOf(t,
		spec(ControllerAGIC, true, func(s *Spec) { s.AppGateway.BotProtection = new(false) }).Validate(true)))
	_, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
		a := fullArgs(spec(ControllerAGIC, true, nil), true, p)
		a.LogAnalyticsWorkspaceID = nil
		return a
	})
	assert.Equal(t, []string{"logAnalyticsWorkspaceId"}, keysOf(t, err))
	_, _, err = runController(t, func(p pulumi.ProviderResource) *Args {
		a := fullArgs(spec(ControllerNGINX, true, nil), true, p)
		a.LogAnalyticsWorkspaceID = nil
		return a
	})
	assert.NoError(t, err, "NGINX has no Azure resource that logs")
}

// keysOf returns the problem keys of a *validation.Error.
func keysOf(t *testing.T, err error) []string {
	t.Helper()
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	return verr.Keys()
}
