// Package envplan plans one loaded environment offline and judges it with the policy rules.
// It is the one path from a stacks.Environment to its resource graph and verdicts, used by
// `aksplatform plan`, `aksplatform fleet plan` and the tests, so that a verdict depends on the
// environment that was loaded (its kind picks the policy settings and the production-only
// rules) and never on the flag or file name that pointed at it.
//
// It sits above stacks, the planner (internal/plan) and the rules (policy/rules) and converts
// the planner's graph into the rules' own resource view: the rules know nothing of the planner.
package envplan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
	"github.com/aksplatform/platform/validation"
)

// Options say how to plan an environment. The zero value plans it with stacks.Program, as a
// stack named after the environment, without policy.
type Options struct {
	// Stack is the Pulumi stack name the URNs carry; empty means env.Name.
	Stack string
	// Program builds the environment's program; nil means stacks.Program.
	Program func(*stacks.Environment) pulumi.RunFunc
	// Policy judges the plan with every rule of the policy pack.
	Policy bool
	// PolicyConfig is a policy pack config file (the --policy-pack-config format) that replaces
	// the environment's default one; see PolicyConfigFor.
	PolicyConfig string
	// Dirs are the folders the default policy config is looked for from (each and its parents,
	// in order); none means the working directory.
	Dirs []string
}

// Result is an environment's offline plan and, with Options.Policy, its verdicts.
type Result struct {
	// Stack is the stack name the plan ran as.
	Stack string
	// Env is the environment that was planned.
	Env *stacks.Environment
	// Graph is every resource the program registered, in canonical order.
	Graph *plan.Graph
	// PolicyRan is set when the rules judged the plan.
	PolicyRan bool
	// PolicyConfig is the policy pack config the settings came from; "" means the rules'
	// defaults (no file for the environment's kind was found).
	PolicyConfig string
	// Verdicts are the rules' violations, in rule order then graph order.
	Verdicts []rules.Verdict
	// Warnings are what the environment warns about without stopping the plan, keyed by the
	// config key they concern.
	Warnings validation.Warnings
}

// Plan runs env's program offline under the planner's mocks and, with o.Policy, judges the
// graph. The policy settings are those of env.Kind: policy/config.<kind>.json of the
// repository (o.PolicyConfig instead, when set), with the production-only rules on exactly
// when env.Kind is production. The error is the program's error (an invalid environment among
// them) or an unreadable policy config; nothing is judged then.
func Plan(env *stacks.Environment, o Options) (*Result, error) {
	if env == nil {
		return nil, errors.New("envplan: no environment")
	}
	stack := o.Stack
	if stack == "" {
		stack = env.Name
	}
	program := stacks.Program
	if o.Program != nil {
		program = o.Program
	}
	g, err := plan.Run(stacks.Project, stack, program(env))
	if err != nil {
		return nil, fmt.Errorf("planning stack %s: %w", stack, err)
	}
	// The program validated env (the Kubernetes version on the day env.Now among it); what
	// only deserves attention is judged on the same day.
	res := &Result{Stack: stack, Env: env, Graph: g, Warnings: env.Warnings()}
	if !o.Policy {
		return res, nil
	}
	res.PolicyConfig = o.PolicyConfig
	if res.PolicyConfig == "" {
		res.PolicyConfig = PolicyConfigFor(env.Kind, o.Dirs...)
	}
	cfg := rules.Config{}
	if res.PolicyConfig != "" {
		if cfg, err = rules.LoadConfig(res.PolicyConfig); err != nil {
			return nil, fmt.Errorf("policy config: %w", err)
		}
	}
	cfg.Today = env.Now // the day the program validated the plan on
	res.Verdicts = Evaluate(g, env.Kind, cfg)
	res.PolicyRan = true
	return res, nil
}

// Evaluate judges a graph as the environment kind: cfg.Stage is set to kind, so the
// production-only rules run exactly for production. A rule's own "environment" option in cfg
// still overrides it, as it does in the pack. The result is never nil.
func Evaluate(g *plan.Graph, kind stacks.Stage, cfg rules.Config) []rules.Verdict {
	cfg.Stage = string(kind)
	return append([]rules.Verdict{}, rules.Evaluate(Resources(g), cfg)...)
}

// PolicyConfigFile is where a repository keeps the policy settings of an environment kind,
// relative to its root: policy/config.prod.json for prod.
func PolicyConfigFile(kind stacks.Stage) string {
	return filepath.Join("policy", "config."+string(kind)+".json")
}

// PolicyConfigFor returns the policy config of an environment kind: PolicyConfigFile(kind) in
// the first of dirs (or, with none, the working directory) or a parent of it that holds one,
// so that the command works from any folder of the checkout. "" when there is none: the rules
// then run with their defaults.
func PolicyConfigFor(kind stacks.Stage, dirs ...string) string {
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	for _, dir := range dirs {
		if p, ok := FindUp(dir, PolicyConfigFile(kind)); ok {
			return p
		}
	}
	return ""
}

// FindUp looks for name in dir and its parents and returns the first path that exists.
func FindUp(dir, name string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
