package upgrade

import (
	"fmt"
	"io"
	"maps"

	"github.com/aksplatform/platform/internal/plandiff"
	"github.com/aksplatform/platform/stacks"
)

// Preview plans, offline, the stack as each step leaves it and writes every step with the
// plan diff from the step before (plandiff), so a reviewer sees that a region's steps touch
// only that region and its Front Door origin. It returns the diff of each step, in order (a
// gate changes nothing and has an empty diff). Nothing reaches Azure.
func Preview(w io.Writer, env *stacks.Environment, stack, target string, steps []Step) ([]*plandiff.Diff, error) {
	if len(steps) == 0 {
		return nil, nil
	}
	if err := Validate(env, steps); err != nil {
		return nil, err
	}
	initial := maps.Clone(steps[0].Overrides)
	delete(initial, steps[0].RegionIndex)
	prev, err := plandiff.FromEnvironment(Apply(env, initial), stack)
	if err != nil {
		return nil, fmt.Errorf("planning the stack as it is: %w", err)
	}
	fmt.Fprintf(w, "Upgrade plan for stack %s to Kubernetes %s: %d step(s), regions in maintenance-window order (offline)\n",
		stack, target, len(steps))
	var diffs []*plandiff.Diff
	for _, s := range steps {
		fmt.Fprintf(w, "\n[%d/%d] %s\n", s.N, len(steps), s.Describe(target))
		next := prev
		if s.Deploys() {
			if next, err = plandiff.FromEnvironment(Apply(env, s.Overrides), stack); err != nil {
				return diffs, fmt.Errorf("step %d (%s %s): %w", s.N, s.Phase, s.Region, err)
			}
		}
		d := plandiff.Compare(prev, next)
		d.From, d.To = fmt.Sprintf("before step %d", s.N), fmt.Sprintf("after step %d", s.N)
		if err := d.WriteText(w); err != nil {
			return diffs, err
		}
		diffs = append(diffs, d)
		prev = next
	}
	return diffs, nil
}
