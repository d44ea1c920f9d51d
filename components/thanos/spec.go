// Package thanos is the cluster side of long-term metrics: per region, the storage account
// Thanos writes Prometheus blocks to (private endpoint, no shared keys, soft delete, a
// lifecycle rule for retention) and the workload identity Thanos signs in with (a federated
// credential for its ServiceAccount and Storage Blob Data Contributor on its container only).
// What runs in the cluster (Prometheus with the Thanos sidecar, the store gateway, Query,
// Grafana) is synced by Argo CD from gitops/platform; this package hands it the values it
// needs (Values), so nothing is typed twice.
// https://thanos.io/tip/thanos/storage.md/#azure
package thanos

import (
	"crypto/sha256"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// ComponentType is the type token of the Storage component.
const ComponentType = "aksplatform:thanos:Storage"

// What the platform repository's charts expect; gitops/platform's values name the same.
const (
	// Namespace is where Prometheus, Thanos and Grafana run.
	Namespace = "monitoring"
	// ServiceAccount is the one ServiceAccount of every pod that touches the bucket: the
	// Prometheus pods (whose Thanos sidecar uploads blocks) and the Thanos store gateway and
	// compactor; one federated credential covers them all.
	ServiceAccount = "thanos"
	// Container is the blob container of each region's account.
	Container = "thanos"
	// GrafanaAdminSecret is the Key Vault secret holding Grafana's admin password, generated
	// into the region's vault and mounted into Grafana through the secrets store CSI driver.
	GrafanaAdminSecret = "grafana-admin-password"
	// GrafanaServiceAccount is Grafana's ServiceAccount, federated for the CSI mount.
	GrafanaServiceAccount = "grafana"
)

// SKUs a Thanos account may use: locally or zone-redundant standard storage.
var SKUs = []string{"Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS"}

// Bounds of the config values, from the Azure limits cited on Validate.
const (
	MinRetentionDays  = 1
	MaxRetentionDays  = 3650
	MinSoftDeleteDays = 1
	MaxSoftDeleteDays = 365
)

// Spec is Thanos's storage as plain values; its JSON names are the config keys under
// aks-platform:thanos.
type Spec struct {
	// Enabled creates the storage and identities; SetDefaults writes the default (true).
	Enabled *bool `json:"enabled,omitempty"`
	// RetentionDays is how long metric blocks are kept: a lifecycle rule deletes blobs this
	// many days after their last modification (Thanos's compactor writes no older blocks).
	RetentionDays int `json:"retentionDays,omitempty"`
	// SKU is the account's replication.
	SKU string `json:"sku,omitempty"`
	// PublicNetworkAccess opens the account's public endpoint (still Entra ID only: shared
	// keys are always off). Off, it is reached through its private endpoint only.
	PublicNetworkAccess *bool `json:"publicNetworkAccess,omitempty"`
	// SoftDeleteDays keeps deleted blobs and containers recoverable.
	SoftDeleteDays int `json:"softDeleteDays,omitempty"`
}

// IsEnabled reports whether Thanos's storage is built (after SetDefaults).
func (s Spec) IsEnabled() bool { return defaults.True(s.Enabled) }

// PublicAccess reports whether the account's public endpoint is open (after SetDefaults).
func (s Spec) PublicAccess() bool { return defaults.True(s.PublicNetworkAccess) }

// NeedsPrivateEndpoint reports whether the account gets a private endpoint: in production, and
// wherever public access is off (nothing could reach it otherwise).
func (s Spec) NeedsPrivateEndpoint(production bool) bool { return production || !s.PublicAccess() }

// SetDefaults fills every value left out of aks-platform:thanos (dev / prod):
//
//	key                  default
//	enabled              true
//	retentionDays        30 / 395 (13 months: a year of history plus a month to compare)
//	sku                  Standard_LRS / Standard_ZRS
//	publicNetworkAccess  true / false (private endpoint + privatelink.blob.core.windows.net)
//	softDeleteDays       7 / 30
func (s *Spec) SetDefaults(production bool) {
	defaults.SetPtr(&s.Enabled, true)
	defaults.Set(&s.RetentionDays, defaults.Pick(production, 30, 395))
	defaults.Set(&s.SKU, defaults.Pick(production, "Standard_LRS", "Standard_ZRS"))
	defaults.SetPtr(&s.PublicNetworkAccess, !production)
	defaults.Set(&s.SoftDeleteDays, defaults.Pick(production, 7, 30))
}

// Validate returns nil or a *validation.Error keyed relative to aks-platform:thanos. Production
// refuses a public endpoint (Azure Policy "Storage accounts should disable public network
// access"). Soft delete keeps 1-365 days
// (https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview); lifecycle
// rules count whole days after modification
// (https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview).
func (s Spec) Validate(production bool) error {
	if !s.IsEnabled() {
		return nil
	}
	var ps validation.Problems
	if s.RetentionDays < MinRetentionDays || s.RetentionDays > MaxRetentionDays {
		ps.Addf("retentionDays", "%d must be between %d and %d", s.RetentionDays, MinRetentionDays, MaxRetentionDays)
	}
	if s.SoftDeleteDays < MinSoftDeleteDays || s.SoftDeleteDays > MaxSoftDeleteDays {
		ps.Addf("softDeleteDays", "%d must be between %d and %d (Azure's soft delete range)", s.SoftDeleteDays, MinSoftDeleteDays, MaxSoftDeleteDays)
	}
	if !slices.Contains(SKUs, s.SKU) {
		ps.Addf("sku", "%q is not one of %s", s.SKU, strings.Join(SKUs, ", "))
	}
	if production && s.PublicAccess() {
		ps.Addf("publicNetworkAccess", "must be false in production: the metrics bucket is reached through its private endpoint only (https://learn.microsoft.com/azure/storage/common/storage-network-security)")
	}
	return ps.Err()
}

var (
	notAlnum      = regexp.MustCompile(`[^a-z0-9]`)
	accountNameRE = regexp.MustCompile(`^[a-z0-9]{3,24}$`)
)

// AccountName is the storage account of environment env in location: "thanos", the
// environment's and the location's letters, and a hash of both, 24 characters at most (Azure's
// limit: 3-24 lowercase letters and digits, globally unique). It is a function of config only,
// so every region knows every other region's bucket without reading another region's
// outputs: the global view is configured from names, not from Pulumi dependencies.
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
func AccountName(env, location string) string {
	sum := sha256.Sum256([]byte(env + "/" + location))
	hash := fmt.Sprintf("%x", sum[:3])
	stem := "thanos" + notAlnum.ReplaceAllString(strings.ToLower(env+location), "")
	if max := 24 - len(hash); len(stem) > max {
		stem = stem[:max]
	}
	return stem + hash
}

// clone returns a deep copy, so that defaulting args never mutates the caller's spec.
func (s Spec) clone() Spec {
	c := s
	if s.Enabled != nil {
		c.Enabled = new(*s.Enabled)
	}
	if s.PublicNetworkAccess != nil {
		c.PublicNetworkAccess = new(*s.PublicNetworkAccess)
	}
	return c
}
