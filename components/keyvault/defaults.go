package keyvault

import "github.com/aksplatform/platform/components/defaults"

// Defaults applied by SetDefaults.
const (
	DefaultSKU                     = SKUStandard
	DefaultSoftDeleteRetentionDays = 90
	DefaultSecretLength            = 32
	DefaultContentType             = "text/plain"
	DefaultRotationDays            = 90
	// DefaultExpiryGraceDays is how long after its rotation date a secret expires by default:
	// a month to run `pulumi up` once the rotation window has ended.
	DefaultExpiryGraceDays = 30
)

// SetDefaults fills zero values with the documented defaults:
//
//	key                        default
//	name                       DeriveVaultName: component name, cut to fit, + 6 hex of a hash
//	sku                        standard
//	softDeleteRetentionDays    90
//	publicNetworkAccess        true when allowedIpRanges are listed, else false / false
//	allowedIpRanges            none
//	adminGroupObjectIds        none
//	secrets[].length           32
//	secrets[].upper            true
//	secrets[].lower            true
//	secrets[].numeric          true
//	secrets[].special          true
//	secrets[].rotationDays     90
//	secrets[].expiresAfterDays rotationDays + 30
//	secrets[].contentType      text/plain
//
// Purge protection is always on and has no key; the firewall's default action is always Deny.
// A dev vault is public only when it lists who may reach it: without allowedIpRanges it gets a
// private endpoint like production, so that the cluster can read it.
func (s *Spec) SetDefaults(production bool) {
	defaults.Set(&s.SKU, DefaultSKU)
	defaults.Set(&s.SoftDeleteRetentionDays, DefaultSoftDeleteRetentionDays)
	defaults.SetPtr(&s.PublicNetworkAccess, !production && len(s.AllowedIPRanges) > 0)
	for i := range s.Secrets {
		s.Secrets[i].SetDefaults()
	}
}

// SetDefaults fills a secret's zero values; see Spec.SetDefaults for the table.
func (s *SecretSpec) SetDefaults() {
	defaults.Set(&s.Length, DefaultSecretLength)
	for _, class := range []**bool{&s.Upper, &s.Lower, &s.Numeric, &s.Special} {
		defaults.SetPtr(class, true)
	}
	defaults.Set(&s.ContentType, DefaultContentType)
	defaults.Set(&s.RotationDays, DefaultRotationDays)
	defaults.Set(&s.ExpiresAfterDays, s.RotationDays+DefaultExpiryGraceDays)
}

// clone returns a deep copy, so that defaulting args never mutates the caller's spec.
func (s Spec) clone() Spec {
	c := s
	c.AllowedIPRanges = append([]string(nil), s.AllowedIPRanges...)
	c.AdminGroupObjectIDs = append([]string(nil), s.AdminGroupObjectIDs...)
	c.Secrets = append([]SecretSpec(nil), s.Secrets...)
	if s.PublicNetworkAccess != nil {
		c.PublicNetworkAccess = new(*s.PublicNetworkAccess)
	}
	return c
}
