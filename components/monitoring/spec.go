// Package monitoring provides what the platform observes itself with: each region's Log
// Analytics workspace, the diagnostic settings that send every loggable resource's logs there
// (Diagnose), Container Insights' data collection rule (ContainerInsights) and the alerts an
// on-call engineer receives (Alerts).
package monitoring

import (
	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// SKU is the workspace pricing tier.
type SKU string

// PerGB2018 is pay-as-you-go per ingested GB, the tier of every new workspace.
const PerGB2018 SKU = "PerGB2018"

// Retention bounds of a PerGB2018 workspace, in days.
const (
	MinRetentionDays = 30
	MaxRetentionDays = 730
)

// Spec is the workspace as plain values; its JSON names are the config keys under
// aks-platform:monitoring.
type Spec struct {
	// RetentionDays is how long logs are kept, 30-730.
	RetentionDays int `json:"retentionDays,omitempty"`
	// SKU is the pricing tier; only PerGB2018 is offered for new workspaces.
	SKU SKU `json:"sku,omitempty"`
	// ContainerInsights is what the cluster's monitoring agent collects (containerInsights.*).
	ContainerInsights ContainerInsightsSpec `json:"containerInsights"`
	// Alerts are the action group and the alert rules of each region (alerts.*).
	Alerts AlertsSpec `json:"alerts"`
}

// SetDefaults fills every value left out of aks-platform:monitoring (dev / prod):
//
//	key            default
//	retentionDays  30 / 90
//	sku            PerGB2018
//	containerInsights.*, alerts.*   see ContainerInsightsSpec.SetDefaults, AlertsSpec.SetDefaults
func (s *Spec) SetDefaults(production bool) {
	defaults.Set(&s.RetentionDays, defaults.Pick(production, 30, 90))
	defaults.Set(&s.SKU, PerGB2018)
	s.ContainerInsights.SetDefaults(production)
	s.Alerts.SetDefaults(production)
}

// Validate returns nil or a *validation.Error listing every problem, keyed relative to the
// monitoring section.
func (s Spec) Validate(production bool) error {
	var ps validation.Problems
	ps.Merge("", s.validateWorkspace())
	ps.Merge("containerInsights", s.ContainerInsights.Validate(production))
	ps.Merge("alerts", s.Alerts.Validate(production))
	return ps.Err()
}

// validateWorkspace checks what the workspace itself is built from: NewWorkspace judges only
// these keys, so a workspace is never refused for an alert setting.
func (s Spec) validateWorkspace() error {
	var ps validation.Problems
	if s.RetentionDays < MinRetentionDays || s.RetentionDays > MaxRetentionDays {
		ps.Addf("retentionDays", "%d must be between %d and %d", s.RetentionDays, MinRetentionDays, MaxRetentionDays)
	}
	if s.SKU != PerGB2018 {
		ps.Addf("sku", "%q is not offered for new workspaces; use PerGB2018", s.SKU)
	}
	return ps.Err()
}
