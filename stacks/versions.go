package stacks

import (
	"fmt"
	"strings"

	"github.com/aksplatform/platform/components/aks/releases"
	"github.com/aksplatform/platform/validation"
)

// A region may run another Kubernetes version than aks.kubernetesVersion
// (regions[].kubernetesVersion), so that an upgrade moves one region at a time while the
// others keep serving on the version they run.

// upgradeDocs is the page that states AKS's upgrade rule.
const upgradeDocs = "learn.microsoft.com/azure/aks/upgrade-aks-cluster"

// UpgradeStep checks that a cluster on version from may be set to version to as AKS allows:
// the same minor (a patch, or nothing), or the next minor of the same major. AKS refuses to
// skip a minor version of a supported cluster and has no downgrade
// (learn.microsoft.com/azure/aks/upgrade-aks-cluster, "Kubernetes version upgrades";
// learn.microsoft.com/azure/aks/upgrade-aks-faq). Skipping is allowed only out of an
// unsupported version, which this platform refuses to run (aks.CheckSupport), so it is never
// allowed here.
func UpgradeStep(from, to string) error {
	fMaj, fMin, okF := releases.ParseMinor(from)
	tMaj, tMin, okT := releases.ParseMinor(to)
	switch {
	case !okF:
		return fmt.Errorf("%q is not major.minor or major.minor.patch", from)
	case !okT:
		return fmt.Errorf("%q is not major.minor or major.minor.patch", to)
	case tMaj != fMaj:
		return fmt.Errorf("%s to %s changes the major version; AKS upgrades one minor version at a time (%s)", from, to, upgradeDocs)
	case tMin < fMin:
		return fmt.Errorf("%s to %s is a downgrade; AKS cannot downgrade a cluster (%s)", from, to, upgradeDocs)
	case tMin > fMin+1:
		return fmt.Errorf("%s to %s skips %d minor version(s); AKS upgrades one minor version at a time: %d.%d first (%s)",
			from, to, tMin-fMin-1, fMaj, fMin+1, upgradeDocs)
	}
	return nil
}

// KubernetesVersion is the control plane version of region r: its override, else
// aks.kubernetesVersion ("" when neither is set and AKS picks its default).
func (e *Environment) KubernetesVersion(r RegionSpec) string {
	return e.regionAKS(r).KubernetesVersion
}

// validateRegionVersions checks each region's kubernetesVersion with the cluster's own rules
// (format, required pool pins no newer than it, and, when dated, the AKS support calendar on
// Now), keyed regions[i].kubernetesVersion. An override is at most one minor version away from
// aks.kubernetesVersion, on either side: it exists for a rollout in progress, where one region
// runs the next minor and the others the current one (UpgradeStep), and AKS moves a cluster one
// minor at a time, so a wider gap means a region was left behind or would skip a version when it
// catches up.
func (e *Environment) validateRegionVersions(ps *validation.Problems, production, dated bool) {
	own := func(spec interface {
		Validate(bool) error
	}) validation.Problems {
		var p validation.Problems
		p.Merge("", spec.Validate(production))
		return p
	}
	shared := map[string]bool{}
	for _, p := range own(e.AKS) {
		shared[p.Key+"\x00"+p.Reason] = true
	}
	for i, r := range e.Regions {
		if r.KubernetesVersion == "" {
			continue
		}
		key := Key(validation.Index("regions", i) + ".kubernetesVersion")
		spec := e.regionAKS(r)
		problems := own(spec)
		if dated {
			problems.Merge("", spec.CheckSupport(e.Now))
		}
		for _, p := range problems {
			versioned := p.Key == "kubernetesVersion" || strings.HasSuffix(p.Key, ".orchestratorVersion")
			if !versioned || shared[p.Key+"\x00"+p.Reason] {
				continue
			}
			if p.Key == "kubernetesVersion" {
				ps.Addf(key, "%s", p.Reason)
			} else {
				ps.Addf(key, "aks.%s: %s", p.Key, p.Reason)
			}
		}
		base := e.AKS.KubernetesVersion
		if base == "" {
			ps.Addf(key, "needs aks.kubernetesVersion: a region's version is an override of the environment's")
			continue
		}
		lo, hi := base, r.KubernetesVersion
		if _, bMin, okB := releases.ParseMinor(base); okB {
			if _, rMin, okR := releases.ParseMinor(hi); okR && rMin < bMin {
				lo, hi = hi, base
			}
		}
		if err := UpgradeStep(lo, hi); err != nil && !strings.Contains(err.Error(), "is not major.minor") {
			ps.Addf(key, "%s is more than one minor version from aks.kubernetesVersion %s: regions of one environment are at most one upgrade apart (%v)",
				r.KubernetesVersion, base, err)
		}
	}
}
