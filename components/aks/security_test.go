package aks

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/rbac"
)

const (
	testVaultID  = "/subscriptions/s/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-test"
	tKey         = "azure-native:keyvault:Key"
	tAssignment  = "azure-native:authorization:RoleAssignment"
	tDiagnostics = "azure-native:insights:DiagnosticSetting"
)

// openVault is a vault KMS reaches over Public: public endpoint on, firewall Allow.
func openVault() *VaultRef {
	return &VaultRef{ID: pulumi.String(testVaultID), Name: pulumi.String("kv-test"), ResourceGroupName: pulumi.String(testRG), Reach: VaultReach{OpenToAllNetworks: true}}
}

// TestSecurityDefaults: prod is secure by default, dev keeps every control that costs nothing.
func TestSecurityDefaults(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     *ClusterArgs
		defender bool
		hostEnc  bool
	}{
		{"dev", devArgs(), false, false},
		{"prod", prodArgs(), true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCluster(t, "c", tc.args)
			mc := find(t, r.g, ManagedClusterType, "c-aks")
			want := map[string]any{
				"securityProfile.defender.securityMonitoring.enabled": tc.defender,
				"securityProfile.imageCleaner.enabled":                true,
				"securityProfile.imageCleaner.intervalHours":          float64(168),
				"securityProfile.azureKeyVaultKms.enabled":            false,
				"securityProfile.workloadIdentity.enabled":            true,
				"apiServerAccessProfile.disableRunCommand":            true,
				"agentPoolProfiles[0].enableEncryptionAtHost":         tc.hostEnc,
				"addonProfiles.omsagent.config.useAADAuth":            "true",
				"diskEncryptionSetID":                                 nil,
			}
			if tc.defender {
				want["securityProfile.defender.logAnalyticsWorkspaceResourceId"] = workspaceID
			} else {
				want["securityProfile.defender.logAnalyticsWorkspaceResourceId"] = nil
			}
			assertInputs(t, mc, want)
			assertInputs(t, find(t, r.g, AgentPoolType, "c-pool-apps"), map[string]any{"enableEncryptionAtHost": tc.hostEnc})
			assert.Empty(t, r.g.ByType(tKey), "no key without kms or diskEncryption")

			diag := find(t, r.g, tDiagnostics, "c-diag")
			comp := find(t, r.g, ComponentType, "c")
			assert.Equal(t, comp.URN, diag.Parent)
			assert.Contains(t, diag.Dependencies, mc.URN, "the setting watches the cluster")
			assert.Equal(t, workspaceID, diag.String("workspaceId"))
		})
	}
}

// TestKMSPublicVault: the key lands in the vault, the control plane identity gets Key Vault
// Crypto User on that key alone before the cluster exists, and the cluster uses the key's
// versioned identifier.
func TestKMSPublicVault(t *testing.T) {
	a := prodArgs()
	a.Spec.KMS = KMS{Enabled: new(true), KeyVaultNetworkAccess: VaultPublic}
	a.Vault = openVault()
	r := runCluster(t, "c", a)
	mc := find(t, r.g, ManagedClusterType, "c-aks")
	key := find(t, r.g, tKey, "c-kms-key")
	comp := find(t, r.g, ComponentType, "c")
	assert.Equal(t, comp.URN, key.Parent)
	assert.Equal(t, "c-etcd-kms", key.String("keyName"))
	assert.Equal(t, "kv-test", key.String("vaultName"))
	assert.Equal(t, "P90D", key.String("properties.rotationPolicy.lifetimeActions[0].trigger.timeAfterCreate"))

	grant := find(t, r.g, tAssignment, "c-kms-crypto-user")
	assert.Equal(t, key.ID, grant.String("scope"), "the narrowest scope: the key, not the vault")
	assert.Contains(t, grant.String("roleDefinitionId"), rbac.KeyVaultCryptoUser.GUID())
	assert.Equal(t, r.outputs["controlPlanePrincipalId"], grant.String("principalId"))
	assert.Nil(t, r.g.Find(tAssignment, "c-kms-vault-contributor"), "Public needs no vault role")
	assert.Contains(t, mc.Dependencies, grant.URN, "AKS checks the grant when KMS is turned on")

	assertInputs(t, mc, map[string]any{
		"securityProfile.azureKeyVaultKms.enabled":               true,
		"securityProfile.azureKeyVaultKms.keyVaultNetworkAccess": "Public",
		"securityProfile.azureKeyVaultKms.keyVaultResourceId":    nil,
	})
	assert.Contains(t, mc.Dependencies, key.URN, "keyId is the key's versioned identifier")
}

// TestKMSPrivateGrants: the private variant adds Key Vault Contributor on the vault, with
// which AKS creates its private endpoint connection.
func TestKMSPrivateGrants(t *testing.T) {
	key, vault := pulumi.String("key"), pulumi.String("vault")
	roles := func(access VaultNetworkAccess) map[rbac.Role]pulumi.StringInput {
		out := map[rbac.Role]pulumi.StringInput{}
		for _, g := range kmsGrants(access, key, vault) {
			out[g.role] = g.scope
		}
		return out
	}
	assert.Equal(t, map[rbac.Role]pulumi.StringInput{rbac.KeyVaultCryptoUser: key}, roles(VaultPublic))
	assert.Equal(t, map[rbac.Role]pulumi.StringInput{rbac.KeyVaultCryptoUser: key, rbac.KeyVaultContributor: vault}, roles(VaultPrivate))
}

// TestDiskEncryptionSet: the opt-in builds a key, a disk encryption set that follows it, the
// set's grant on the key, and the cluster waits for the grant.
func TestDiskEncryptionSet(t *testing.T) {
	a := prodArgs()
	a.Spec.DiskEncryption = DiskEncryption{Enabled: new(true)}
	a.Vault = openVault()
	a.Vault.Reach = VaultReach{TrustedServices: true}
	r := runCluster(t, "c", a)
	mc := find(t, r.g, ManagedClusterType, "c-aks")
	key := find(t, r.g, tKey, "c-disk-key")
	des := find(t, r.g, DiskEncryptionSetType, "c-des")
	assertInputs(t, des, map[string]any{
		"identity.type":                     "SystemAssigned",
		"encryptionType":                    "EncryptionAtRestWithCustomerKey",
		"activeKey.sourceVault.id":          testVaultID,
		"rotationToLatestKeyVersionEnabled": true,
	})
	assert.Contains(t, des.Dependencies, key.URN)
	grant := find(t, r.g, tAssignment, "c-des-crypto")
	assert.Equal(t, key.ID, grant.String("scope"))
	assert.Contains(t, grant.String("roleDefinitionId"), rbac.KeyVaultCryptoServiceEncryptionUser.GUID())
	principal, ok := des.Output("identity.principalId")
	require.True(t, ok)
	assert.Equal(t, principal.StringValue(), grant.String("principalId"))
	assert.Equal(t, des.ID, mc.String("diskEncryptionSetID"))
	assert.Contains(t, mc.Dependencies, grant.URN)
}

// TestSecurityValidation: what AKS would refuse, and what production refuses, fails first
// with the key and the reason.
func TestSecurityValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prod   bool
		mut    func(*ClusterArgs)
		key    string
		reason string
	}{
		{"host encryption off in prod (system)", true, func(a *ClusterArgs) { a.Spec.SystemPool.HostEncryption = new(false) },
			"systemPool.hostEncryption", "Microsoft.Compute/EncryptionAtHost"},
		{"host encryption off in prod (user)", true, func(a *ClusterArgs) { a.Spec.UserPools[0].HostEncryption = new(false) },
			"userPools[0].hostEncryption", "must be true in production"},
		{"run command in prod", true, func(a *ClusterArgs) { a.Spec.DisableRunCommand = new(false) },
			"disableRunCommand", "around the private API server"},
		{"unmanaged node OS in prod", true, func(a *ClusterArgs) { a.Spec.NodeOSUpgradeChannel = NodeOSUnmanaged },
			"nodeOsUpgradeChannel", "NodeImage or SecurityPatch"},
		{"no node OS channel in prod", true, func(a *ClusterArgs) { a.Spec.NodeOSUpgradeChannel = NodeOSNone },
			"nodeOsUpgradeChannel", "NodeImage or SecurityPatch"},
		{"image cleaner too often", false, func(a *ClusterArgs) { a.Spec.ImageCleaner.IntervalHours = 12 },
			"imageCleaner.intervalHours", "between 24 and 2160"},
		{"kms with a firewalled vault over Public", false, func(a *ClusterArgs) {
			a.Spec.KMS = KMS{Enabled: new(true), KeyVaultNetworkAccess: VaultPublic}
			a.Vault = openVault()
			a.Vault.Reach = VaultReach{}
		}, "kms.keyVaultNetworkAccess", "Private variant"},
		{"kms Private without API server VNet integration", true, func(a *ClusterArgs) {
			a.Spec.KMS = KMS{Enabled: new(true)}
			a.Vault = openVault()
		}, "kms.keyVaultNetworkAccess", "API server VNet integration"},
		{"kms without a vault", false, func(a *ClusterArgs) { a.Spec.KMS = KMS{Enabled: new(true), KeyVaultNetworkAccess: VaultPublic} },
			"kms.enabled", "Key Vault"},
		{"kms key expiring before its second rotation", false, func(a *ClusterArgs) {
			a.Spec.KMS = KMS{Enabled: new(true), KeyVaultNetworkAccess: VaultPublic}
			a.Spec.KMS.Key.RotationDays, a.Spec.KMS.Key.ExpiryDays = 90, 100
			a.Vault = openVault()
		}, "kms.key.expiryDays", "2 x rotationDays"},
		{"disk encryption behind a firewall without trusted services", false, func(a *ClusterArgs) {
			a.Spec.DiskEncryption.Enabled = new(true)
			a.Vault = openVault()
			a.Vault.Reach = VaultReach{}
		}, "diskEncryption.enabled", "trusted Azure services"},
		{"defender without a workspace", false, func(a *ClusterArgs) {
			a.Spec.Defender, a.Spec.Addons.Monitoring, a.LogAnalyticsWorkspaceID = new(true), new(false), nil
		}, "defender", "Log Analytics workspace"},
		{"prod without a workspace", true, func(a *ClusterArgs) {
			a.Spec.Defender, a.Spec.Addons.Monitoring, a.LogAnalyticsWorkspaceID = new(false), new(false), nil
		}, "logAnalyticsWorkspaceId", "required in production"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := devArgs()
			if tc.prod {
				a = prodArgs()
			}
			tc.mut(a)
			err := a.Validate()
			require.Error(t, err)
			assert.Equal(t, []string{tc.key}, problemKeys(t, err))
			assert.Contains(t, err.Error(), tc.reason)
		})
	}
}

// TestDevMayTurnControlsOff: dev's cheap defaults are choices, not requirements.
func TestDevMayTurnControlsOff(t *testing.T) {
	a := devArgs()
	a.Spec.DisableRunCommand = new(false)
	a.Spec.NodeOSUpgradeChannel = NodeOSUnmanaged
	a.Spec.SystemPool.HostEncryption = new(false)
	assert.NoError(t, a.Validate())
}
