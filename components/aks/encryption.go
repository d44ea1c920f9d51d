package aks

import (
	"github.com/pulumi/pulumi-azure-native-sdk/compute/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/keyvault"
	"github.com/aksplatform/platform/components/rbac"
)

// DiskEncryptionSetType is the token of the disk encryption set a cluster with
// diskEncryption.enabled uses.
const DiskEncryptionSetType = "azure-native:compute:DiskEncryptionSet"

// encryption holds what the cluster takes from its keys.
type encryption struct {
	kmsKey *keyvault.Key      // nil without KMS
	diskID pulumi.StringInput // the disk encryption set's ID; nil without it
	deps   []pulumi.Resource  // role assignments the cluster waits for
}

// encryption creates the KMS key and the disk encryption set with their role assignments in
// the vault the cluster is given. The control plane identity is user-assigned, so its grants
// exist before the cluster: AKS documents KMS as failing with a system-assigned identity for
// that reason (https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#limitations).
func (b *builder) encryption(controlPlanePrincipalID pulumi.StringInput) (encryption, error) {
	var out encryption
	s := b.spec
	if defaults.True(s.KMS.Enabled) {
		key, err := b.key("-kms-key", "etcd-kms", s.KMS.Key)
		if err != nil {
			return out, err
		}
		out.kmsKey = key
		for _, g := range kmsGrants(s.KMS.KeyVaultNetworkAccess, key.ID, b.args.Vault.ID) {
			ra, err := rbac.Assign(b.ctx, b.name+g.suffix, rbac.Assignment{Role: g.role, Scope: g.scope, PrincipalID: controlPlanePrincipalID}, b.parent)
			if err != nil {
				return out, err
			}
			out.deps = append(out.deps, ra)
		}
	}
	if defaults.True(s.DiskEncryption.Enabled) {
		id, ra, err := b.diskEncryptionSet()
		if err != nil {
			return out, err
		}
		out.diskID = id
		out.deps = append(out.deps, ra)
	}
	return out, nil
}

// kmsGrant is one role the control plane identity needs for KMS.
type kmsGrant struct {
	suffix string
	role   rbac.Role
	scope  pulumi.StringInput
}

// kmsGrants are the roles AKS documents for KMS: Key Vault Crypto User, the narrowest built-in
// role with encrypt and decrypt (what the KMS plugin calls), on the key alone; and for a
// private vault Key Vault Contributor on the vault, with which AKS creates its private
// endpoint connection (https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption).
func kmsGrants(access VaultNetworkAccess, keyID, vaultID pulumi.StringInput) []kmsGrant {
	out := []kmsGrant{{"-kms-crypto-user", rbac.KeyVaultCryptoUser, keyID}}
	if access == VaultPrivate {
		out = append(out, kmsGrant{"-kms-vault-contributor", rbac.KeyVaultContributor, vaultID})
	}
	return out
}

// key creates an RSA key in the cluster's vault, named after the cluster.
func (b *builder) key(suffix, purpose string, spec keyvault.KeySpec) (*keyvault.Key, error) {
	v := b.args.Vault
	return keyvault.NewKey(b.ctx, b.name+suffix, &keyvault.KeyArgs{
		Spec:              spec,
		Name:              dnsPrefix(b.name) + "-" + purpose,
		ResourceGroupName: v.ResourceGroupName,
		VaultName:         v.Name,
		Now:               b.args.Today,
		Tags:              b.args.Tags,
	}, b.parent)
}

// diskEncryptionSet creates the customer-managed key, the disk encryption set that follows its
// latest version, and the set's grant on the key: Key Vault Crypto Service Encryption User
// (read, wrap, unwrap), the role the disk encryption docs name for an RBAC vault
// (https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys). The set's identity
// is system-assigned (the only type a new set takes), so the grant follows the set and the
// cluster waits for the grant.
func (b *builder) diskEncryptionSet() (pulumi.StringInput, pulumi.Resource, error) {
	key, err := b.key("-disk-key", "disk-cmk", b.spec.DiskEncryption.Key)
	if err != nil {
		return nil, nil, err
	}
	des, err := compute.NewDiskEncryptionSet(b.ctx, b.name+"-des", &compute.DiskEncryptionSetArgs{
		ResourceGroupName: b.args.ResourceGroupName,
		Location:          b.location(),
		Identity:          &compute.EncryptionSetIdentityArgs{Type: pulumi.String(string(compute.DiskEncryptionSetIdentityTypeSystemAssigned))},
		EncryptionType:    pulumi.String(string(compute.DiskEncryptionSetTypeEncryptionAtRestWithCustomerKey)),
		ActiveKey: &compute.KeyForDiskEncryptionSetArgs{
			KeyUrl:      key.VersionedURI, // the API wants a version even when it rotates by itself
			SourceVault: &compute.SourceVaultArgs{Id: b.args.Vault.ID},
		},
		RotationToLatestKeyVersionEnabled: pulumi.Bool(true),
		Tags:                              b.args.Tags,
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	ra, err := rbac.Assign(b.ctx, b.name+"-des-crypto", rbac.Assignment{
		Role:        rbac.KeyVaultCryptoServiceEncryptionUser,
		Scope:       key.ID,
		PrincipalID: des.Identity.PrincipalId().Elem(),
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	return des.ID().ToStringOutput(), ra, nil
}
