package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/aksplatform/platform/internal/plandiff"
	"github.com/aksplatform/platform/stacks"
)

type diffOptions struct {
	from, to, stack, format, today string
	failOnReplace                  bool
}

func newPlanDiffCommand() *cobra.Command {
	o := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Show offline what changes between two plans: resources added, removed, replaced or updated",
		Long: `diff plans two stack configs offline (or reads a plan saved with ` + "`plan --format json`" + `) and
prints what deploying the second would do to the first: every resource added, removed, replaced
or updated, with the inputs that change. Replacements come first: a change of a resource's name,
location or of an input Azure documents as create-only deletes the resource and creates it again.
Secret values never print; a saved plan holds none, so a changed secret is only seen between two
stack configs. No cloud and no state are needed.

  aksplatform plan diff --from Pulumi.prod.yaml --to prod-next.yaml
  aksplatform plan diff --from plan.json --stack prod --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPlanDiff(cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "the plan before: a stack config (Pulumi.<stack>.yaml) or a saved JSON plan (required)")
	f.StringVar(&o.to, "to", "", "the stack config after (default Pulumi.<stack>.yaml of --stack)")
	f.StringVarP(&o.stack, "stack", "s", "", "stack name the URNs carry, and with no --to, whose Pulumi.<stack>.yaml is the plan after")
	f.StringVar(&o.format, "format", "text", "output format: text or json")
	f.BoolVar(&o.failOnReplace, "fail-on-replace", false, "exit non-zero when a resource would be replaced")
	addTodayFlag(f, &o.today)
	return cmd
}

// errReplacements is returned with --fail-on-replace, after the diff is printed.
var errReplacements = errors.New("the change replaces resources")

func runPlanDiff(out io.Writer, o *diffOptions) error {
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("--format %q: want text or json", o.format)
	}
	if o.from == "" {
		return errors.New("--from is required: a stack config or a saved JSON plan")
	}
	to := o.to
	if to == "" {
		if o.stack == "" {
			return errors.New("--to or --stack is required: the stack config to compare with")
		}
		to = stackFile(o.stack)
	}
	today, err := parseToday(o.today)
	if err != nil {
		return err
	}
	from, err := readPlan(o.from, o.stack, today)
	if err != nil {
		return fmt.Errorf("--from %s: %w", o.from, err)
	}
	// The plan after carries the stack name of the plan before, so that URNs match.
	after, err := readPlan(to, from.Stack, today)
	if err != nil {
		return fmt.Errorf("%s: %w", to, err)
	}
	d := plandiff.Compare(from, after)
	d.From, d.To = o.from, to
	if o.format == "json" {
		err = d.WriteJSON(out)
	} else {
		err = d.WriteText(out)
	}
	if err == nil && o.failOnReplace && len(d.Replacements()) > 0 {
		return errReplacements
	}
	return err
}

// readPlan reads a saved JSON plan, or plans a stack config offline as stack (or, when stack
// is empty, as the environment's name).
func readPlan(path, stack string, today time.Time) (*plandiff.Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(filepath.Ext(path), ".json") || bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		return plandiff.ReadJSON(bytes.NewReader(b))
	}
	env, err := stacks.LoadFile(path)
	if err != nil {
		return nil, fmt.Errorf("invalid config, nothing planned:\n%w", err)
	}
	env.Now = today
	if stack == "" {
		stack = env.Name
	}
	return plandiff.FromEnvironment(env, stack)
}
