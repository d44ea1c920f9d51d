package monitoring

import (
	"net/mail"
	"net/url"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// AlertsSpec is who is told and when; JSON names are the config keys under
// aks-platform:monitoring.alerts. Every threshold is compared with an Azure platform metric
// averaged over the alert window (15 minutes, evaluated every 5).
type AlertsSpec struct {
	// Enabled creates the action group and the alert rules in every region.
	Enabled *bool `json:"enabled,omitempty"`
	// Emails and Webhooks receive every alert (the common alert schema); at least one is
	// required when alerts are on.
	Emails   []string `json:"emails,omitempty"`
	Webhooks []string `json:"webhooks,omitempty"`

	// NodeCPUPercent alerts when a cluster's node_cpu_usage_percentage exceeds it.
	NodeCPUPercent float64 `json:"nodeCpuPercent,omitempty"`
	// NodeMemoryPercent alerts when node_memory_working_set_percentage exceeds it.
	NodeMemoryPercent float64 `json:"nodeMemoryPercent,omitempty"`
	// PodsNotReady alerts when more pods than this stay Pending, Failed or Unknown
	// (kube_pod_status_phase).
	PodsNotReady *int `json:"podsNotReady,omitempty"`
	// SNATPortPercent alerts when the hub firewall's SNATPortUtilization exceeds it.
	SNATPortPercent float64 `json:"snatPortPercent,omitempty"`
	// UnhealthyHosts alerts when the Application Gateway's UnhealthyHostCount exceeds it.
	UnhealthyHosts *int `json:"unhealthyHosts,omitempty"`
	// KeyVaultAvailabilityPercent alerts when the vault's Availability drops below it.
	KeyVaultAvailabilityPercent float64 `json:"keyVaultAvailabilityPercent,omitempty"`
}

// SetDefaults fills what aks-platform:monitoring.alerts leaves out (dev / prod):
//
//	key                          default
//	enabled                      false / true
//	emails, webhooks             none (one is required when enabled)
//	nodeCpuPercent               95 / 80
//	nodeMemoryPercent            100 / 90
//	podsNotReady                 5 / 0
//	snatPortPercent              95 / 80
//	unhealthyHosts               0 / 0
//	keyVaultAvailabilityPercent  99 / 99.9
//
// Dev is off by default: no one is on call for it, and each rule is billed per month; turn it
// on with enabled and a receiver. Prod thresholds leave time to act (scale out, add firewall
// IPs) before users notice; dev's only catch what is already broken.
func (s *AlertsSpec) SetDefaults(production bool) {
	defaults.SetPtr(&s.Enabled, production)
	defaults.Set(&s.NodeCPUPercent, defaults.Pick(production, 95.0, 80.0))
	defaults.Set(&s.NodeMemoryPercent, defaults.Pick(production, 100.0, 90.0))
	defaults.SetPtr(&s.PodsNotReady, defaults.Pick(production, 5, 0))
	defaults.Set(&s.SNATPortPercent, defaults.Pick(production, 95.0, 80.0))
	defaults.SetPtr(&s.UnhealthyHosts, 0)
	defaults.Set(&s.KeyVaultAvailabilityPercent, defaults.Pick(production, 99.0, 99.9))
}

// Validate checks receivers and thresholds. Production keeps alerts on: an outage nobody is
// told of is the one the on-call engineer must never have.
func (s AlertsSpec) Validate(production bool) error {
	var ps validation.Problems
	on := defaults.True(s.Enabled)
	if production && s.Enabled != nil && !on {
		ps.Addf("enabled", "must be true in production: the on-call engineer learns of an outage from these alerts")
	}
	if on && len(s.Emails) == 0 && len(s.Webhooks) == 0 {
		ps.Addf("emails", "are empty and so are webhooks: alerts that are on need at least one receiver")
	}
	for i, e := range s.Emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			ps.Addf(validation.Index("emails", i), "%q is not an email address", e)
		}
	}
	for i, w := range s.Webhooks {
		if u, err := url.Parse(w); err != nil || u.Scheme != "https" || u.Host == "" {
			ps.Addf(validation.Index("webhooks", i), "%q is not an https URL (alerts carry resource names; never send them in clear text)", w)
		}
	}
	for _, p := range []struct {
		key      string
		v        float64
		min, max float64
	}{
		{"nodeCpuPercent", s.NodeCPUPercent, 1, 100},
		{"nodeMemoryPercent", s.NodeMemoryPercent, 1, 100},
		{"snatPortPercent", s.SNATPortPercent, 1, 100},
		// Availability below 100 or the alert can never fire; below 1 and it always would.
		{"keyVaultAvailabilityPercent", s.KeyVaultAvailabilityPercent, 1, 99.999},
	} {
		if p.v < p.min || p.v > p.max {
			ps.Addf(p.key, "%g must be between %g and %g (percent)", p.v, p.min, p.max)
		}
	}
	for _, c := range []struct {
		key string
		v   *int
	}{{"podsNotReady", s.PodsNotReady}, {"unhealthyHosts", s.UnhealthyHosts}} {
		if c.v == nil || *c.v < 0 {
			ps.Addf(c.key, "must be 0 or more (the count above which the alert fires)")
		}
	}
	return ps.Err()
}
