package aks

import (
	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// validateSecurity checks the security controls of a defaulted spec. Production refuses the
// insecure values of the controls that cost nothing to keep on there: run command, host
// encryption, and an unmanaged node OS.
func (s Spec) validateSecurity(ps *validation.Problems, production bool) {
	if ic := s.ImageCleaner; defaults.True(ic.Enabled) && (ic.IntervalHours < MinImageCleanerHours || ic.IntervalHours > MaxImageCleanerHours) {
		// https://learn.microsoft.com/azure/aks/image-cleaner
		ps.Addf("imageCleaner.intervalHours", "%d must be between %d and %d (AKS's range)", ic.IntervalHours, MinImageCleanerHours, MaxImageCleanerHours)
	}
	if defaults.True(s.KMS.Enabled) {
		switch s.KMS.KeyVaultNetworkAccess {
		case VaultPublic:
		case VaultPrivate:
			// https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption: a private key vault
			// works only through API server VNet integration, which the AKS API version this
			// platform deploys (2024-09-01) has no property for, so AKS would refuse the cluster.
			ps.Addf("kms.keyVaultNetworkAccess", "Private needs API server VNet integration (AKS refuses Konnectivity for private key vaults since 2024-09-15), which the AKS API version 2024-09-01 used here cannot turn on; use a vault open to all networks with Public, or leave kms off")
		default:
			ps.Addf("kms.keyVaultNetworkAccess", "%q is not one of Public, Private", s.KMS.KeyVaultNetworkAccess)
		}
		ps.Merge("kms.key", s.KMS.Key.Validate())
	}
	if defaults.True(s.DiskEncryption.Enabled) {
		ps.Merge("diskEncryption.key", s.DiskEncryption.Key.Validate())
	}
	if !production {
		return
	}
	if !defaults.True(s.DisableRunCommand) {
		// https://learn.microsoft.com/azure/aks/access-private-cluster#disable-run-command
		ps.Addf("disableRunCommand", "must be true in production: run command executes kubectl in the cluster for anyone with the ARM permission, around the private API server")
	}
	for _, kp := range s.Pools() {
		if !defaults.True(kp.Pool.HostEncryption) {
			// https://learn.microsoft.com/azure/aks/enable-host-encryption
			ps.Addf(kp.Key+".hostEncryption", "must be true in production: without it the nodes' temp disks and disk caches are not encrypted at rest (needs the subscription feature Microsoft.Compute/EncryptionAtHost)")
		}
	}
	if !s.NodeOSUpgradeChannel.Managed() {
		// https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image
		ps.Addf("nodeOsUpgradeChannel", "%s leaves node OS security updates unapplied or outside a maintenance window; production needs NodeImage or SecurityPatch", s.NodeOSUpgradeChannel)
	}
}

// validateSecurityWiring checks what the security controls need from the args: the workspace
// Defender and the diagnostic settings report to, and a vault that AKS and the disk
// encryption set can reach.
func (a *ClusterArgs) validateSecurityWiring(ps *validation.Problems, s Spec) {
	if a.LogAnalyticsWorkspaceID == nil {
		if defaults.True(s.Defender) {
			ps.Addf("defender", "needs the Log Analytics workspace (LogAnalyticsWorkspaceID) that Defender reports to")
		}
		if a.Production {
			ps.Addf("logAnalyticsWorkspaceId", "is required in production: the control plane's audit and diagnostic logs go there")
		}
	}
	kms, disks := defaults.True(s.KMS.Enabled), defaults.True(s.DiskEncryption.Enabled)
	if (kms || disks) && a.Vault == nil {
		key := "kms.enabled"
		if !kms {
			key = "diskEncryption.enabled"
		}
		ps.Addf(key, "needs the Key Vault that holds the key (Vault)")
		return
	}
	if a.Vault != nil {
		ps.Merge("", s.CheckVault(a.Vault.Reach))
	}
}

// CheckVault checks a defaulted spec's KMS and disk encryption against how reachable the vault
// that holds their keys is; nil when neither is enabled. Keys are relative to the aks section.
func (s Spec) CheckVault(r VaultReach) error {
	var ps validation.Problems
	if defaults.True(s.KMS.Enabled) && s.KMS.KeyVaultNetworkAccess == VaultPublic && !r.OpenToAllNetworks {
		// https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#limitations
		ps.Addf("kms.keyVaultNetworkAccess", "Public reaches the vault's public endpoint, but the vault's public access is off or its firewall denies by default, which blocks the KMS plugin; AKS supports only the Private variant for such a vault")
	}
	if defaults.True(s.DiskEncryption.Enabled) && !r.OpenToAllNetworks && !r.TrustedServices {
		// https://learn.microsoft.com/azure/virtual-machines/disk-encryption#restrictions
		ps.Addf("diskEncryption.enabled", "the vault's firewall does not let trusted Azure services through (bypass AzureServices), so the disk encryption set cannot reach the key")
	}
	return ps.Err()
}
