package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/aksplatform/platform/internal/envplan"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

type planOptions struct {
	stack        string
	configFile   string
	format       string
	policy       bool
	policyConfig string
	today        string
}

func newPlanCommand() *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show offline what a stack would build: resources, address plan, policy verdicts",
		Long: `plan runs the stack's Pulumi program offline, under the Pulumi Go SDK's mocks, and prints
every resource it would register with its parent and key settings, the address plan and a count
by type. Nothing reaches Azure: IDs, principal IDs, IPs, the OIDC issuer URL and the kubeconfig
are placeholders. An invalid config prints every problem with its key and exits non-zero.

The output is the same, byte for byte, every time the same config is planned on the same day
(--today pins the day). The policy settings follow the environment the file declares
(aks-platform:environment), whichever flag named the file: policy/config.<environment>.json of
the checkout, or --policy-pack-config.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.stack, "stack", "s", "", "stack name; its config is read from Pulumi.<stack>.yaml (default dev; with --config, the environment's name)")
	f.StringVar(&o.configFile, "config", "", "Pulumi stack config file to plan (default Pulumi.<stack>.yaml)")
	f.StringVar(&o.format, "format", "text", "output format: text, json or mermaid")
	f.BoolVar(&o.policy, "policy", false, "evaluate the policy pack on the plan; exit non-zero on a mandatory violation")
	f.StringVar(&o.policyConfig, "policy-pack-config", "", "policy pack config (the --policy-pack-config format; default policy/config.<environment>.json when present)")
	addTodayFlag(f, &o.today)
	cmd.AddCommand(newPlanDiffCommand())
	return cmd
}

// errMandatory is returned when a mandatory policy is violated, after the verdicts are printed.
var errMandatory = errors.New("mandatory policy violations")

func runPlan(out io.Writer, o *planOptions) error {
	render, ok := renderers[o.format]
	if !ok {
		return fmt.Errorf("--format %q: want text, json or mermaid", o.format)
	}
	today, err := parseToday(o.today)
	if err != nil {
		return err
	}
	stack, path := o.stack, o.configFile
	if path == "" {
		if stack == "" {
			stack = "dev"
		}
		path = stackFile(stack)
	}
	env, err := stacks.LoadFile(path)
	if err != nil {
		return fmt.Errorf("invalid config, nothing planned:\n%w", err)
	}
	env.Now = today
	res, err := envplan.Plan(env, envplan.Options{
		Stack:        stack, // "" with --config alone: the environment's name
		Policy:       o.policy,
		PolicyConfig: o.policyConfig,
		Dirs:         []string{filepath.Dir(path), "."},
	})
	if err != nil {
		return err
	}
	if err := render(out, &planReport{Result: res, ConfigFile: path}); err != nil {
		return err
	}
	if res.PolicyRan && rules.HasMandatory(res.Verdicts) {
		return errMandatory
	}
	return nil
}

// todayLayout is the form of --today.
const todayLayout = "2006-01-02"

// addTodayFlag adds --today, shared by plan and fleet plan.
func addTodayFlag(f interface {
	StringVar(p *string, name, value, usage string)
}, p *string) {
	f.StringVar(p, "today", "", "judge the plan as on this day, YYYY-MM-DD (default today): "+
		"Kubernetes version support and secret rotation windows depend on it; pin it for reproducible plans")
}

// parseToday returns the day --today names, at midnight UTC, or the current time when it is
// empty.
func parseToday(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(todayLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--today %q: want a date as YYYY-MM-DD", s)
	}
	return t, nil
}

// findUp looks for name in the working directory and its parents, so that the command works
// from any folder of the checkout; it returns name itself when no parent has it.
func findUp(name string) string {
	if p, ok := envplan.FindUp(".", name); ok {
		return p
	}
	return name
}

// stackFile is the config file of stack, Pulumi.<stack>.yaml, found as findUp finds it.
func stackFile(stack string) string { return findUp("Pulumi." + stack + ".yaml") }
