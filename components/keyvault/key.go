package keyvault

import (
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// Key rotation limits Key Vault enforces on a rotation policy
// (https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation): a rotation
// at least 7 days after creation, an expiry of at least 28 days, a notification at least 7 days
// before expiry.
const (
	MinKeyRotationDays = 7
	MinKeyExpiryDays   = 28
	// KeyNotifyDays is how long before a version expires Key Vault sends its near-expiry event.
	KeyNotifyDays = 30
)

// KeySizes are the RSA sizes Key Vault creates; 2048 is also the minimum the Microsoft cloud
// security benchmark accepts ("Keys using RSA cryptography should have a specified minimum key
// size").
var KeySizes = []int{2048, 3072, 4096}

var keyNamePattern = regexp.MustCompile(`^[a-zA-Z0-9-]{1,127}$`)

// KeySpec is an RSA key that Key Vault rotates by itself. Its JSON names are config keys
// under whichever section asks for the key (aks-platform:aks.kms.key).
type KeySpec struct {
	// Size is the RSA modulus in bits: 2048, 3072 or 4096.
	Size int `json:"size,omitempty"`
	// RotationDays is how long after its creation Key Vault replaces a version with a new one.
	RotationDays int `json:"rotationDays,omitempty"`
	// ExpiryDays is how long a version stays valid. A user of the key that holds a versioned
	// key ID (AKS KMS) keeps two versions in use, so it must be at least twice RotationDays.
	ExpiryDays int `json:"expiryDays,omitempty"`
}

// SetDefaults fills zero values:
//
//	key            default
//	size           2048 (the benchmark's minimum, and the size Key Vault bills at the
//	               standard key rate; 3072 and 4096 are billed as advanced keys)
//	rotationDays   90
//	expiryDays     365 (two rotations plus the time to pick the new version up)
func (k *KeySpec) SetDefaults() {
	defaults.Set(&k.Size, 2048)
	defaults.Set(&k.RotationDays, 90)
	defaults.Set(&k.ExpiryDays, 365)
}

// Validate checks a defaulted key spec; keys are relative to the key's section ("size").
// Rotation always comes before expiry, with the second-to-last version still valid when the
// next one is created: AKS KMS encrypts with the newest version it was given and decrypts with
// the previous one until every secret is rewritten
// (https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#rotate-existing-keys-in-a-public-key-vault).
func (k KeySpec) Validate() error {
	var ps validation.Problems
	if !slices.Contains(KeySizes, k.Size) {
		ps.Addf("size", "%d is not an RSA size Key Vault creates (%v)", k.Size, KeySizes)
	}
	if k.RotationDays < MinKeyRotationDays {
		ps.Addf("rotationDays", "%d is under the %d days Key Vault's rotation policy allows after creation", k.RotationDays, MinKeyRotationDays)
	}
	switch {
	case k.ExpiryDays < MinKeyExpiryDays:
		ps.Addf("expiryDays", "%d is under the %d days Key Vault's rotation policy allows", k.ExpiryDays, MinKeyExpiryDays)
	case k.ExpiryDays < 2*k.RotationDays:
		ps.Addf("expiryDays", "%d expires a version before the next rotation retires it: a versioned user (AKS KMS) still decrypts with the previous version, so it must be at least 2 x rotationDays (%d)", k.ExpiryDays, 2*k.RotationDays)
	case k.ExpiryDays-k.RotationDays < KeyNotifyDays:
		ps.Addf("expiryDays", "%d leaves under %d days between rotation and expiry, the window in which Key Vault notifies and the new version is picked up", k.ExpiryDays, KeyNotifyDays)
	}
	return ps.Err()
}

// KeyArgs places a key in an existing vault.
type KeyArgs struct {
	// Spec is the key's size and rotation; NewKey defaults a copy.
	Spec KeySpec
	// Name is the key's name in the vault: 1-127 letters, digits and hyphens.
	Name string
	// ResourceGroupName and VaultName locate the vault (the vault's group, not the caller's).
	ResourceGroupName pulumi.StringInput
	VaultName         pulumi.StringInput
	// Now dates the first version's expiry; zero means time.Now().
	Now time.Time
	// Tags go on the key.
	Tags pulumi.StringMapInput
}

// Validate checks the defaulted spec and the wiring, keys relative to the key's section.
func (a *KeyArgs) Validate() error {
	if a == nil {
		return validation.Required("keyvault.Key")
	}
	spec := a.Spec
	spec.SetDefaults()
	var ps validation.Problems
	ps.Merge("", spec.Validate())
	if !keyNamePattern.MatchString(a.Name) {
		ps.Addf("name", "%q must be 1-127 letters, digits or hyphens", a.Name)
	}
	if a.ResourceGroupName == nil {
		ps.Addf("resourceGroupName", "is required: the vault's resource group")
	}
	if a.VaultName == nil {
		ps.Addf("vaultName", "is required")
	}
	return ps.Err()
}

// Key is an RSA key in a vault with its rotation policy.
type Key struct {
	// Resource is the azure-native key; its ID is the narrowest role assignment scope.
	Resource *keyvault.Key
	// ID is the key's ARM resource ID (<vault ID>/keys/<name>).
	ID pulumi.StringOutput
	// URI is the versionless key identifier; VersionedURI names the current version, which
	// AKS KMS and disk encryption sets require. After Key Vault rotates the key, a refresh
	// reads the new version and the next `pulumi up` hands it to them.
	URI          pulumi.StringOutput
	VersionedURI pulumi.StringOutput
}

// NewKey registers the key. The caller parents it (pulumi.Parent) to the component that uses it.
//
// The key is kept when the stack is destroyed (RetainOnDelete): a cluster whose etcd or disks
// it encrypts cannot recover without it, and with purge protection it could not be recreated
// under the same name anyway. Key Vault's ARM API never rewrites an existing key, so the first
// version's expiry is fixed at creation (later plans ignore the drift) and every later version
// takes its expiry from the rotation policy.
func NewKey(ctx *pulumi.Context, name string, args *KeyArgs, opts ...pulumi.ResourceOption) (*Key, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	spec := args.Spec
	spec.SetDefaults()
	now := args.Now
	if now.IsZero() {
		now = time.Now()
	}
	expires := now.UTC().AddDate(0, 0, spec.ExpiryDays).Truncate(24 * time.Hour)
	k, err := keyvault.NewKey(ctx, name, &keyvault.KeyArgs{
		KeyName:           pulumi.String(args.Name),
		ResourceGroupName: args.ResourceGroupName,
		VaultName:         args.VaultName,
		Properties: &keyvault.KeyPropertiesArgs{
			Kty:     pulumi.String(string(keyvault.JsonWebKeyTypeRSA)),
			KeySize: pulumi.Int(spec.Size),
			// encrypt/decrypt for the AKS KMS plugin, wrapKey/unwrapKey for disk encryption sets.
			KeyOps: pulumi.ToStringArray([]string{"encrypt", "decrypt", "wrapKey", "unwrapKey"}),
			Attributes: &keyvault.KeyAttributesArgs{
				Enabled: pulumi.Bool(true),
				Expires: pulumi.Float64(float64(expires.Unix())),
			},
			RotationPolicy: spec.rotationPolicy(),
		},
		Tags: args.Tags,
	}, append(opts, pulumi.RetainOnDelete(true), pulumi.IgnoreChanges([]string{"properties.attributes.expires"}))...)
	if err != nil {
		return nil, err
	}
	return &Key{Resource: k, ID: k.ID().ToStringOutput(), URI: k.KeyUri, VersionedURI: k.KeyUriWithVersion}, nil
}

// rotationPolicy rotates RotationDays after each version's creation, notifies KeyNotifyDays
// before expiry, and gives new versions ExpiryDays.
func (k KeySpec) rotationPolicy() *keyvault.RotationPolicyArgs {
	days := func(n int) pulumi.StringInput { return pulumi.String(fmt.Sprintf("P%dD", n)) }
	return &keyvault.RotationPolicyArgs{
		Attributes: &keyvault.KeyRotationPolicyAttributesArgs{ExpiryTime: days(k.ExpiryDays)},
		LifetimeActions: keyvault.LifetimeActionArray{
			&keyvault.LifetimeActionArgs{
				Action:  &keyvault.ActionArgs{Type: keyvault.KeyRotationPolicyActionTypeRotate},
				Trigger: &keyvault.TriggerArgs{TimeAfterCreate: days(k.RotationDays)},
			},
			&keyvault.LifetimeActionArgs{
				Action:  &keyvault.ActionArgs{Type: keyvault.KeyRotationPolicyActionTypeNotify},
				Trigger: &keyvault.TriggerArgs{TimeBeforeExpiry: days(KeyNotifyDays)},
			},
		},
	}
}
