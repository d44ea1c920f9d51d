package aks

import (
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/keyvault"
)

// VaultNetworkAccess is how the AKS KMS plugin reaches the key vault
// (securityProfile.azureKeyVaultKms.keyVaultNetworkAccess).
type VaultNetworkAccess string

// KMS key vault network access modes
// (https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption).
const (
	// VaultPublic reaches the vault's public endpoint, which must then be open to all networks:
	// AKS documents a vault firewall (selected networks or public access off) as unsupported.
	VaultPublic VaultNetworkAccess = "Public"
	// VaultPrivate has AKS create a private endpoint to the vault in the node resource group;
	// it needs the API server VNet integration tunnel (Konnectivity is refused for it since
	// 2024-09-15) and Key Vault Contributor on the vault for the identity.
	VaultPrivate VaultNetworkAccess = "Private"
)

// KMS is etcd encryption of Kubernetes secrets with a key in the region's Key Vault
// (aks-platform:aks.kms).
type KMS struct {
	// Enabled turns KMS on; the key is created in the vault the cluster is given (ClusterArgs.Vault).
	Enabled *bool `json:"enabled"`
	// KeyVaultNetworkAccess is Public or Private; it must match how the vault is reachable.
	KeyVaultNetworkAccess VaultNetworkAccess `json:"keyVaultNetworkAccess"`
	// Key is the key's size and rotation (aks.kms.key.size, .rotationDays, .expiryDays).
	Key keyvault.KeySpec `json:"key"`
}

// ImageCleaner removes unused, vulnerable images from the nodes (aks-platform:aks.imageCleaner).
type ImageCleaner struct {
	// Enabled runs Image Cleaner.
	Enabled *bool `json:"enabled"`
	// IntervalHours is how often it scans, 24-2160.
	IntervalHours int `json:"intervalHours"`
}

// DiskEncryption encrypts node OS and data disks with a customer-managed key through a disk
// encryption set (aks-platform:aks.diskEncryption). An opt-in: platform-managed keys already
// encrypt every disk; a customer key adds a key to rotate and a vault the nodes cannot boot
// without.
type DiskEncryption struct {
	// Enabled creates the disk encryption set and key and sets the cluster's diskEncryptionSetID.
	Enabled *bool `json:"enabled"`
	// Key is the key's size and rotation; the set follows the key's latest version by itself.
	Key keyvault.KeySpec `json:"key"`
}

// VaultRef is the region's Key Vault as the cluster uses it: where the KMS and disk keys go,
// and how reachable it is, which decides what AKS accepts.
type VaultRef struct {
	// ID, Name and ResourceGroupName locate the vault.
	ID                pulumi.StringInput
	Name              pulumi.StringInput
	ResourceGroupName pulumi.StringInput
	// Reach is how the vault's network settings let AKS and disk encryption sets in.
	Reach VaultReach
}

// VaultReach is how reachable a vault is, as plain values, so that a stack checks its KMS and
// disk encryption settings (Spec.CheckVault) before anything is registered.
type VaultReach struct {
	// OpenToAllNetworks says the public endpoint is on and the firewall's default action is
	// Allow: the only vault KMS can reach with keyVaultNetworkAccess Public.
	OpenToAllNetworks bool
	// TrustedServices says the firewall lets trusted Azure services through (bypass
	// AzureServices), which a disk encryption set needs behind a firewall.
	TrustedServices bool
}

// Image Cleaner's scan interval bounds (https://learn.microsoft.com/azure/aks/image-cleaner).
const (
	MinImageCleanerHours = 24
	MaxImageCleanerHours = 2160
)

// setSecurityDefaults fills the security controls; Spec.SetDefaults documents them.
func (s *Spec) setSecurityDefaults(production bool) {
	defaults.SetPtr(&s.Defender, production)
	defaults.SetPtr(&s.ImageCleaner.Enabled, true)
	defaults.Set(&s.ImageCleaner.IntervalHours, 168)
	defaults.SetPtr(&s.DisableRunCommand, true)
	defaults.SetPtr(&s.KMS.Enabled, false)
	defaults.Set(&s.KMS.KeyVaultNetworkAccess, VaultPrivate)
	defaults.SetPtr(&s.DiskEncryption.Enabled, false)
	if defaults.True(s.KMS.Enabled) {
		s.KMS.Key.SetDefaults()
	}
	if defaults.True(s.DiskEncryption.Enabled) {
		s.DiskEncryption.Key.SetDefaults()
	}
}

// securityProfile is the cluster's security profile: workload identity always, Defender to
// the region's workspace, Image Cleaner, and KMS with the key (nil when KMS is off). Every
// control is sent on or off, so turning one off in config turns it off in the cluster.
func (b *builder) securityProfile(kmsKey *keyvault.Key) *containerservice.ManagedClusterSecurityProfileArgs {
	s := b.spec
	defender := &containerservice.ManagedClusterSecurityProfileDefenderArgs{
		SecurityMonitoring: &containerservice.ManagedClusterSecurityProfileDefenderSecurityMonitoringArgs{Enabled: pulumi.Bool(defaults.True(s.Defender))},
	}
	if defaults.True(s.Defender) {
		// ARM wants the workspace only while Defender is on.
		defender.LogAnalyticsWorkspaceResourceId = b.args.LogAnalyticsWorkspaceID
	}
	p := &containerservice.ManagedClusterSecurityProfileArgs{
		WorkloadIdentity: &containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs{Enabled: pulumi.Bool(true)},
		ImageCleaner: &containerservice.ManagedClusterSecurityProfileImageCleanerArgs{
			Enabled:       pulumi.Bool(defaults.True(s.ImageCleaner.Enabled)),
			IntervalHours: pulumi.Int(s.ImageCleaner.IntervalHours),
		},
		Defender:         defender,
		AzureKeyVaultKms: &containerservice.AzureKeyVaultKmsArgs{Enabled: pulumi.Bool(false)},
	}
	if kmsKey != nil {
		kms := &containerservice.AzureKeyVaultKmsArgs{
			Enabled:               pulumi.Bool(true),
			KeyId:                 kmsKey.VersionedURI, // AKS requires a versioned key identifier
			KeyVaultNetworkAccess: pulumi.String(string(s.KMS.KeyVaultNetworkAccess)),
		}
		if s.KMS.KeyVaultNetworkAccess == VaultPrivate {
			kms.KeyVaultResourceId = b.args.Vault.ID // required with Private, empty with Public
		}
		p.AzureKeyVaultKms = kms
	}
	return p
}
