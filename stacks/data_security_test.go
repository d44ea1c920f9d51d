package stacks

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/keyvault/lifetime"
	"github.com/aksplatform/platform/components/monitoring/logs"
)

// The vault's and the registry's impossible or insecure settings are refused with the key a
// user writes, before anything is planned.
func TestDataSecurityRefusedWithKeys(t *testing.T) {
	for _, tc := range []struct {
		name, stack, key, reason string
		mutate                   func(*Environment)
	}{
		{"secret expiring before its rotation", "prod", "aks-platform:keyVault.secrets[0].expiresAfterDays", "on or before its rotation at 30 days",
			func(e *Environment) { e.KeyVault.Secrets[0].ExpiresAfterDays = 20 }},
		{"public dev vault admitting nobody", "dev", "aks-platform:keyVault.allowedIpRanges", "admits no reader",
			func(e *Environment) { e.KeyVault.AllowedIPRanges = nil }},
		{"registry exports in prod", "prod", "aks-platform:registry.exportEnabled", "must be false in production",
			func(e *Environment) { e.Registry.ExportEnabled = new(true) }},
		{"export lock on a Standard registry", "dev", "aks-platform:registry.exportEnabled", "needs the Premium SKU",
			func(e *Environment) { e.Registry.ExportEnabled = new(false) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := loadStack(t, tc.stack)
			tc.mutate(env)
			keys := problemKeys(t, env.Validate())
			assert.Contains(t, keys[tc.key], tc.reason, "problems: %v", keys)
		})
	}
}

// In both shipped stacks the vault and the registry log to their own region's workspace, and
// every generated secret expires after its rotation.
func TestVaultAndRegistryLogAndSecretsExpire(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			g := planEnv(t, loadStack(t, stack))
			diagnosed := map[string]string{} // resource ID -> workspace ID
			for _, d := range g.ByType("azure-native:insights:DiagnosticSetting") {
				diagnosed[d.String("resourceUri")] = d.String("workspaceId")
			}
			workspaces := map[string]string{} // region location -> its workspace ID
			for _, w := range g.ByType("azure-native:operationalinsights:Workspace") {
				workspaces[regionOf(g, w)] = w.ID
			}
			for _, typ := range []string{logs.KeyVault, logs.ContainerRegistry} {
				rs := g.ByType(typ)
				require.Len(t, rs, len(loadStack(t, stack).Regions), typ)
				for _, r := range rs {
					ws, ok := diagnosed[r.ID]
					require.True(t, ok, "%s %s has no diagnostic setting", typ, r.Name)
					require.NotEmpty(t, workspaces[regionOf(g, r)], "%s %s: its region has a workspace", typ, r.Name)
					assert.Equal(t, workspaces[regionOf(g, r)], ws, "%s %s logs to its own region's workspace", typ, r.Name)
				}
			}
			secrets := g.ByType("azure-native:keyvault:Secret")
			require.NotEmpty(t, secrets)
			for _, s := range secrets {
				exp, ok := s.Input(lifetime.ExpiresProperty)
				require.True(t, ok, s.Name)
				rotate, err := time.Parse(time.DateOnly, s.String("tags."+lifetime.RotateAfterTag))
				require.NoError(t, err, s.Name)
				assert.True(t, time.Unix(int64(exp.NumberValue()), 0).After(rotate), "%s expires after its rotation", s.Name)
			}
		})
	}
}
