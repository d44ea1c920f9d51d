package fleet

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/stacks"
)

// ErrNoCLI is returned by Run for Preview, Up and Drift when the pulumi CLI is not on PATH:
// the Automation API drives the CLI, it does not replace it.
var ErrNoCLI = errors.New("the pulumi CLI is not on PATH: preview, up and drift run it through " +
	"the Automation API; install it (https://www.pulumi.com/docs/install/) or run " +
	"`aksplatform fleet plan`, which plans every environment offline without it")

// ErrNoPassphrase is returned when the backend keeps secrets with a passphrase and neither
// PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is set; without it the CLI would
// fail on every environment, or prompt.
var ErrNoPassphrase = errors.New("the backend encrypts secrets with a passphrase: set " +
	"PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE (or defaults.secretsProvider " +
	"in the fleet file)")

// engine is what every Automation API operation of one Run shares: the CLI and the
// environment variables that point it at the fleet's backend.
type engine struct {
	cmd             auto.PulumiCommand
	secretsProvider string
	env             map[string]string
}

func (r *Runner) newEngine() (*engine, error) {
	if _, err := exec.LookPath("pulumi"); err != nil {
		return nil, ErrNoCLI
	}
	f := r.Fleet
	if f == nil {
		f = &File{}
	}
	backend, sp := f.Backend(), f.Defaults.SecretsProvider
	if needsPassphrase(backend, sp) && !passphraseSet() {
		return nil, ErrNoPassphrase
	}
	if dir, ok := localBackendDir(backend); ok {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("backend %s: %w", backend, err)
		}
	}
	cmd, err := auto.NewPulumiCommand(nil)
	if err != nil {
		return nil, fmt.Errorf("pulumi CLI: %w", err)
	}
	env := map[string]string{
		"PULUMI_SKIP_UPDATE_CHECK": "true",
		// Each operation runs in a fresh workspace folder, so the stack's passphrase salt is
		// taken from its state rather than minted anew.
		"PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER": "true",
	}
	if backend != "" {
		env["PULUMI_BACKEND_URL"] = backend
	}
	return &engine{cmd: cmd, secretsProvider: sp, env: env}, nil
}

// needsPassphrase reports whether stacks on backend keep secrets with a passphrase. With no
// backend the CLI's login decides and it cannot be known here.
func needsPassphrase(backend, secretsProvider string) bool {
	if secretsProvider != "" {
		return secretsProvider == "passphrase"
	}
	return backend != "" && !strings.HasPrefix(backend, "https://") && !strings.HasPrefix(backend, "http://")
}

func passphraseSet() bool {
	_, ok := os.LookupEnv("PULUMI_CONFIG_PASSPHRASE")
	return ok || os.Getenv("PULUMI_CONFIG_PASSPHRASE_FILE") != ""
}

func localBackendDir(backend string) (string, bool) {
	u, err := url.Parse(backend)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", false
	}
	return u.Path, true
}

// run runs one Automation API operation on one environment in a workspace of its own.
func (eng *engine) run(ctx context.Context, r *Runner, op Operation, e Member) Result {
	if err := ctx.Err(); err != nil {
		return Result{Status: Skipped, Detail: err.Error()}
	}
	env, err := stacks.LoadFile(e.ConfigPath())
	if err != nil {
		return failed(fmt.Errorf("invalid config: %w", err))
	}
	if op == Up && env.Kind.Production() && !r.AllowProd {
		return Result{Status: Skipped, Detail: "production environment: pass --allow-prod to deploy it"}
	}
	cfg, err := stackConfig(e.ConfigPath())
	if err != nil {
		return failed(err)
	}
	maps.Copy(cfg, r.Config)
	progress := r.progressFor(e.Name)
	defer progress.Flush()
	st, cleanup, err := eng.stack(ctx, e, r.program(env), cfg, op != Drift)
	defer cleanup()
	if err != nil {
		if op == Drift && auto.IsSelectStack404Error(err) {
			return Result{Status: Skipped, Detail: "stack does not exist: nothing deployed to check"}
		}
		return failed(err)
	}
	switch op {
	case Preview:
		return eng.preview(ctx, st, progress)
	case Up:
		return eng.up(ctx, st, progress)
	default:
		return eng.drift(ctx, st, progress)
	}
}

// stack opens the environment's stack in a fresh workspace folder holding only the project
// settings and the config of e's file, so that no stale config survives from an earlier run.
// It creates the stack when create is set and selects an existing one otherwise.
func (eng *engine) stack(ctx context.Context, e Member, program pulumi.RunFunc,
	cfg auto.ConfigMap, create bool,
) (auto.Stack, func(), error) {
	dir, err := os.MkdirTemp("", "aksplatform-fleet-"+e.Name+"-")
	if err != nil {
		return auto.Stack{}, func() {}, err
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	opts := []auto.LocalWorkspaceOption{
		auto.WorkDir(dir),
		auto.Pulumi(eng.cmd),
		auto.EnvVars(eng.env),
		auto.Project(workspace.Project{
			Name:    tokens.PackageName(stacks.Project),
			Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		}),
	}
	if eng.secretsProvider != "" {
		opts = append(opts, auto.SecretsProvider(eng.secretsProvider))
	}
	open := auto.SelectStackInlineSource
	if create {
		open = auto.UpsertStackInlineSource
	}
	st, err := open(ctx, e.StackName(), stacks.Project, program, opts...)
	if err != nil {
		return st, cleanup, err
	}
	if len(cfg) > 0 {
		if err := st.SetAllConfigWithOptions(ctx, cfg, &auto.ConfigOptions{Path: false}); err != nil {
			return st, cleanup, fmt.Errorf("setting config: %w", err)
		}
	}
	return st, cleanup, nil
}

func (eng *engine) preview(ctx context.Context, st auto.Stack, w *prefixWriter) Result {
	var opts []optpreview.Option
	if w != nil {
		opts = append(opts, optpreview.ProgressStreams(w))
	}
	res, err := st.Preview(ctx, opts...)
	if err != nil {
		return failed(err)
	}
	c := countOps(res.ChangeSummary)
	return Result{Status: statusOf(c, Changes), Changes: c}
}

func (eng *engine) up(ctx context.Context, st auto.Stack, w *prefixWriter) Result {
	var opts []optup.Option
	if w != nil {
		opts = append(opts, optup.ProgressStreams(w))
	}
	res, err := st.Up(ctx, opts...)
	if err != nil {
		return failed(err)
	}
	var c Counts
	if rc := res.Summary.ResourceChanges; rc != nil {
		c = countOps(*rc)
	}
	return Result{Status: OK, Changes: c}
}

// drift compares the state with the cloud (a refresh that writes nothing) and with the
// program and config (a preview). Only the former is drift; the latter is pending work.
func (eng *engine) drift(ctx context.Context, st auto.Stack, w *prefixWriter) Result {
	var ropts []optrefresh.Option
	var popts []optpreview.Option
	if w != nil {
		ropts = append(ropts, optrefresh.ProgressStreams(w))
		popts = append(popts, optpreview.ProgressStreams(w))
	}
	ref, err := st.PreviewRefresh(ctx, ropts...)
	if err != nil {
		return failed(fmt.Errorf("refresh: %w", err))
	}
	drifted := countOps(ref.ChangeSummary)
	res := Result{Status: statusOf(drifted, Drifted), Changes: drifted}
	pre, err := st.Preview(ctx, popts...)
	if err != nil {
		res.Status, res.Error = Failed, brief(fmt.Errorf("preview: %w", err))
		return res
	}
	pending := countOps(pre.ChangeSummary)
	res.Pending = &pending
	if res.Status == OK && pending.Changed() > 0 {
		res.Status = Changes
		res.Detail = "no drift; the program or config has changes not yet deployed"
	}
	return res
}

func statusOf(c Counts, changed Status) Status {
	if c.Changed() > 0 {
		return changed
	}
	return OK
}

// brief shortens an Automation API error, which carries the CLI's whole stdout and stderr, to
// its first line and the engine's "error:" lines.
func brief(err error) string {
	s := err.Error()
	head, rest, found := strings.Cut(s, "\ncode: ")
	if !found {
		return s
	}
	var lines []string
	seen := map[string]bool{}
	for _, l := range strings.Split(rest, "\n") {
		i := strings.Index(l, "error:")
		if i < 0 {
			continue
		}
		l = strings.TrimSpace(l[i:])
		if !seen[l] && len(lines) < 5 {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return head
	}
	return head + ": " + strings.Join(lines, "; ")
}
