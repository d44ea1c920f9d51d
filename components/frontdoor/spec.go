// Package frontdoor provides the platform's global entry point: an Azure Front Door Standard or
// Premium profile whose one origin group holds every region's ingress, so that the regions
// serve active-active behind one *.azurefd.net host, with a Front Door WAF policy in front.
// It is a global resource: the only part of the platform that sees all regions.
package frontdoor

import (
	"regexp"
	"strings"

	"github.com/aksplatform/platform/validation"
)

// SKU is the Front Door tier; the WAF policy always gets the same one.
type SKU string

// Front Door tiers; only Premium offers the managed WAF rule sets (and Private Link origins).
const (
	Standard SKU = "Standard_AzureFrontDoor"
	Premium  SKU = "Premium_AzureFrontDoor"
)

// WAFMode is what the WAF policy does with a request that matches a rule.
type WAFMode string

// WAF modes: Prevention blocks, Detection only logs.
const (
	Prevention WAFMode = "Prevention"
	Detection  WAFMode = "Detection"
)

// Managed rule set attached to Premium WAF policies.
const (
	ManagedRuleSetType    = "Microsoft_DefaultRuleSet"
	ManagedRuleSetVersion = "2.1"
)

// Health probe interval bounds accepted by Front Door, in seconds.
const (
	MinProbeIntervalSeconds = 5
	MaxProbeIntervalSeconds = 255
)

// Spec is the front door as plain values; its JSON names are the config keys under
// aks-platform:frontDoor.
type Spec struct {
	// Enabled puts a front door before the regions' ingresses; nil means the default.
	Enabled *bool `json:"enabled,omitempty"`
	// SKU is Standard_AzureFrontDoor or Premium_AzureFrontDoor.
	SKU SKU `json:"sku,omitempty"`
	// HealthProbePath is the path Front Door probes on every origin (HEAD over HTTPS).
	HealthProbePath string `json:"healthProbePath,omitempty"`
	// HealthProbeIntervalSeconds is the time between probes, 5-255.
	HealthProbeIntervalSeconds int `json:"healthProbeIntervalSeconds,omitempty"`
	// SessionAffinity pins a client to one origin with a cookie.
	SessionAffinity bool `json:"sessionAffinity,omitempty"`
	// OriginHostHeader is the Host header (and TLS name) sent to every origin; empty means the
	// origin's own address. The ingress certificate must match it.
	OriginHostHeader string `json:"originHostHeader,omitempty"`
	// WAFMode is Prevention or Detection; production requires Prevention.
	WAFMode WAFMode `json:"wafMode,omitempty"`
}

// IsEnabled reports whether the front door is built. Call it after SetDefaults: before, a nil
// Enabled counts as true.
func (s Spec) IsEnabled() bool { return s.Enabled == nil || *s.Enabled }

// SetDefaults fills every value left out of aks-platform:frontDoor (dev / prod):
//
//	key                         default
//	enabled                     false / true
//	sku                         Standard_AzureFrontDoor / Premium_AzureFrontDoor (managed WAF rules)
//	healthProbePath             /healthz
//	healthProbeIntervalSeconds  30
//	sessionAffinity             false
//	originHostHeader            "" (each origin's address)
//	wafMode                     Prevention
func (s *Spec) SetDefaults(production bool) {
	if s.Enabled == nil {
		s.Enabled = ptr(production)
	}
	if s.SKU == "" {
		s.SKU = Standard
		if production {
			s.SKU = Premium
		}
	}
	if s.HealthProbePath == "" {
		s.HealthProbePath = "/healthz"
	}
	if s.HealthProbeIntervalSeconds == 0 {
		s.HealthProbeIntervalSeconds = 30
	}
	if s.WAFMode == "" {
		s.WAFMode = Prevention
	}
}

// hostNameRE matches a DNS host name such as app.example.com (no scheme, port or path).
var hostNameRE = regexp.MustCompile(`^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$`)

// Validate returns nil or a *validation.Error listing every problem, keyed relative to the
// frontDoor section. A disabled spec is not checked further. Call it after SetDefaults.
func (s Spec) Validate(production bool) error {
	if !s.IsEnabled() {
		return nil
	}
	var ps validation.Problems
	switch s.SKU {
	case Standard, Premium:
	default:
		ps.Addf("sku", "%q is not one of %s, %s", s.SKU, Standard, Premium)
	}
	if !strings.HasPrefix(s.HealthProbePath, "/") || strings.ContainsAny(s.HealthProbePath, " ?#") {
		ps.Addf("healthProbePath", "%q must be a path starting with / (no query or fragment)", s.HealthProbePath)
	}
	if s.HealthProbeIntervalSeconds < MinProbeIntervalSeconds || s.HealthProbeIntervalSeconds > MaxProbeIntervalSeconds {
		ps.Addf("healthProbeIntervalSeconds", "%d must be between %d and %d", s.HealthProbeIntervalSeconds, MinProbeIntervalSeconds, MaxProbeIntervalSeconds)
	}
	if s.OriginHostHeader != "" && (len(s.OriginHostHeader) > 253 || !hostNameRE.MatchString(s.OriginHostHeader)) {
		ps.Addf("originHostHeader", "%q must be a host name such as app.example.com, without scheme, port or path", s.OriginHostHeader)
	}
	switch s.WAFMode {
	case Prevention:
	case Detection:
		if production {
			ps.Addf("wafMode", "must be Prevention in production: Detection only logs attacks")
		}
	default:
		ps.Addf("wafMode", "%q is not one of %s, %s", s.WAFMode, Prevention, Detection)
	}
	return ps.Err()
}

// managedRules reports whether the WAF policy gets the managed rule set (Premium only).
func (s Spec) managedRules() bool { return s.SKU == Premium }

func ptr[T any](v T) *T { return &v }
