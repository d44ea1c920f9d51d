package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/aksplatform/platform/internal/conformance"
	"github.com/aksplatform/platform/internal/fleet"
	"github.com/aksplatform/platform/internal/upgrade"
	"github.com/aksplatform/platform/stacks"
)

// regionGate, when set, replaces the conformance gate `aksplatform upgrade` runs against each
// region after its upgrade and before it serves again (conformanceGate). Tests set it.
var regionGate upgrade.Gate

// conformanceGate is the gate of a real upgrade: the region's conformance checks against the
// stack's outputs and its config with the region at the target version, read through the
// same backend as the deployment (fleet.yaml's, else PULUMI_BACKEND_URL).
func conformanceGate(stack, path, target string) (upgrade.Gate, error) {
	member, f, err := stackMember("", stack)
	if err != nil {
		return nil, err
	}
	member.Config = path
	return conformance.MemberGate(&fleet.Runner{Fleet: f}, member, func(env *stacks.Environment, region string) {
		for i := range env.Regions {
			if env.Regions[i].Location == region {
				env.Regions[i].KubernetesVersion = target
			}
		}
	}), nil
}

// upgradeDeploy deploys one step of the runbook: `pulumi up` of the real program through the
// Automation API. Tests replace it.
var upgradeDeploy = func(stack, configPath string, progress io.Writer) upgrade.Deploy {
	return upgrade.Automation(stack, configPath, nil, progress)
}

type upgradeOptions struct {
	stack, configFile, version, resumeFrom, logFile, today string
	plan, skipGate                                         bool
}

func newUpgradeCommand() *cobra.Command {
	o := &upgradeOptions{}
	cmd := &cobra.Command{
		Use:   "upgrade",
		Short: "Upgrade a stack's Kubernetes version region by region: drain, upgrade, check, restore",
		Long: `upgrade moves every region of a stack to another Kubernetes version, one region at a time, in the
order of the regions' maintenance windows. For each region it drains it from Front Door
(regions[i].serving=false, then pulumi up), upgrades its control plane and then its pools
(regions[i].kubernetesVersion, then pulumi up: the pools depend on the cluster, so the engine
upgrades the cluster first), runs the conformance gate against it and puts it back.

It stops at the first failure with only that region drained, says which step failed and prints
the command that resumes it (--resume-from: the region's steps are run again and converge).
It refuses a version that skips a minor version or downgrades a region, as AKS does. Every step
is appended to the --log file, one JSON object per line, for the release record.

--plan runs nothing: it prints each step with the offline plan diff from the step before.

  aksplatform upgrade --stack prod --kubernetes-version 1.33 --plan
  aksplatform upgrade --stack prod --kubernetes-version 1.33 --log upgrade.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUpgrade(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.stack, "stack", "s", "", "stack to upgrade (required); its config is Pulumi.<stack>.yaml")
	f.StringVar(&o.configFile, "config", "", "the stack's config file (default Pulumi.<stack>.yaml)")
	f.StringVar(&o.version, "kubernetes-version", "", "the Kubernetes version to move every region to, e.g. 1.33 (required)")
	f.BoolVar(&o.plan, "plan", false, "print every step and its offline plan diff; change nothing")
	f.StringVar(&o.resumeFrom, "resume-from", "", "start at this region (a location); the regions before it are taken as upgraded")
	f.StringVar(&o.logFile, "log", "upgrade.json", "JSON-lines file every step is appended to")
	f.BoolVar(&o.skipGate, "skip-gate", false, "upgrade without the conformance gate (logged as unchecked)")
	addTodayFlag(f, &o.today)
	return cmd
}

func runUpgrade(cmd *cobra.Command, o *upgradeOptions) error {
	if o.stack == "" || o.version == "" {
		return errors.New("--stack and --kubernetes-version are required")
	}
	path := o.configFile
	if path == "" {
		path = stackFile(o.stack)
	}
	out := cmd.OutOrStdout()
	if o.plan {
		return planUpgrade(out, o, path)
	}
	gate := regionGate
	if gate == nil && !o.skipGate {
		var err error
		if gate, err = conformanceGate(o.stack, path, o.version); err != nil {
			return err
		}
	}
	log, err := upgrade.OpenLog(o.logFile)
	if err != nil {
		return fmt.Errorf("--log: %w", err)
	}
	defer log.Close()
	rb := &upgrade.Runbook{Stack: o.stack, ConfigPath: path, Target: o.version, ResumeFrom: o.resumeFrom,
		Gate: gate, Deploy: upgradeDeploy(o.stack, path, cmd.ErrOrStderr()), Log: log, Out: out}
	return rb.Run(cmd.Context())
}

// planUpgrade prints the steps with their offline plan diffs.
func planUpgrade(out io.Writer, o *upgradeOptions, path string) error {
	today, err := parseToday(o.today)
	if err != nil {
		return err
	}
	env, err := stacks.LoadFile(path)
	if err != nil {
		return fmt.Errorf("invalid config, nothing planned:\n%w", err)
	}
	env.Now = today
	steps, err := upgrade.Steps(env, o.version, o.resumeFrom)
	if err != nil {
		return err
	}
	if err := upgrade.Validate(env, steps); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s\n\n", offlineNote)
	_, err = upgrade.Preview(out, env, o.stack, o.version, steps)
	return err
}
