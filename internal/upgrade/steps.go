// Package upgrade is the region-by-region Kubernetes upgrade runbook in code. It walks an
// environment's regions in maintenance-window order (stacks.Environment.MaintenanceOrder) and,
// for each, drains it from Front Door (regions[i].serving false), upgrades its control plane
// and then its pools (regions[i].kubernetesVersion), runs the conformance gate against it and
// puts it back (serving true). It stops at the first failure with only that region drained and
// says which step failed and how to resume. Every step is appended to a JSON log.
//
// The steps are plain values computed offline from the stack's config (Steps); each one is the
// whole set of region overrides in force after it, never an edit relative to the live state,
// so running a step again converges to the same config: a failed run is resumed by running
// again from the failed region (--resume-from).
package upgrade

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aksplatform/platform/stacks"
)

// Gate checks one region after its upgrade, before it serves again: the conformance checks.
// A non-nil error stops the runbook with the region drained.
type Gate func(ctx context.Context, region string) error

// Phase is what a step does to its region.
type Phase string

// Phases, in the order each region goes through them.
const (
	Drain   Phase = "drain"   // regions[i].serving false: its Front Door origin is disabled
	Upgrade Phase = "upgrade" // regions[i].kubernetesVersion: control plane, then pools
	Check   Phase = "gate"    // the conformance gate against the region
	Restore Phase = "restore" // regions[i].serving true
)

// Override is what the runbook sets on one region; zero fields leave the stack's config.
type Override struct {
	Serving           *bool
	KubernetesVersion string
}

// Step is one step of the runbook.
type Step struct {
	// N is the step's number, from 1.
	N int
	// Region is the region's location; RegionIndex its index in regions[].
	Region      string
	RegionIndex int
	Phase       Phase
	// Overrides are every region override in force once the step is done, by region index.
	Overrides map[int]Override
}

// Deploys reports whether the step changes config and so runs `pulumi up`.
func (s Step) Deploys() bool { return s.Phase != Check }

// Settings lists the overrides in force as config keys and values, in region order:
// regions[1].serving=false.
func (s Step) Settings() []string {
	var out []string
	for _, i := range slices.Sorted(maps.Keys(s.Overrides)) {
		o := s.Overrides[i]
		if o.KubernetesVersion != "" {
			out = append(out, fmt.Sprintf("regions[%d].kubernetesVersion=%s", i, o.KubernetesVersion))
		}
		if o.Serving != nil {
			out = append(out, fmt.Sprintf("regions[%d].serving=%t", i, *o.Serving))
		}
	}
	return out
}

// Describe says in one line what the step does.
func (s Step) Describe(target string) string {
	switch s.Phase {
	case Drain:
		return fmt.Sprintf("drain %s: disable its Front Door origin (regions[%d].serving=false)", s.Region, s.RegionIndex)
	case Upgrade:
		return fmt.Sprintf("upgrade %s to %s: control plane and system pool, then the user pools, which depend on the cluster (regions[%d].kubernetesVersion=%s)",
			s.Region, target, s.RegionIndex, target)
	case Check:
		return fmt.Sprintf("gate %s: conformance checks against the region", s.Region)
	}
	return fmt.Sprintf("restore %s: its Front Door origin serves again, as the stack's config has it (regions[%d].serving)", s.Region, s.RegionIndex)
}

// ErrNothingToDo is returned by Steps when every region already runs the target version.
var ErrNothingToDo = errors.New("every region already runs this version")

// Steps returns the runbook for upgrading env to target: per region, in maintenance order,
// drain, upgrade, gate and restore. A region already on target is left out. resumeFrom, when
// set, is the location of the region to start from: the regions before it in the order are
// taken as upgraded (their version set to target) and are not touched again. A single-region
// environment is not drained: there is no other region to serve, and validation refuses it.
//
// It refuses, before any step, a target that skips a minor version or downgrades any region
// (stacks.UpgradeStep, as AKS does), a region without a known version, and a resumeFrom that
// names no region.
func Steps(env *stacks.Environment, target, resumeFrom string) ([]Step, error) {
	order := env.MaintenanceOrder()
	start := 0
	if resumeFrom != "" {
		start = slices.IndexFunc(order, func(i int) bool { return env.Regions[i].Location == resumeFrom })
		if start < 0 {
			var names []string
			for _, i := range order {
				names = append(names, env.Regions[i].Location)
			}
			return nil, fmt.Errorf("--resume-from %q is not a region of the stack (%s)", resumeFrom, strings.Join(names, ", "))
		}
	}
	var problems []string
	for _, i := range order[start:] {
		r := env.Regions[i]
		current := env.KubernetesVersion(r)
		if current == "" {
			problems = append(problems, fmt.Sprintf("%s: no kubernetesVersion in config, so its current version is unknown; set aks.kubernetesVersion to the version it runs", r.Location))
			continue
		}
		if err := stacks.UpgradeStep(current, target); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", r.Location, err))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("refused, nothing changed:\n  %s", strings.Join(problems, "\n  "))
	}
	overrides := map[int]Override{}
	for _, i := range order[:start] {
		overrides[i] = Override{KubernetesVersion: target}
	}
	drain := len(env.Regions) > 1
	var steps []Step
	add := func(i int, p Phase, o Override) {
		overrides[i] = o
		steps = append(steps, Step{N: len(steps) + 1, Region: env.Regions[i].Location, RegionIndex: i, Phase: p,
			Overrides: maps.Clone(overrides)})
	}
	for _, i := range order[start:] {
		r := env.Regions[i]
		if env.KubernetesVersion(r) == target {
			continue
		}
		o := Override{}
		if drain {
			o.Serving = new(false)
			add(i, Drain, o)
		}
		o.KubernetesVersion = target
		add(i, Upgrade, o)
		add(i, Check, o)
		if drain {
			o.Serving = nil // back to the stack's own serving (true, as validation requires to drain)
			add(i, Restore, o)
		}
	}
	if len(steps) == 0 {
		return nil, ErrNothingToDo
	}
	return steps, nil
}

// Apply returns a copy of env with the overrides set on its regions; env is not changed.
func Apply(env *stacks.Environment, overrides map[int]Override) *stacks.Environment {
	out := *env
	out.Regions = slices.Clone(env.Regions)
	for i, o := range overrides {
		if o.Serving != nil {
			out.Regions[i].Serving = new(*o.Serving)
		}
		if o.KubernetesVersion != "" {
			out.Regions[i].KubernetesVersion = o.KubernetesVersion
		}
	}
	return &out
}
