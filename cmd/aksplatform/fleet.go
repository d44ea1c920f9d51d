package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/aksplatform/platform/internal/conformance"
	"github.com/aksplatform/platform/internal/fleet"
)

type fleetOptions struct {
	file        string
	envs        []string
	labels      []string
	concurrency int
	format      string
	progress    bool
	policy      bool
	allowProd   bool
	today       string
	http        bool // conformance: also the health probes
}

// errFleetFailed and errDrift end a fleet run whose report was printed: the first when an
// environment failed, the second when a drift check found drift.
var (
	errFleetFailed = errors.New("fleet operation failed")
	errDrift       = errors.New("drift detected")
)

var fleetShort = map[fleet.Operation]string{
	fleet.Plan:        "Plan every environment offline (no cloud, no pulumi CLI); --policy judges them",
	fleet.Preview:     "Preview every environment through the Automation API",
	fleet.Up:          "Deploy every environment; production only with --allow-prod",
	fleet.Drift:       "Check every deployed environment for drift (refresh preview) and pending changes",
	fleet.Conformance: "Check the live clusters of every deployed environment against its config (read-only)",
}

func newFleetCommand() *cobra.Command {
	o := &fleetOptions{}
	cmd := &cobra.Command{
		Use:   "fleet",
		Short: "Plan, preview, deploy and check for drift many environments at once",
		Long: `fleet runs one operation over the environments of a fleet file (fleet.yaml), several at once,
and prints one row per environment. plan is offline, like "aksplatform plan". preview, up and drift
run the pulumi CLI through the Automation API with the stacks embedded as inline programs, against
the fleet's backend (defaults.backend or PULUMI_BACKEND_URL); a file:// or azblob:// backend needs
PULUMI_CONFIG_PASSPHRASE. One environment failing does not stop the others; the command exits
non-zero when any failed, and for drift when any drifted.`,
		Args: cobra.NoArgs,
	}
	pf := cmd.PersistentFlags()
	pf.StringVarP(&o.file, "file", "f", "", "fleet file (default fleet.yaml in this folder or a parent)")
	pf.StringSliceVar(&o.envs, "env", nil, "environments to run, comma separated (default all)")
	pf.StringArrayVar(&o.labels, "label", nil, "only environments with this label, key=value (repeatable)")
	pf.IntVar(&o.concurrency, "concurrency", 0, "environments at once (default the fleet's, else 4)")
	pf.StringVar(&o.format, "format", "text", "output format: text or json")
	pf.BoolVar(&o.progress, "progress", false, "stream the engine output to stderr, each line prefixed with its environment")

	for _, op := range append(fleet.Operations, fleet.Conformance) {
		sub := &cobra.Command{
			Use:   string(op),
			Short: fleetShort[op],
			Args:  cobra.NoArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
				defer stop()
				return runFleet(ctx, cmd.OutOrStdout(), cmd.ErrOrStderr(), op, o)
			},
		}
		switch op {
		case fleet.Plan:
			sub.Flags().BoolVar(&o.policy, "policy", false, "evaluate the policy pack (policyConfig of each environment, else policy/config.<environment>.json); a mandatory violation fails it")
			addTodayFlag(sub.Flags(), &o.today)
		case fleet.Up:
			sub.Flags().BoolVar(&o.allowProd, "allow-prod", false, "deploy production environments too (they are skipped without it)")
		case fleet.Conformance:
			addHTTPFlag(sub.Flags(), &o.http)
		}
		cmd.AddCommand(sub)
	}
	return cmd
}

func runFleet(ctx context.Context, out, errOut io.Writer, op fleet.Operation, o *fleetOptions) error {
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("--format %q: want text or json", o.format)
	}
	if o.concurrency < 0 || o.concurrency > fleet.MaxConcurrency {
		return fmt.Errorf("--concurrency %d: want 1 to %d", o.concurrency, fleet.MaxConcurrency)
	}
	today, err := parseToday(o.today)
	if err != nil {
		return err
	}
	path := o.file
	if path == "" {
		path = findUp("fleet.yaml")
	}
	f, err := fleet.Load(path)
	if err != nil {
		return fmt.Errorf("invalid fleet file, nothing run:\n%w", err)
	}
	labels, err := fleet.ParseLabels(o.labels)
	if err != nil {
		return err
	}
	envs, err := f.Select(o.envs, labels)
	if err != nil {
		return err
	}
	r := &fleet.Runner{
		Fleet:       f,
		Concurrency: o.concurrency,
		AllowProd:   o.allowProd,
		Policy:      o.policy,
		Now:         today,
	}
	if o.progress {
		r.Progress = errOut
	}
	var results []fleet.Result
	if op == fleet.Conformance {
		results = r.Do(ctx, envs, conformance.FleetOp(r, conformanceFleetOptions(o)))
	} else if results, err = r.Run(ctx, op, envs); err != nil {
		return err
	}
	if o.format == "json" {
		err = renderFleetJSON(out, op, results)
	} else {
		err = renderFleetText(out, results)
	}
	if err != nil {
		return err
	}
	return fleetOutcome(op, results)
}

// fleetOutcome turns failed and drifted environments into the command's error.
func fleetOutcome(op fleet.Operation, results []fleet.Result) error {
	var errs []error
	if fleet.AnyFailed(results) {
		errs = append(errs, fmt.Errorf("%w: %s failed for %s", errFleetFailed, op, fleet.Names(results, fleet.Failed)))
	}
	if op == fleet.Drift && fleet.AnyDrifted(results) {
		errs = append(errs, fmt.Errorf("%w in %s: resources changed outside Pulumi; "+
			"inspect with `pulumi refresh --preview-only --diff -s <stack>`", errDrift, fleet.Names(results, fleet.Drifted)))
	}
	return errors.Join(errs...)
}

func renderFleetText(out io.Writer, results []fleet.Result) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ENVIRONMENT\tSTACK\tOPERATION\tSTATUS\tCHANGES\tDURATION")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Environment, r.Stack, r.Operation, r.Status,
			r.Summary(), r.Duration.Round(100*time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range results {
		if r.Error == "" && r.Detail == "" && len(r.Verdicts) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n%s:\n", r.Environment)
		for _, line := range []string{r.Error, r.Detail} {
			if line != "" {
				fmt.Fprintf(out, "  %s\n", line)
			}
		}
		for _, v := range r.Verdicts {
			fmt.Fprintf(out, "  %s\n", v)
		}
	}
	return nil
}

func renderFleetJSON(out io.Writer, op fleet.Operation, results []fleet.Result) error {
	type row struct {
		fleet.Result
		Duration string `json:"duration"`
	}
	rows := make([]row, len(results))
	for i, r := range results {
		rows[i] = row{Result: r, Duration: r.Duration.Round(time.Millisecond).String()}
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Operation fleet.Operation `json:"operation"`
		Results   []row           `json:"results"`
	}{op, rows})
}
