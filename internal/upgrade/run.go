package upgrade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/internal/fleet"
	"github.com/aksplatform/platform/stacks"
)

// Deploy runs `pulumi up` on the stack with config set on top of the stack file's.
type Deploy func(ctx context.Context, config auto.ConfigMap) error

// Runbook upgrades one stack region by region.
type Runbook struct {
	// Stack is the Pulumi stack (short or org/project/stack); ConfigPath its Pulumi.<stack>.yaml.
	Stack      string
	ConfigPath string
	// Target is the Kubernetes version to move every region to.
	Target string
	// ResumeFrom is the location of the region to start from (see Steps).
	ResumeFrom string
	// Gate checks a region after its upgrade; nil passes every region, and says so in the log.
	Gate Gate
	// Deploy applies a step's config; nil is Automation(Stack, ConfigPath, nil, Progress).
	Deploy Deploy
	// Log receives one JSON object per line for every step started and finished.
	Log io.Writer
	// Out receives what a person follows: each step and how it ended.
	Out io.Writer
	// Progress receives the engine's output; nil discards it.
	Progress io.Writer
	// Now is the clock of the log; nil is time.Now.
	Now func() time.Time
}

// Entry is one line of the log.
type Entry struct {
	Time              time.Time `json:"time"`
	Stack             string    `json:"stack"`
	KubernetesVersion string    `json:"kubernetesVersion"`
	Step              int       `json:"step"`
	Steps             int       `json:"steps"`
	Region            string    `json:"region"`
	Phase             Phase     `json:"phase"`
	// Status is started, succeeded or failed.
	Status string `json:"status"`
	// Config is every region override in force after the step.
	Config []string `json:"config,omitempty"`
	Error  string   `json:"error,omitempty"`
	// Resume is the command that resumes the run after a failure.
	Resume string `json:"resume,omitempty"`
}

// StepError is the failure of one step: the region it left drained and how to resume.
type StepError struct {
	Step   Step
	Err    error
	Resume string
}

func (e *StepError) Error() string {
	return fmt.Sprintf("step %d (%s %s) failed: %v\n%s is left drained; the other regions serve. Fix the cause, then resume with:\n  %s",
		e.Step.N, e.Step.Phase, e.Step.Region, e.Err, e.Step.Region, e.Resume)
}

func (e *StepError) Unwrap() error { return e.Err }

// Run runs the runbook. It returns ErrNothingToDo when every region already runs Target, the
// refusal from Steps before any step, or a *StepError for the first step that failed.
func (rb *Runbook) Run(ctx context.Context) error {
	env, err := stacks.LoadFile(rb.ConfigPath)
	if err != nil {
		return fmt.Errorf("invalid config, nothing changed:\n%w", err)
	}
	steps, err := Steps(env, rb.Target, rb.ResumeFrom)
	if err != nil {
		return err
	}
	if err := Validate(env, steps); err != nil {
		return err
	}
	raw, err := stacks.ReadConfigFile(rb.ConfigPath)
	if err != nil {
		return err
	}
	deploy := rb.Deploy
	if deploy == nil {
		deploy = Automation(rb.Stack, rb.ConfigPath, nil, rb.Progress)
	}
	for _, s := range steps {
		rb.log(s, len(steps), "started", nil)
		fmt.Fprintf(rb.out(), "[%d/%d] %s\n", s.N, len(steps), s.Describe(rb.Target))
		var err error
		if s.Deploys() {
			var cfg auto.ConfigMap
			if cfg, err = RegionsConfig(raw, s.Overrides); err == nil {
				err = deploy(ctx, cfg)
			}
		} else if rb.Gate != nil {
			err = rb.Gate(ctx, s.Region)
		} else {
			fmt.Fprintf(rb.out(), "      no gate configured: %s passes unchecked\n", s.Region)
		}
		if err != nil {
			se := &StepError{Step: s, Err: err, Resume: rb.resume(s.Region)}
			rb.log(s, len(steps), "failed", se)
			return se
		}
		rb.log(s, len(steps), "succeeded", nil)
	}
	fmt.Fprintf(rb.out(), "Every region runs %s. Record it in %s: set aks-platform:aks.kubernetesVersion to %q and remove "+
		"regions[].kubernetesVersion; a `pulumi up` from the file as it is would ask AKS to downgrade, which AKS refuses.\n",
		rb.Target, rb.ConfigPath, rb.Target)
	return nil
}

// Validate checks that every state the steps go through is a valid stack (a target outside
// the AKS release calendar, for one), so that nothing runs or prints before a refusal.
func Validate(env *stacks.Environment, steps []Step) error {
	for _, s := range steps {
		if err := Apply(env, s.Overrides).Validate(); err != nil {
			return fmt.Errorf("step %d (%s %s) would leave an invalid stack, nothing changed:\n%w", s.N, s.Phase, s.Region, err)
		}
	}
	return nil
}

// resume is the command that runs the runbook again from region: its steps are idempotent.
func (rb *Runbook) resume(region string) string {
	return fmt.Sprintf("aksplatform upgrade --stack %s --config %s --kubernetes-version %s --resume-from %s",
		rb.Stack, rb.ConfigPath, rb.Target, region)
}

func (rb *Runbook) out() io.Writer {
	if rb.Out == nil {
		return io.Discard
	}
	return rb.Out
}

func (rb *Runbook) log(s Step, n int, status string, se *StepError) {
	if rb.Log == nil {
		return
	}
	now := time.Now
	if rb.Now != nil {
		now = rb.Now
	}
	e := Entry{Time: now().UTC(), Stack: rb.Stack, KubernetesVersion: rb.Target, Step: s.N, Steps: n,
		Region: s.Region, Phase: s.Phase, Status: status, Config: s.Settings()}
	if se != nil {
		e.Error, e.Resume = se.Err.Error(), se.Resume
	}
	b, _ := json.Marshal(e)
	_, _ = rb.Log.Write(append(b, '\n'))
}

// OpenLog opens the log file for appending, creating it when missing.
func OpenLog(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
}

// RegionsConfig returns aks-platform:regions of the stack file's config (raw, as
// stacks.ReadConfigFile reads it) with the overrides set: the one key a step changes, as the
// JSON text the engine hands the program. Only the overridden fields change; every other
// setting of every region is kept as written.
func RegionsConfig(raw map[string]any, overrides map[int]Override) (auto.ConfigMap, error) {
	key := stacks.Key("regions")
	v, ok := raw[key]
	if !ok {
		v = raw["regions"]
	}
	regions, ok := v.([]any)
	if !ok {
		return nil, errors.New("the stack file has no aks-platform:regions list")
	}
	out := make([]any, len(regions))
	for i, r := range regions {
		m, ok := r.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("aks-platform:regions[%d] is not an object", i)
		}
		c := make(map[string]any, len(m)+2)
		for k, e := range m {
			c[k] = e
		}
		if o, set := overrides[i]; set {
			if o.Serving != nil {
				c["serving"] = *o.Serving
			}
			if o.KubernetesVersion != "" {
				c["kubernetesVersion"] = o.KubernetesVersion
			}
		}
		out[i] = c
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	return auto.ConfigMap{key: auto.ConfigValue{Value: string(b)}}, nil
}

// Automation deploys through the Automation API, as `aksplatform fleet up` does (fleet.Runner:
// the pulumi CLI on PATH, PULUMI_BACKEND_URL, the passphrase): the stack's file config, then
// config on top, then `up` of program, which reads its config as `pulumi up` does (nil is
// stacks.Run, the real program).
func Automation(stack, configPath string, program pulumi.RunFunc, progress io.Writer) Deploy {
	if program == nil {
		program = stacks.Run
	}
	return func(ctx context.Context, config auto.ConfigMap) error {
		r := &fleet.Runner{
			Program:   func(*stacks.Environment) pulumi.RunFunc { return program },
			AllowProd: true, // the runbook is the deliberate way to change production
			Config:    config,
			Progress:  progress,
		}
		rs, err := r.Run(ctx, fleet.Up, []fleet.Member{{Name: stack[strings.LastIndex(stack, "/")+1:], Stack: stack, Config: configPath}})
		if err != nil {
			return err
		}
		if res := rs[0]; res.Status == fleet.Failed || res.Status == fleet.Skipped {
			return fmt.Errorf("pulumi up %s: %s", res.Status, res.Error+res.Detail)
		}
		return nil
	}
}
