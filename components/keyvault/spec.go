// Package keyvault builds the platform's Azure Key Vault: RBAC authorization only (no access
// policies), soft delete with purge protection, a firewall that denies by default in every
// environment, no public access in production (a private endpoint with a
// privatelink.vaultcore.azure.net DNS zone instead), its audit log in Log Analytics, Key Vault
// Administrator for the platform admin groups, and secrets generated with pulumi-random that
// rotate on a schedule, expire after their rotation, and stay Pulumi secrets end to end.
package keyvault

// SKU is the Key Vault pricing tier.
type SKU string

// Key Vault pricing tiers; premium adds HSM-backed keys.
const (
	SKUStandard SKU = "standard"
	SKUPremium  SKU = "premium"
)

// Spec is what the config key aks-platform:keyVault asks for, as plain values. The JSON tags are
// the config keys. NewVault defaults a copy; Validate expects a defaulted spec.
type Spec struct {
	// Name is the vault's Azure name (3-24 letters, digits and hyphens, starting with a letter,
	// globally unique). Empty derives one from the component name, project and stack.
	Name string `json:"name,omitempty"`
	// SKU is standard or premium.
	SKU SKU `json:"sku,omitempty"`
	// SoftDeleteRetentionDays is how long a deleted vault or secret can be recovered (7-90).
	SoftDeleteRetentionDays int `json:"softDeleteRetentionDays,omitempty"`
	// PublicNetworkAccess opens the vault's public endpoint to AllowedIPRanges. When false the
	// vault is reached only through its private endpoint. Either way the firewall's default
	// action is Deny.
	PublicNetworkAccess *bool `json:"publicNetworkAccess,omitempty"`
	// AllowedIPRanges are the public IPv4 addresses or CIDR ranges the vault firewall lets
	// through while public access is on; nothing else reaches the public endpoint. Pulumi needs
	// none of them: it writes secrets through Azure Resource Manager, which the firewall does not
	// govern. Readers of the data plane do (people, CI jobs, and in dev the cluster's outbound
	// IP for the Secrets Store CSI driver).
	AllowedIPRanges []string `json:"allowedIpRanges,omitempty"`
	// AdminGroupObjectIDs are Entra ID group object IDs given Key Vault Administrator.
	AdminGroupObjectIDs []string `json:"adminGroupObjectIds,omitempty"`
	// Secrets are generated, written to the vault and rotated.
	Secrets []SecretSpec `json:"secrets,omitempty"`
}

// SecretSpec is one generated secret: a random password of Length characters drawn from the
// enabled character classes, regenerated every RotationDays days.
type SecretSpec struct {
	// Name is the Key Vault secret name: 1-127 letters, digits and hyphens.
	Name string `json:"name"`
	// Length is the number of characters (16-1024).
	Length int `json:"length,omitempty"`
	// Upper, Lower, Numeric and Special enable the character classes; each enabled class
	// appears at least once in the value.
	Upper   *bool `json:"upper,omitempty"`
	Lower   *bool `json:"lower,omitempty"`
	Numeric *bool `json:"numeric,omitempty"`
	Special *bool `json:"special,omitempty"`
	// RotationDays regenerates the value on the first `pulumi up` after each RotationDays-long
	// window (counted from the Unix epoch, UTC) ends.
	RotationDays int `json:"rotationDays,omitempty"`
	// ExpiresAfterDays sets the secret's expiry (attributes.exp) this many days after the start
	// of its rotation window; it must come after the rotation, so that the days in between are
	// the time left to run `pulumi up` before readers hold an expired secret.
	ExpiresAfterDays int `json:"expiresAfterDays,omitempty"`
	// ContentType is stored with the secret as a hint to readers.
	ContentType string `json:"contentType,omitempty"`
}

// PublicAccess reports whether the vault's public endpoint is open (after SetDefaults).
func (s Spec) PublicAccess() bool { return s.PublicNetworkAccess != nil && *s.PublicNetworkAccess }

// NeedsPrivateEndpoint reports whether the vault gets a private endpoint: always in production,
// and wherever public access is off (otherwise nothing could reach it).
func (s Spec) NeedsPrivateEndpoint(production bool) bool { return production || !s.PublicAccess() }

// SecretNames lists the names of the generated secrets, in config order; the stacks check that
// every secret a workload mounts is one of them.
func (s Spec) SecretNames() []string {
	names := make([]string, len(s.Secrets))
	for i, sec := range s.Secrets {
		names[i] = sec.Name
	}
	return names
}
