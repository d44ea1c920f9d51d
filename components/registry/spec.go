// Package registry provides the platform's Azure Container Registry: private in production
// (a private endpoint and the privatelink.azurecr.io zone linked to hub and spoke), no admin
// user, AcrPull for the cluster's kubelet identity, and the artifact cache rules through which
// nodes pull every third-party image the platform deploys, so that no node pulls from the
// Internet.
package registry

import (
	"regexp"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// ComponentType is the type token of the Registry component.
const ComponentType = "aksplatform:registry:Registry"

// SKU is the registry tier.
type SKU string

// Registry tiers; private endpoints, zone redundancy and geo-replication need Premium. The
// artifact cache works in every tier.
const (
	Basic    SKU = "Basic"
	Standard SKU = "Standard"
	Premium  SKU = "Premium"
)

// Spec is the registry as plain values; its JSON names are the config keys under
// aks-platform:registry.
type Spec struct {
	// Name overrides the derived, globally unique registry name (5-50 letters and digits).
	Name string `json:"name,omitempty"`
	// SKU is Basic, Standard or Premium.
	SKU SKU `json:"sku,omitempty"`
	// AdminUserEnabled turns on the shared admin credential; never in production.
	AdminUserEnabled bool `json:"adminUserEnabled,omitempty"`
	// PublicNetworkAccess keeps the public endpoint; off, the registry is reached through a
	// private endpoint only (Premium).
	PublicNetworkAccess *bool `json:"publicNetworkAccess,omitempty"`
	// ZoneRedundancy spreads the registry over availability zones (Premium).
	ZoneRedundancy *bool `json:"zoneRedundancy,omitempty"`
	// ExportEnabled lets artifacts leave the registry through `az acr import` into another
	// registry or a transfer pipeline. Off needs Premium and a private registry; see security.go.
	ExportEnabled *bool `json:"exportEnabled,omitempty"`
	// UntaggedRetentionDays deletes manifests that have had no tag for this many days (1-365;
	// Premium only). Every `docker push` of a moved tag leaves the old manifest untagged.
	UntaggedRetentionDays int `json:"untaggedRetentionDays,omitempty"`
	// Credentials are the artifact cache's credential sets, at most one per upstream: Docker
	// Hub needs one (see Upstreams); for the others one lifts the anonymous rate limits.
	Credentials []Credential `json:"credentials,omitempty"`
}

// Credential is one artifact cache credential set: the user name and password (or token) the
// registry signs in to an upstream with, kept as Key Vault secrets. The credential set's own
// managed identity reads the two secrets; NewRegistry grants it Key Vault Secrets User on each
// of them and nothing wider.
// https://learn.microsoft.com/azure/container-registry/artifact-cache-overview
type Credential struct {
	// LoginServer is the upstream registry, e.g. docker.io (one of Upstreams that accepts
	// credentials).
	LoginServer string `json:"loginServer"`
	// KeyVaultID is the ARM ID of the vault that holds both secrets: the scope of the role
	// assignments that let the credential set read them.
	KeyVaultID string `json:"keyVaultId"`
	// UsernameSecretID and PasswordSecretID are Key Vault secret identifiers,
	// https://<vault>.vault.azure.net/secrets/<name>[/<version>], in the vault of KeyVaultID.
	UsernameSecretID string `json:"usernameSecretId"`
	PasswordSecretID string `json:"passwordSecretId"`
}

// SetDefaults fills every value left out of aks-platform:registry (dev / prod):
//
//	key                  default
//	name                 derived from the component name, project and stack (see Name)
//	sku                  Standard / Premium
//	adminUserEnabled     false
//	publicNetworkAccess  true / false (private endpoint + privatelink.azurecr.io)
//	zoneRedundancy       false / true when sku is Premium
//	exportEnabled        false where Azure allows it (Premium and private), else true / false
//	untaggedRetentionDays 7 when sku is Premium, else none (Premium only)
//	credentials          none (Docker Hub images need one for docker.io)
//
// Anonymous pull is always off and has no key: see security.go.
func (s *Spec) SetDefaults(production bool) {
	defaults.Set(&s.SKU, defaults.Pick(production, Standard, Premium))
	defaults.SetPtr(&s.PublicNetworkAccess, !production)
	defaults.SetPtr(&s.ZoneRedundancy, production && s.SKU == Premium)
	// Both controls cost nothing beyond the Premium tier, so every environment that has it
	// gets them; a Standard dev registry cannot (why in security.go).
	defaults.SetPtr(&s.ExportEnabled, !s.exportLockable())
	if s.SKU == Premium {
		defaults.Set(&s.UntaggedRetentionDays, DefaultUntaggedRetentionDays)
	}
}

// clone returns a deep copy, so that defaulting args never mutates the caller's spec.
func (s Spec) clone() Spec {
	c := s
	c.Credentials = append([]Credential(nil), s.Credentials...)
	if s.PublicNetworkAccess != nil {
		c.PublicNetworkAccess = new(*s.PublicNetworkAccess)
	}
	if s.ZoneRedundancy != nil {
		c.ZoneRedundancy = new(*s.ZoneRedundancy)
	}
	if s.ExportEnabled != nil {
		c.ExportEnabled = new(*s.ExportEnabled)
	}
	return c
}

var namePattern = regexp.MustCompile(`^[a-zA-Z0-9]{5,50}$`)

// Validate returns nil or a *validation.Error listing every problem, keyed relative to the
// registry section. It never defaults: a nil publicNetworkAccess counts as public (the Azure
// default), a nil zoneRedundancy as off.
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
	public := !s.private()
	if public && production {
		ps.Addf("publicNetworkAccess", "must be false in production: the registry is reached through a private endpoint")
	}
	if !public && s.SKU != Premium {
		ps.Addf("publicNetworkAccess", "false needs a private endpoint, which only the Premium SKU offers (sku is %s)", s.SKU)
	}
	if defaults.True(s.ZoneRedundancy) && s.SKU != Premium {
		ps.Addf("zoneRedundancy", "needs the Premium SKU (sku is %s)", s.SKU)
	}
	s.validateDataProtection(production, &ps)
	validateCredentials(&ps, s.Credentials)
	return ps.Err()
}

// private reports whether the registry is reached through a private endpoint only.
func (s Spec) private() bool { return s.PublicNetworkAccess != nil && !*s.PublicNetworkAccess }
