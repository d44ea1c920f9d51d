package fleet

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/internal/envplan"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

// ProgramFactory turns a validated environment into the Pulumi program that builds it.
type ProgramFactory func(env *stacks.Environment) pulumi.RunFunc

// OpFunc runs one operation on one environment. It reports failure in the Result rather than
// stopping the fleet; Do fills in Member, Stack and Duration when it leaves them empty.
type OpFunc func(ctx context.Context, e Member) Result

// Runner runs operations over the environments of a fleet.
type Runner struct {
	// Fleet supplies the backend, the secrets provider and the default concurrency.
	Fleet *File
	// Program builds an environment's program; nil means stacks.Program.
	Program ProgramFactory
	// Concurrency overrides the fleet's concurrency when positive.
	Concurrency int
	// AllowProd lets Up deploy production environments; without it they are skipped.
	AllowProd bool
	// Policy makes Plan evaluate the policy rules on the offline plan; a mandatory violation
	// fails the environment.
	Policy bool
	// Now is the day every environment is planned and judged on (stacks.Environment.Now), the
	// same for all of them; zero leaves each environment's own clock.
	Now time.Time
	// Config is set on the stack after the environment file's config, key by key, before
	// Preview, Up and Drift: what `pulumi config set` would change for this one run (the
	// upgrade runbook drains and upgrades a region with it).
	Config auto.ConfigMap
	// Progress, when set, receives the engine's output of every environment, each line
	// prefixed with "[name] ".
	Progress io.Writer

	progressMu sync.Mutex
}

// Run runs op over envs and returns one result per environment, in the order of envs. The
// error is for problems that concern every environment (no pulumi CLI, no passphrase), found
// before any environment runs.
func (r *Runner) Run(ctx context.Context, op Operation, envs []Member) ([]Result, error) {
	var do OpFunc
	switch op {
	case Plan:
		do = r.plan
	case Preview, Up, Drift:
		eng, err := r.newEngine()
		if err != nil {
			return nil, err
		}
		do = func(ctx context.Context, e Member) Result { return eng.run(ctx, r, op, e) }
	default:
		return nil, fmt.Errorf("unknown operation %q", op)
	}
	return r.Do(ctx, envs, func(ctx context.Context, e Member) Result {
		res := do(ctx, e)
		res.Operation = op
		return res
	}), nil
}

// Do runs op on every environment, at most Concurrency at once. A failing or panicking
// environment does not stop the others. Once ctx is done, environments not yet started are
// reported as skipped; running ones see ctx canceled. Results are in the order of envs.
func (r *Runner) Do(ctx context.Context, envs []Member, op OpFunc) []Result {
	results := make([]Result, len(envs))
	sem := make(chan struct{}, r.concurrency())
	var wg sync.WaitGroup
	for i, e := range envs {
		acquired := false
		if ctx.Err() == nil {
			select {
			case sem <- struct{}{}:
				acquired = true
			case <-ctx.Done():
			}
		}
		if err := ctx.Err(); err != nil {
			if acquired {
				<-sem
			}
			results[i] = Result{Status: Skipped, Detail: "not started: " + err.Error()}
			fill(&results[i], e, 0)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			start := time.Now()
			results[i] = protect(ctx, e, op)
			fill(&results[i], e, time.Since(start))
		}()
	}
	wg.Wait()
	return results
}

func (r *Runner) concurrency() int {
	if r.Concurrency > 0 {
		return r.Concurrency
	}
	if r.Fleet != nil {
		return r.Fleet.Concurrency()
	}
	return DefaultConcurrency
}

// protect runs op, turning a panic into a failed result so that one environment cannot take
// the fleet down.
func protect(ctx context.Context, e Member, op OpFunc) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			res = Result{Status: Failed, Error: fmt.Sprintf("panic: %v\n%s", p, debug.Stack())}
		}
	}()
	return op(ctx, e)
}

func fill(res *Result, e Member, d time.Duration) {
	if res.Environment == "" {
		res.Environment = e.Name
	}
	if res.Stack == "" {
		res.Stack = e.StackName()
	}
	if res.Duration == 0 {
		res.Duration = d
	}
	if res.Status == "" {
		res.Status = OK
	}
}

func (r *Runner) program(env *stacks.Environment) pulumi.RunFunc {
	if r.Program != nil {
		return r.Program(env)
	}
	return stacks.Program(env)
}

// failed is the result of an environment that could not run op.
func failed(err error) Result { return Result{Status: Failed, Error: brief(err)} }

// plan plans the environment offline, as `aksplatform plan` does (envplan.Plan), and, with
// Policy, judges it with the environment's policyConfig, else the policy config of its kind
// found from the environment's config file.
func (r *Runner) plan(ctx context.Context, e Member) Result {
	if err := ctx.Err(); err != nil {
		return Result{Status: Skipped, Detail: err.Error()}
	}
	env, err := stacks.LoadFile(e.ConfigPath())
	if err != nil {
		return failed(fmt.Errorf("invalid config: %w", err))
	}
	if !r.Now.IsZero() {
		env.Now = r.Now
	}
	p, err := envplan.Plan(env, envplan.Options{
		Stack:        e.ShortStack(),
		Program:      r.Program,
		Policy:       r.Policy,
		PolicyConfig: e.PolicyConfigPath(),
		Dirs:         []string{filepath.Dir(e.ConfigPath())},
	})
	if err != nil {
		return failed(err)
	}
	res := Result{Status: OK, Resources: len(p.Graph.Resources)}
	if !p.PolicyRan {
		return res
	}
	res.Verdicts = p.Verdicts
	if n := len(rules.Blocking(res.Verdicts)); n > 0 {
		res.Status = Failed
		res.Error = fmt.Sprintf("%d mandatory policy violations", n)
	}
	return res
}
