package keyvault

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// Limits enforced by Validate.
const (
	MinRetentionDays = 7
	MaxRetentionDays = 90
	MinSecretLength  = 16
	MaxSecretLength  = 1024
	MaxRotationDays  = 3650
	// MaxExpiryDays bounds expiresAfterDays: the longest rotation plus a year of grace.
	MaxExpiryDays = MaxRotationDays + 365
	maxVaultName  = 24
	maxSecretName = 127
	// minIPRangeBits is the widest firewall range accepted: a /8, as wide as any private block.
	minIPRangeBits = 8
)

var (
	secretNameRE = regexp.MustCompile(`^[0-9A-Za-z-]+$`)
	vaultNameRE  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$`)
)

// CheckSecretName returns why name is not a valid Key Vault secret name, or nil.
func CheckSecretName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("secret name is required")
	case len(name) > maxSecretName:
		return fmt.Errorf("secret name %q is %d characters; Key Vault allows at most %d", name, len(name), maxSecretName)
	case !secretNameRE.MatchString(name):
		return fmt.Errorf("secret name %q may hold only letters, digits and hyphens", name)
	}
	return nil
}

// CheckVaultName returns why name is not a valid Key Vault name, or nil.
func CheckVaultName(name string) error {
	switch {
	case len(name) < 3 || len(name) > maxVaultName:
		return fmt.Errorf("vault name %q is %d characters; Key Vault needs 3-%d", name, len(name), maxVaultName)
	case !vaultNameRE.MatchString(name):
		return fmt.Errorf("vault name %q must start with a letter, end with a letter or digit and hold only letters, digits and hyphens", name)
	case strings.Contains(name, "--"):
		return fmt.Errorf("vault name %q must not contain consecutive hyphens", name)
	}
	return nil
}

// Validate returns nil or a *validation.Error listing every problem, keyed relative to the
// spec (for example "secrets[2].length"). It expects a spec that went through SetDefaults.
func (s Spec) Validate(production bool) error {
	var ps validation.Problems
	if s.Name != "" {
		if err := CheckVaultName(s.Name); err != nil {
			ps.Addf("name", "%v", err)
		}
	}
	if s.SKU != SKUStandard && s.SKU != SKUPremium {
		ps.Addf("sku", "unknown SKU %q; use %s or %s", s.SKU, SKUStandard, SKUPremium)
	}
	if d := s.SoftDeleteRetentionDays; d < MinRetentionDays || d > MaxRetentionDays {
		ps.Addf("softDeleteRetentionDays", "%d days is outside the %d-%d days Key Vault keeps deleted vaults", d, MinRetentionDays, MaxRetentionDays)
	}
	s.validateNetwork(production, &ps)
	seen := map[string]int{}
	for i, id := range s.AdminGroupObjectIDs {
		key := validation.Index("adminGroupObjectIds", i)
		if !validation.IsGUID(id) {
			ps.Addf(key, "%q is not an Entra ID object ID (a GUID)", id)
		}
		if j, dup := seen[strings.ToLower(id)]; dup {
			ps.Addf(key, "group %s is already listed at adminGroupObjectIds[%d]", id, j)
		} else {
			seen[strings.ToLower(id)] = i
		}
	}
	names := map[string]int{}
	for i, sec := range s.Secrets {
		ps.Merge(validation.Index("secrets", i), sec.Validate())
		// Key Vault secret names are case-insensitive.
		lower := strings.ToLower(sec.Name)
		if j, dup := names[lower]; dup && sec.Name != "" {
			ps.Addf(validation.Index("secrets", i)+".name", "secret %q is already defined at secrets[%d] (names are case-insensitive)", sec.Name, j)
		} else {
			names[lower] = i
		}
	}
	return ps.Err()
}

func (s Spec) validateNetwork(production bool, ps *validation.Problems) {
	if s.PublicNetworkAccess == nil {
		ps.Addf("publicNetworkAccess", "not set; call SetDefaults before Validate")
		return
	}
	public := *s.PublicNetworkAccess
	// The firewall's default action is always Deny, so a public endpoint without ranges admits
	// nobody but Azure's trusted services. Pulumi does not need it (it writes secrets through
	// Resource Manager, which the firewall does not govern), but every data-plane reader does:
	// https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints
	if public && len(s.AllowedIPRanges) == 0 {
		ps.Addf("allowedIpRanges", "publicNetworkAccess is true but no range is listed: the vault firewall denies by default, so the public endpoint admits no reader; "+
			"list the networks that read secrets (your office or CI egress, in dev the cluster's outbound IP) or set publicNetworkAccess false for a private endpoint")
	}
	if !public && len(s.AllowedIPRanges) > 0 {
		ps.Addf("allowedIpRanges", "%d ranges listed but publicNetworkAccess is false, so the firewall never applies them", len(s.AllowedIPRanges))
	}
	seen := map[string]int{}
	for i, r := range s.AllowedIPRanges {
		key := validation.Index("allowedIpRanges", i)
		if err := checkIPRange(r); err != nil {
			ps.Addf(key, "%v", err)
			continue
		}
		if j, dup := seen[r]; dup {
			ps.Addf(key, "%s is already listed at allowedIpRanges[%d]", r, j)
		}
		seen[r] = i
	}
}

// checkIPRange accepts an IPv4 address or an IPv4 CIDR range of /8 or narrower, written as its
// network address.
func checkIPRange(r string) error {
	if a, err := netip.ParseAddr(r); err == nil {
		if !a.Is4() {
			return fmt.Errorf("%s is not IPv4; the Key Vault firewall takes IPv4 only", r)
		}
		return nil
	}
	p, err := netip.ParsePrefix(r)
	if err != nil {
		return fmt.Errorf("%q is neither an IPv4 address nor a CIDR range", r)
	}
	if !p.Addr().Is4() {
		return fmt.Errorf("%s is not IPv4; the Key Vault firewall takes IPv4 only", r)
	}
	if p.Masked() != p {
		return fmt.Errorf("%s has host bits set; did you mean %s?", r, p.Masked())
	}
	if p.Bits() < minIPRangeBits {
		return fmt.Errorf("%s admits a large part of the internet (0.0.0.0/0 split up is still open); list the networks that need the vault", r)
	}
	return nil
}

// Validate returns the problems of one secret, keyed relative to it ("length").
func (s SecretSpec) Validate() error {
	var ps validation.Problems
	if err := CheckSecretName(s.Name); err != nil {
		ps.Addf("name", "%v", err)
	}
	if s.Length < MinSecretLength || s.Length > MaxSecretLength {
		ps.Addf("length", "length %d is outside %d-%d; shorter generated secrets are guessable", s.Length, MinSecretLength, MaxSecretLength)
	}
	if !defaults.True(s.Upper) && !defaults.True(s.Lower) && !defaults.True(s.Numeric) && !defaults.True(s.Special) {
		ps.Addf("upper", "every character class (upper, lower, numeric, special) is off; enable at least one")
	}
	if s.RotationDays < 1 || s.RotationDays > MaxRotationDays {
		ps.Addf("rotationDays", "%d is outside 1-%d days; every generated secret rotates, so that it can carry an expiry", s.RotationDays, MaxRotationDays)
	}
	// The expiry counts from the start of the rotation window, like the rotation itself, so
	// comparing the two numbers compares the two dates in every window.
	switch e := s.ExpiresAfterDays; {
	case e > MaxExpiryDays:
		ps.Addf("expiresAfterDays", "%d is more than %d days", e, MaxExpiryDays)
	case e <= s.RotationDays:
		ps.Addf("expiresAfterDays", "%d days after the window starts the secret expires, on or before its rotation at %d days: readers would hold an expired secret until the next `pulumi up` regenerates it; "+
			"set expiresAfterDays above rotationDays (the default is rotationDays + %d)", e, s.RotationDays, DefaultExpiryGraceDays)
	}
	return ps.Err()
}
