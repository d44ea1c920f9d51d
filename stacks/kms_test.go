package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/keyvault"
	"github.com/aksplatform/platform/internal/plan"
)

// TestClusterVaultRefusals: a KMS variant the region vault cannot serve fails with the
// environment's other problems, keyed under aks, before anything is registered.
func TestClusterVaultRefusals(t *testing.T) {
	for _, tc := range []struct {
		name, stack string
		mutate      func(t *testing.T, cfg map[string]any)
		key, reason string
	}{
		{"prod: Public KMS with a private vault", "prod", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.kms", map[string]any{"enabled": true, "keyVaultNetworkAccess": "Public"})
		}, "aks-platform:aks.kms.keyVaultNetworkAccess", "Private variant"},
		{"dev: Public KMS with a firewalled vault", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:keyVault.allowedIpRanges", []any{"198.51.100.0/24"})
			set(t, cfg, "aks-platform:aks.kms", map[string]any{"enabled": true, "keyVaultNetworkAccess": "Public"})
		}, "aks-platform:aks.kms.keyVaultNetworkAccess", "firewall denies by default"},
		{"dev: Private KMS", "dev", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.kms.enabled", true)
		}, "aks-platform:aks.kms.keyVaultNetworkAccess", "API server VNet integration"},
		{"prod: host encryption off", "prod", func(t *testing.T, cfg map[string]any) {
			set(t, cfg, "aks-platform:aks.userPools.0.hostEncryption", false)
		}, "aks-platform:aks.userPools[0].hostEncryption", "must be true in production"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := stackConfig(t, tc.stack)
			tc.mutate(t, cfg)
			_, err := FromConfig(cfg)
			keys := problemKeys(t, err)
			require.Contains(t, keys, tc.key)
			assert.Contains(t, keys[tc.key], tc.reason)
		})
	}
}

// TestDiskEncryptionUsesTheRegionVault: the opt-in puts the disk key in the region's own vault
// (trusted services pass its firewall) and the cluster uses the set built on it.
func TestDiskEncryptionUsesTheRegionVault(t *testing.T) {
	cfg := stackConfig(t, "dev")
	set(t, cfg, "aks-platform:aks.diskEncryption.enabled", true)
	env, err := FromConfig(cfg)
	require.NoError(t, err)
	g, err := plan.Run(Project, "dev", Program(env))
	require.NoError(t, err)

	vaults := g.ByType("azure-native:keyvault:Vault")
	sets := g.ByType(aks.DiskEncryptionSetType)
	keys := g.ByType("azure-native:keyvault:Key")
	require.Len(t, vaults, 1)
	require.Len(t, sets, 1)
	require.Len(t, keys, 1)
	assert.Equal(t, vaults[0].ID, sets[0].String("activeKey.sourceVault.id"))
	assert.Equal(t, vaults[0].Outputs["name"].StringValue(), keys[0].String("vaultName"))
	cluster := g.ByType(aks.ManagedClusterType)[0]
	assert.Equal(t, sets[0].ID, cluster.String("diskEncryptionSetID"))
	var ks keyvault.KeySpec
	ks.SetDefaults()
	size, _ := keys[0].Input("properties.keySize")
	assert.Equal(t, float64(ks.Size), size.NumberValue())
}

// TestClusterReportsToItsRegionsWorkspace: in prod, each cluster's Defender profile and
// control plane diagnostic setting go to the workspace of the cluster's own region.
func TestClusterReportsToItsRegionsWorkspace(t *testing.T) {
	env := loadStack(t, "prod")
	g, err := plan.Run(Project, "prod", Program(env))
	require.NoError(t, err)
	region := func(r *plan.Resource) string {
		for _, a := range g.Ancestors(r) {
			if a.Type == RegionType {
				return a.Name
			}
		}
		return ""
	}
	workspaces := map[string]string{}
	for _, ws := range g.ByType("azure-native:operationalinsights:Workspace") {
		workspaces[region(ws)] = ws.ID
	}
	clusters := g.ByType(aks.ManagedClusterType)
	require.Len(t, clusters, 2)
	for _, mc := range clusters {
		loc := region(mc)
		require.NotEmpty(t, workspaces[loc], loc)
		assert.Equal(t, workspaces[loc], mc.String("securityProfile.defender.logAnalyticsWorkspaceResourceId"), loc)
		var diag *plan.Resource
		for _, d := range g.ByType("azure-native:insights:DiagnosticSetting") {
			if d.String("resourceUri") == mc.ID {
				diag = d
			}
		}
		require.NotNil(t, diag, "%s: the cluster has a diagnostic setting", loc)
		assert.Equal(t, workspaces[loc], diag.String("workspaceId"), loc)
	}
}
