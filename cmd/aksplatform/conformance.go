package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/aksplatform/platform/internal/conformance"
	"github.com/aksplatform/platform/internal/fleet"
)

type conformanceOptions struct {
	stack      string
	fleetFile  string
	region     string
	format     string
	kubeconfig string
	context    string
	http       bool
}

// errNonConformant ends a conformance run whose report was printed and showed a check that
// did not pass.
var errNonConformant = errors.New("conformance checks did not pass")

func newConformanceCommand() *cobra.Command {
	o := &conformanceOptions{}
	cmd := &cobra.Command{
		Use:   "conformance",
		Short: "Check the live clusters of a stack against its config (read-only)",
		Long: `conformance checks each region's cluster of a deployed stack against what the stack config
says it runs: the control plane and every node pool Ready at the expected version; CoreDNS,
metrics-server, konnectivity, the ingress controller, cert-manager and Argo CD available; the
kube-dns Service with ready endpoints; the ingress controller's address; the ClusterIssuer Ready;
every Argo CD Application Synced and Healthy; the workload identity webhook running; every
workload's ServiceAccount annotated with its identity's client ID and its SecretProviderClass
present. --http adds the health probe path through Front Door and directly at the origin.

Every check only reads (get and list); nothing is created in the cluster, so it is safe on
production at any time. Each region's kubeconfig is the stack output <region>.kubeconfig, read
through the Automation API from the fleet's backend (fleet.yaml's defaults.backend, else
PULUMI_BACKEND_URL; a file:// backend needs PULUMI_CONFIG_PASSPHRASE); --kubeconfig uses a file
instead, for one region. Exits non-zero when any check fails or cannot run.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runConformance(ctx, cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.stack, "stack", "s", "dev", "stack to check; its config is Pulumi.<stack>.yaml, its backend the fleet file's")
	f.StringVarP(&o.fleetFile, "file", "f", "", "fleet file naming the stack and its backend (default fleet.yaml in this folder or a parent, when present)")
	f.StringVar(&o.region, "region", "", "check only this region (default every region of the stack)")
	f.StringVar(&o.format, "format", "text", "output format: text or json")
	addKubeconfigFlags(f, &o.kubeconfig, &o.context)
	addHTTPFlag(f, &o.http)
	return cmd
}

func addKubeconfigFlags(f interface {
	StringVar(p *string, name, value, usage string)
}, kubeconfig, context *string) {
	f.StringVar(kubeconfig, "kubeconfig", "", "kubeconfig file to use instead of the stack's <region>.kubeconfig output (one region)")
	f.StringVar(context, "context", "", "kubeconfig context (default the kubeconfig's current context)")
}

func addHTTPFlag(f interface {
	BoolVar(p *bool, name string, value bool, usage string)
}, p *bool) {
	f.BoolVar(p, "http", false, "also request the health probe path through Front Door and at each region's origin")
}

func runConformance(ctx context.Context, out io.Writer, o *conformanceOptions) error {
	if o.format != "text" && o.format != "json" {
		return fmt.Errorf("--format %q: want text or json", o.format)
	}
	member, f, err := stackMember(o.fleetFile, o.stack)
	if err != nil {
		return err
	}
	opts := conformance.Options{Kubeconfig: o.kubeconfig, Context: o.context}
	if o.region != "" {
		opts.Regions = []string{o.region}
	}
	if o.http {
		opts.HTTP = &http.Client{Timeout: conformance.Timeout}
	}
	rep, err := conformance.CheckMember(ctx, &fleet.Runner{Fleet: f}, member, opts)
	if err != nil {
		return err
	}
	if o.format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = renderConformance(out, rep)
	}
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("%w: %s", errNonConformant, rep.Summary())
	}
	return nil
}

// stackMember finds the stack in the fleet file (explicit, or fleet.yaml found upwards) so
// that its backend and config path are the fleet's; a stack the fleet does not list, or no
// fleet file, is checked from Pulumi.<stack>.yaml with the environment's backend.
func stackMember(fleetFile, stack string) (fleet.Member, *fleet.File, error) {
	path := fleetFile
	if path == "" {
		if p := findUp("fleet.yaml"); fileExists(p) {
			path = p
		}
	}
	if path != "" {
		f, err := fleet.Load(path)
		if err != nil {
			return fleet.Member{}, nil, fmt.Errorf("invalid fleet file:\n%w", err)
		}
		for _, e := range f.Environments {
			if e.Name == stack || e.StackName() == stack || e.ShortStack() == stack {
				return e, f, nil
			}
		}
		return fleet.Member{Name: stack, Config: stackFile(stack)}, f, nil
	}
	return fleet.Member{Name: stack, Config: stackFile(stack)}, nil, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// renderConformance prints one row per check: what it expected and what it found.
func renderConformance(out io.Writer, rep conformance.Report) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REGION\tCHECK\tSTATUS\tEXPECTED\tFOUND")
	for _, r := range rep.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Region, r.Name, r.Status, r.Expected, r.Found)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(out, "\n"+rep.Summary())
	return err
}

// conformanceFleetOptions are the conformance options of `fleet conformance`: every region of
// every environment, each through its stack's kubeconfig outputs.
func conformanceFleetOptions(o *fleetOptions) conformance.Options {
	var opts conformance.Options
	if o.http {
		opts.HTTP = &http.Client{Timeout: conformance.Timeout}
	}
	return opts
}
