package stacks

import (
	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/validation"
)

// The cluster's KMS etcd encryption and customer-managed disk encryption keep their keys in
// the region's vault, which is built before the cluster for that reason. How reachable the
// vault is decides which KMS variant AKS accepts, so the stack checks the aks section against
// the keyVault section with the environment's other problems, before anything is registered.

// vaultReach is how the region vaults let AKS and disk encryption sets in, as the keyvault
// component builds them from the keyVault section (defaulted).
func (e *Environment) vaultReach() aks.VaultReach {
	return aks.VaultReach{
		OpenToAllNetworks: e.KeyVault.OpenToAllNetworks(),
		TrustedServices:   e.KeyVault.TrustsAzureServices(),
	}
}

// validateClusterVault reports, under aks, a KMS or disk encryption setting the region vault
// cannot serve (e.g. keyVaultNetworkAccess Public with a firewalled vault).
func (e *Environment) validateClusterVault(ps *validation.Problems) {
	ps.Merge(Key("aks"), e.AKS.CheckVault(e.vaultReach()))
}

// clusterVault is the region vault as the cluster takes it.
func (b *regionBuilder) clusterVault() *aks.VaultRef {
	return &aks.VaultRef{
		ID:                b.vault.VaultID,
		Name:              b.vault.VaultName,
		ResourceGroupName: b.spokeRG.Name,
		Reach:             b.env.vaultReach(),
	}
}
