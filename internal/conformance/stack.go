package conformance

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/aksplatform/platform/internal/fleet"
	"github.com/aksplatform/platform/stacks"
)

// Options say which regions of an environment to check and how to reach them.
type Options struct {
	// Regions to check; empty means every region of the environment.
	Regions []string
	// Kubeconfig, when set, is the kubeconfig file used instead of the stack's
	// <region>.kubeconfig output (then only one region can be checked); Context picks a
	// context in either.
	Kubeconfig, Context string
	// HTTP, when set, also runs the health probe checks.
	HTTP *http.Client
}

// CheckMember checks the deployed environment e of a fleet: it loads e's config and, unless
// opts names a kubeconfig file, reads the stack's outputs through the Automation API with r
// (the fleet's backend), taking each region's kubeconfig, ingress address and client IDs
// from them. The error is for what stops every check (an invalid config, an unknown region,
// no stack); a cluster that cannot be reached or read gives failed checks in the Report.
func CheckMember(ctx context.Context, r *fleet.Runner, e fleet.Member, opts Options) (Report, error) {
	env, err := stacks.LoadFile(e.ConfigPath())
	if err != nil {
		return Report{}, fmt.Errorf("invalid config: %w", err)
	}
	for _, reg := range opts.Regions {
		if !slices.ContainsFunc(env.Regions, func(s stacks.RegionSpec) bool { return s.Location == reg }) {
			return Report{}, fmt.Errorf("region %q is not in %s (regions: %s)", reg, e.ConfigPath(), regionList(env))
		}
	}
	s := &Suite{Env: env, HTTP: opts.HTTP}
	if opts.Kubeconfig != "" {
		if len(opts.Regions) != 1 && len(env.Regions) != 1 {
			return Report{}, fmt.Errorf("a kubeconfig file reaches one cluster: name its region with --region (one of %s)", regionList(env))
		}
		s.Connect = KubeconfigFile(opts.Kubeconfig, opts.Context)
	} else {
		out, err := r.Outputs(ctx, e)
		if err != nil {
			return Report{}, fmt.Errorf("reading the stack outputs (each region's kubeconfig): %w; or pass --kubeconfig", err)
		}
		s.Outputs = plain(out)
		s.Connect = KubeconfigOutputs(s.Outputs, opts.Context)
	}
	return s.Run(ctx, opts.Regions...), nil
}

// MemberGate is the upgrade runbook's gate over a deployed stack: it runs one region's checks
// against the stack's outputs as they are now (the region's kubeconfig after its upgrade) and
// its config with edit applied (the runbook's override of the step: the region's target
// version), and returns an error listing every check that did not pass.
func MemberGate(r *fleet.Runner, e fleet.Member, edit func(env *stacks.Environment, region string)) func(ctx context.Context, region string) error {
	return func(ctx context.Context, region string) error {
		env, err := stacks.LoadFile(e.ConfigPath())
		if err != nil {
			return fmt.Errorf("invalid config: %w", err)
		}
		if edit != nil {
			edit(env, region)
		}
		out, err := r.Outputs(ctx, e)
		if err != nil {
			return fmt.Errorf("reading the stack outputs (the region's kubeconfig): %w", err)
		}
		outs := plain(out)
		return Gate(&Suite{Env: env, Outputs: outs, Connect: KubeconfigOutputs(outs, "")})(ctx, region)
	}
}

func plain(m auto.OutputMap) Outputs {
	out := Outputs{}
	for k, v := range m {
		out[k] = v.Value
	}
	return out
}

// FleetOp is `fleet conformance`: CheckMember for each environment, as a fleet operation
// that the runner runs with the fleet's concurrency and failure isolation.
func FleetOp(r *fleet.Runner, opts Options) fleet.OpFunc {
	return func(ctx context.Context, e fleet.Member) fleet.Result {
		res := fleet.Result{Operation: fleet.Conformance}
		if err := ctx.Err(); err != nil {
			res.Status, res.Detail = fleet.Skipped, err.Error()
			return res
		}
		rep, err := CheckMember(ctx, r, e, opts)
		if err != nil {
			res.Status, res.Error = fleet.Failed, err.Error()
			return res
		}
		res.Report = rep
		res.Status = fleet.OK
		if fs := rep.Failures(); len(fs) > 0 {
			res.Status = fleet.Failed
			names := make([]string, len(fs))
			for i, f := range fs {
				names[i] = f.Region + " " + f.Name + " (" + string(f.Status) + ")"
			}
			res.Error = fmt.Sprintf("%d checks did not pass: %s", len(fs), strings.Join(names, ", "))
		}
		return res
	}
}
