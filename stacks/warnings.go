package stacks

import (
	"cmp"
	"slices"

	"github.com/aksplatform/platform/validation"
)

// warner is what a section offers when some of its settings deserve attention without
// stopping a plan, keyed like its problems (relative to the section).
type warner interface {
	Warnings(production bool) validation.Warnings
}

// Warnings returns what deserves attention but does not stop a plan (a Kubernetes version near
// its end of support, a network plugin Azure retires): every section's warnings under full
// config keys, sorted by key and then text so that two runs print them alike. Like Validate it
// changes nothing and expects a defaulted environment.
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
	return collectWarnings(from, e.Kind.Production())
}

// keyedWarner is a section that warns and its key relative to the namespace.
type keyedWarner struct {
	key string
	w   warner
}

// collectWarnings gathers the warnings of every section under its full key, sorted.
func collectWarnings(from []keyedWarner, production bool) validation.Warnings {
	var out validation.Warnings
	for _, f := range from {
		out = append(out, f.w.Warnings(production).Prefix(Key(f.key))...)
	}
	slices.SortFunc(out, func(a, b validation.Problem) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Reason, b.Reason))
	})
	return out
}
