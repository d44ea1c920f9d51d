// Package registry provides the platform's Azure Container Registry: private in production
// (a private endpoint and the privatelink.azurecr.io zone linked to hub and spoke), no admin
// user, and AcrPull for the cluster's kubelet identity.
package registry

import (
	"regexp"

	"github.com/aksplatform/platform/validation"
)

// SKU is the registry tier.
type SKU string

// Registry tiers; private endpoints, zone redundancy and geo-replication need Premium.
const (
	Basic    SKU = "Basic"
	Standard SKU = "Standard"
	Premium  SKU = "Premium"
)

// Spec is the registry as plain values; its JSON names are the config keys under
// aks-platform:registry.
type Spec struct {
	// Name overrides the derived, globally unique registry name (5-50 letters and digits).
	Name string `json:"name"`
	// SKU is Basic, Standard or Premium.
	SKU SKU `json:"sku"`
	// AdminUserEnabled turns on the shared admin credential; never in production.
	AdminUserEnabled bool `json:"adminUserEnabled"`
	// PublicNetworkAccess keeps the public endpoint; off, the registry is reached through a
	// private endpoint only (Premium).
	PublicNetworkAccess *bool `json:"publicNetworkAccess"`
	// ZoneRedundancy spreads the registry over availability zones (Premium).
	ZoneRedundancy *bool `json:"zoneRedundancy"`
}

// SetDefaults fills every value left out of aks-platform:registry (dev / prod):
//
//	key                  default
//	name                 derived from the component name, project and stack (see Name)
//	sku                  Standard / Premium
//	adminUserEnabled     false
//	publicNetworkAccess  true / false (private endpoint + privatelink.azurecr.io)
//	zoneRedundancy       false / true when sku is Premium
func (s *Spec) SetDefaults(production bool) {
	if s.SKU == "" {
		s.SKU = Standard
		if production {
			s.SKU = Premium
		}
	}
	if s.PublicNetworkAccess == nil {
		s.PublicNetworkAccess = ptr(!production)
	}
	if s.ZoneRedundancy == nil {
		s.ZoneRedundancy = ptr(production && s.SKU == Premium)
	}
}

var namePattern = regexp.MustCompile(`^[a-zA-Z0-9]{5,50}$`)

// Validate returns nil or a *validation.Error listing every problem, keyed relative to the
// registry section.
func (s Spec) Validate(production bool) error {
	var ps validation.Problems
	if s.Name != "" && !namePattern.MatchString(s.Name) {
		ps.Addf("name", "%q must be 5-50 letters and digits (registry names are global DNS labels)", s.Name)
	}
	switch s.SKU {
	case Basic, Standard, Premium:
	default:
		ps.Addf("sku", "%q is not one of Basic, Standard, Premium", s.SKU)
	}
	if s.AdminUserEnabled && production {
		ps.Addf("adminUserEnabled", "must be false in production: the admin user is one shared credential outside Entra ID; the cluster pulls with AcrPull on its kubelet identity")
	}
	public := s.PublicNetworkAccess == nil || *s.PublicNetworkAccess
	if public && production {
		ps.Addf("publicNetworkAccess", "must be false in production: the registry is reached through a private endpoint")
	}
	if !public && s.SKU != Premium {
		ps.Addf("publicNetworkAccess", "false needs a private endpoint, which only the Premium SKU offers (sku is %s)", s.SKU)
	}
	if s.ZoneRedundancy != nil && *s.ZoneRedundancy && s.SKU != Premium {
		ps.Addf("zoneRedundancy", "needs the Premium SKU (sku is %s)", s.SKU)
	}
	return ps.Err()
}

// private reports whether the registry is reached through a private endpoint only.
func (s Spec) private() bool { return s.PublicNetworkAccess != nil && !*s.PublicNetworkAccess }

func ptr[T any](v T) *T { return &v }
