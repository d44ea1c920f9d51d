package fleet

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/stacks"
)

func TestNoCLIOnPath(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	for _, op := range []Operation{Preview, Up, Drift} {
		_, err := (&Runner{}).Run(context.Background(), op, envs("dev"))
		require.ErrorIs(t, err, ErrNoCLI)
		assert.Contains(t, err.Error(), "aksplatform fleet plan")
	}
}

func TestNoPassphrase(t *testing.T) {
	bin := t.TempDir()
	writeFile(t, bin, "pulumi", "#!/bin/sh\nexit 1\n")
	require.NoError(t, os.Chmod(filepath.Join(bin, "pulumi"), 0o700))
	t.Setenv("PATH", bin)
	t.Setenv("PULUMI_CONFIG_PASSPHRASE_FILE", "")
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "") // restores the variable after the test
	require.NoError(t, os.Unsetenv("PULUMI_CONFIG_PASSPHRASE"))
	f := &File{Defaults: Defaults{Backend: "file://" + t.TempDir()}}
	_, err := (&Runner{Fleet: f}).Run(context.Background(), Preview, envs("dev"))
	require.ErrorIs(t, err, ErrNoPassphrase)
}

// autoFleet prepares a file:// backend and a Pulumi home in temporary folders and returns a
// fleet of dev and prod on the repository's stack files, or skips without a pulumi CLI.
func autoFleet(t *testing.T) *File {
	t.Helper()
	if _, err := exec.LookPath("pulumi"); err != nil {
		t.Skip("the pulumi CLI is not on PATH: the Automation API tests need it (put tools/pulumi-cli/bin on PATH)")
	}
	t.Setenv("PULUMI_HOME", t.TempDir())
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "fleet-test")
	t.Setenv("PULUMI_BACKEND_URL", "")
	return &File{
		Defaults: Defaults{Backend: "file://" + t.TempDir(), Concurrency: 2},
		Environments: []Member{
			{Name: "dev", Config: filepath.Join(repoRoot, "Pulumi.dev.yaml")},
			{Name: "prod", Config: filepath.Join(repoRoot, "Pulumi.prod.yaml")},
		},
	}
}

func run(t *testing.T, r *Runner, op Operation, es ...Member) []Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rs, err := r.Run(ctx, op, es)
	require.NoError(t, err)
	require.Len(t, rs, len(es))
	for _, res := range rs {
		require.NotEqual(t, Failed, res.Status, "%s %s: %s", op, res.Environment, res.Error)
	}
	return rs
}

// TestAutomationLifecycle previews, deploys and checks a plugin-free program (components
// only) through the real CLI. Drift here is the pending kind: the program changed after the
// deployment. Refresh drift needs a resource the engine can read back; see the next test.
func TestAutomationLifecycle(t *testing.T) {
	f := autoFleet(t)
	dev, prod := f.Environments[0], f.Environments[1]
	r := &Runner{Fleet: f, Program: components(2)}

	rs := run(t, r, Preview, dev, prod) // both at once, on one backend
	for _, res := range rs {
		assert.Equal(t, Changes, res.Status)
		assert.Equal(t, 3, res.Changes.Create, "two boxes and the stack")
	}

	rs = run(t, r, Up, dev, prod)
	assert.Equal(t, OK, rs[0].Status)
	assert.Equal(t, 3, rs[0].Changes.Create)
	assert.Equal(t, Skipped, rs[1].Status, "prod needs AllowProd")

	qa := Member{Name: "qa", Config: dev.Config}
	rs = run(t, r, Drift, dev, prod, qa)
	assert.Equal(t, OK, rs[0].Status, "just deployed: no drift, nothing pending")
	require.NotNil(t, rs[0].Pending)
	assert.Equal(t, 3, rs[0].Pending.Same)
	assert.Equal(t, Changes, rs[1].Status, "the preview created prod's stack; nothing is deployed in it")
	assert.Equal(t, 3, rs[1].Pending.Create)
	assert.Equal(t, Skipped, rs[2].Status, "drift does not create stacks")
	assert.Contains(t, rs[2].Detail, "does not exist")

	r.Program = components(3)
	rs = run(t, r, Drift, dev)
	assert.Equal(t, Changes, rs[0].Status, "a changed program is pending work, not drift")
	assert.Equal(t, 0, rs[0].Changes.Changed())
	assert.Equal(t, 1, rs[0].Pending.Create)
	assert.False(t, AnyDrifted(rs))

	r.AllowProd = true
	rs = run(t, r, Up, prod)
	assert.Equal(t, OK, rs[0].Status)
	assert.Equal(t, 4, rs[0].Changes.Create)
}

// TestAutomationRefreshDrift shows refresh drift without a cloud provider: the deployed stack
// reads another stack's outputs through a StackReference (served by the engine's built-in
// provider, no plugin); when those outputs change behind its back, a refresh sees the change.
func TestAutomationRefreshDrift(t *testing.T) {
	f := autoFleet(t)
	dev := f.Environments[0]
	ctx := context.Background()

	source := func(v string) {
		t.Helper()
		st, err := auto.UpsertStackInlineSource(ctx, "source", stacks.Project, func(ctx *pulumi.Context) error {
			ctx.Export("v", pulumi.String(v))
			return nil
		}, auto.WorkDir(t.TempDir()), auto.EnvVars(map[string]string{"PULUMI_BACKEND_URL": f.Backend()}))
		require.NoError(t, err)
		_, err = st.Up(ctx)
		require.NoError(t, err, "deploying the source stack")
	}
	source("1")

	r := &Runner{Fleet: f, Program: func(env *stacks.Environment) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			ref, err := pulumi.NewStackReference(ctx, "organization/"+stacks.Project+"/source", nil)
			if err != nil {
				return err
			}
			ctx.Export("v", ref.GetStringOutput(pulumi.String("v")))
			return nil
		}
	}}
	run(t, r, Up, dev)
	rs := run(t, r, Drift, dev)
	assert.Equal(t, OK, rs[0].Status, "nothing changed yet")

	source("2")
	rs = run(t, r, Drift, dev)
	assert.Equal(t, Drifted, rs[0].Status, "%+v", rs[0])
	assert.Equal(t, 1, rs[0].Changes.Update, "the stack reference's outputs changed")
	assert.True(t, AnyDrifted(rs))
	assert.Equal(t, "dev", Names(rs, Drifted))
}
