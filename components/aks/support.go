package aks

import (
	"time"

	"github.com/aksplatform/platform/components/aks/releases"
	"github.com/aksplatform/platform/validation"
)

// KubenetRetirement is the day Azure retires kubenet networking for AKS, as announced on
// learn.microsoft.com/azure/aks/configure-kubenet; clusters must move to Azure CNI (Overlay)
// before it.
const KubenetRetirement = "2028-03-31"

// kubenetDocs is the page that announces the retirement and the migration path.
const kubenetDocs = "learn.microsoft.com/azure/aks/configure-kubenet, .../upgrade-azure-cni"

// LongTermSupport reports whether the cluster has AKS long-term support: the
// AKSLongTermSupport plan, which AKS offers on the Premium tier only.
func (s Spec) LongTermSupport() bool {
	return s.SupportPlan == SupportLTS && s.SKUTier == TierPremium
}

// CheckSupport judges kubernetesVersion and every pool's pinned orchestratorVersion against
// the AKS release calendar (components/aks/releases) on the day today (zero: now), after
// SetDefaults. A version out of support on that day is an error: AKS creates no cluster on it
// (learn.microsoft.com/azure/aks/supported-kubernetes-versions). A version past community
// support passes only within its LTS window with skuTier Premium and supportPlan
// AKSLongTermSupport. A version newer than the calendar is an error naming what the calendar
// knows, so that a new release is added to the calendar before it is used. Malformed versions
// are Validate's to report. Keys are relative to the aks section.
func (s Spec) CheckSupport(today time.Time) error {
	var ps validation.Problems
	for _, v := range s.versions(today) {
		if p := v.status.Problem(s.LongTermSupport()); p != "" {
			ps.Addf(v.key, "%s", p)
		}
	}
	return ps.Err()
}

// Warnings returns what does not stop a plan but needs attention, keyed like Validate's
// problems: a Kubernetes version whose support ends within releases.WarnDays of today (zero:
// now), and kubenet, which Azure retires on KubenetRetirement. Call it after SetDefaults.
func (s Spec) Warnings(today time.Time) validation.Warnings {
	var ws validation.Warnings
	for _, v := range s.versions(today) {
		if w := v.status.Warning(s.LongTermSupport()); w != "" {
			ws.Addf(v.key, "%s", w)
		}
	}
	if s.NetworkPlugin == Kubenet {
		ws.Addf("networkPlugin", "kubenet is retired on %s; move to azure-overlay (Azure CNI Overlay) before then (%s)", KubenetRetirement, kubenetDocs)
	}
	return ws
}

// keyedVersion is a Kubernetes version the spec sets, with its config key and its standing in
// the release calendar.
type keyedVersion struct {
	key    string
	status releases.Status
}

// versions judges kubernetesVersion and each pinned pool version on today; malformed ones are
// left out (Validate reports them).
func (s Spec) versions(today time.Time) []keyedVersion {
	var out []keyedVersion
	add := func(key, v string) {
		if st, err := releases.StatusOn(v, today); v != "" && err == nil {
			out = append(out, keyedVersion{key, st})
		}
	}
	add("kubernetesVersion", s.KubernetesVersion)
	for _, kp := range s.Pools() {
		add(kp.Key+".orchestratorVersion", kp.Pool.OrchestratorVersion)
	}
	return out
}
