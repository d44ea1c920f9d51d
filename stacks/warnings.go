package stacks

import (
	"cmp"
	"slices"
	"time"

	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/validation"
)

// warner is what a section offers when some of its settings deserve attention without
// stopping a plan, keyed like its problems (relative to the section), judged on the day today
// (zero: now), as aks.Spec.Warnings judges a Kubernetes version against the release calendar.
type warner interface {
	Warnings(today time.Time) validation.Warnings
}

// Warnings returns what deserves attention but does not stop a plan (a Kubernetes version near
// its end of support, a network plugin Azure retires): every section's warnings under full
// config keys, sorted by key and then text so that two runs print them alike, judged on the
// day Now (zero: the time of the run). Like Validate it changes nothing and expects a
// defaulted environment.
func (e *Environment) Warnings() validation.Warnings {
	var from []keyedWarner
	for _, sec := range e.sections() {
		if w, ok := sec.spec.(warner); ok {
			from = append(from, keyedWarner{sec.key, w})
		}
	}
	for i := range e.Workloads {
		if w, ok := any(e.Workloads[i]).(warner); ok {
			from = append(from, keyedWarner{validation.Index("workloads", i), w})
		}
	}
	from = append(from,
		// The hub's warnings (too few firewall IPs in production) read no address.
		keyedWarner{"hub", undated(e.hubArgs(network.RegionPlan{}).Warnings())},
		keyedWarner{"gitops", undated(e.GitOps.Warnings(e.Kind.Production()))})
	return collectWarnings(from, e.Now)
}

// undated is a section's warnings that do not depend on the day.
type undated validation.Warnings

func (u undated) Warnings(time.Time) validation.Warnings { return validation.Warnings(u) }

// keyedWarner is a section that warns and its key relative to the namespace.
type keyedWarner struct {
	key string
	w   warner
}

// collectWarnings gathers the warnings of every section under its full key, sorted.
func collectWarnings(from []keyedWarner, today time.Time) validation.Warnings {
	var out validation.Warnings
	for _, f := range from {
		out = append(out, f.w.Warnings(today).Prefix(Key(f.key))...)
	}
	slices.SortFunc(out, func(a, b validation.Problem) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Reason, b.Reason))
	})
	return out
}
