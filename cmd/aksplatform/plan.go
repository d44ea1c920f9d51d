package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

type planOptions struct {
	stack        string
	configFile   string
	format       string
	policy       bool
	policyConfig string
}

func newPlanCommand() *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show offline what a stack would build: resources, address plan, policy verdicts",
		Long: `plan runs the stack's Pulumi program offline, under the Pulumi Go SDK's mocks, and prints
every resource it would register with its parent and key settings, the address plan and a count
by type. Nothing reaches Azure: IDs, principal IDs, IPs, the OIDC issuer URL and the kubeconfig
are placeholders. An invalid config prints every problem with its key and exits non-zero.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlan(cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.stack, "stack", "s", "dev", "stack name; its config is read from Pulumi.<stack>.yaml")
	f.StringVar(&o.configFile, "config", "", "Pulumi stack config file to plan (default Pulumi.<stack>.yaml)")
	f.StringVar(&o.format, "format", "text", "output format: text, json or mermaid")
	f.BoolVar(&o.policy, "policy", false, "evaluate the policy pack on the plan; exit non-zero on a mandatory violation")
	f.StringVar(&o.policyConfig, "policy-pack-config", "", "policy pack config (the --policy-pack-config format; default policy/config.<stack>.json when present)")
	return cmd
}

// errMandatory is returned when a mandatory policy is violated, after the verdicts are printed.
var errMandatory = errors.New("mandatory policy violations")

func runPlan(out io.Writer, o *planOptions) error {
	render, ok := renderers[o.format]
	if !ok {
		return fmt.Errorf("--format %q: want text, json or mermaid", o.format)
	}
	path := o.configFile
	if path == "" {
		path = findUp(fmt.Sprintf("Pulumi.%s.yaml", o.stack))
	}
	env, err := stacks.LoadFile(path)
	if err != nil {
		return fmt.Errorf("invalid config, nothing planned:\n%w", err)
	}
	g, err := plan.Run(stacks.Project, o.stack, stacks.Program(env))
	if err != nil {
		return fmt.Errorf("planning stack %s: %w", o.stack, err)
	}
	report := &planReport{Stack: o.stack, ConfigFile: path, Env: env, Graph: g}
	if o.policy {
		cfgPath := o.policyConfig
		if cfgPath == "" {
			if p := findUp(filepath.Join("policy", fmt.Sprintf("config.%s.json", o.stack))); fileExists(p) {
				cfgPath = p
			}
		}
		cfg := rules.Config{}
		if cfgPath != "" {
			if cfg, err = rules.LoadConfig(cfgPath); err != nil {
				return err
			}
		}
		report.PolicyConfig = cfgPath
		report.Verdicts = rules.EvaluateGraph(g, cfg)
		report.PolicyRan = true
	}
	if err := render(out, report); err != nil {
		return err
	}
	if report.PolicyRan && rules.HasMandatory(report.Verdicts) {
		return errMandatory
	}
	return nil
}

// findUp looks for name in the working directory and its parents, so that the command works
// from any folder of the checkout; it returns name itself when no parent has it.
func findUp(name string) string {
	dir, err := os.Getwd()
	if err != nil {
		return name
	}
	for {
		p := filepath.Join(dir, name)
		if fileExists(p) {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return name
		}
		dir = parent
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
