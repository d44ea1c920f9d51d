package fleet

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/stacks"
)

var repoRoot = filepath.Join("..", "..")

// TestPlanRepoFleet plans the repository's fleet (Pulumi.dev.yaml and Pulumi.prod.yaml) with
// the real stacks.Program and the policy pack, concurrently, offline.
func TestPlanRepoFleet(t *testing.T) {
	f, err := Load(filepath.Join(repoRoot, "fleet.yaml"))
	require.NoError(t, err)
	envs, err := f.Select(nil, nil)
	require.NoError(t, err)
	r := &Runner{Fleet: f, Policy: true}
	rs, err := r.Run(context.Background(), Plan, envs)
	require.NoError(t, err)
	require.Len(t, rs, 2)
	for _, res := range rs {
		assert.Equal(t, Plan, res.Operation)
		assert.Equal(t, OK, res.Status, "%s: %s %v", res.Environment, res.Error, res.Verdicts)
		assert.Greater(t, res.Resources, 20, "%s registers the platform", res.Environment)
		assert.NotNil(t, res.Verdicts, "policy ran")
	}
	assert.Greater(t, rs[1].Resources, rs[0].Resources, "prod (two regions, firewall) is bigger than dev")
}

// components is a plugin-free program: n ComponentResources, nothing that needs a provider.
func components(n int) ProgramFactory {
	return func(env *stacks.Environment) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			for i := range n {
				var c struct{ pulumi.ResourceState }
				err := ctx.RegisterComponentResource("aksplatform:test:Box",
					fmt.Sprintf("%s-box-%d", env.Name, i), &c)
				if err != nil {
					return err
				}
			}
			ctx.Export("environment", pulumi.String(env.Kind))
			return nil
		}
	}
}

// TestPlanIsolatesInvalidConfig plans a good and a broken environment with an injected
// program: the broken one fails naming its config keys, the good one still plans.
func TestPlanIsolatesInvalidConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "Pulumi.bad.yaml", "config:\n  aks-platform:environment: qa\n  aks-platform:colour: red\n")
	good := Member{Name: "dev", Config: filepath.Join(repoRoot, "Pulumi.dev.yaml")}
	bad := Member{Name: "bad", Config: filepath.Join(dir, "Pulumi.bad.yaml")}
	r := &Runner{Program: components(3)}
	rs, err := r.Run(context.Background(), Plan, []Member{bad, good})
	require.NoError(t, err)
	require.Len(t, rs, 2)
	assert.Equal(t, Failed, rs[0].Status)
	assert.Contains(t, rs[0].Error, "aks-platform:environment")
	assert.Contains(t, rs[0].Error, "aks-platform:colour")
	assert.Equal(t, OK, rs[1].Status, rs[1].Error)
	assert.Equal(t, 3, rs[1].Resources)
	assert.Nil(t, rs[1].Verdicts, "policy off")
	assert.Equal(t, "3 resources", rs[1].Summary())
}

// TestUpRefusesProdWithoutAllowProd runs the guard without a CLI: it decides before any
// workspace is made.
func TestUpRefusesProdWithoutAllowProd(t *testing.T) {
	prod := Member{Name: "prod", Config: filepath.Join(repoRoot, "Pulumi.prod.yaml")}
	res := (&engine{}).run(context.Background(), &Runner{}, Up, prod)
	assert.Equal(t, Skipped, res.Status)
	assert.Contains(t, res.Detail, "--allow-prod")
}

// Fleet plan results do not depend on how many environments ran at once.
func TestPlanResultsDoNotDependOnConcurrency(t *testing.T) {
	f, err := Load(filepath.Join(repoRoot, "fleet.yaml"))
	require.NoError(t, err)
	envs, err := f.Select(nil, nil)
	require.NoError(t, err)
	day := time.Date(2026, time.November, 30, 0, 0, 0, 0, time.UTC)
	var runs [][]Result
	for _, n := range []int{1, 8} {
		r := &Runner{Fleet: f, Policy: true, Concurrency: n, Now: day}
		rs, err := r.Run(context.Background(), Plan, envs)
		require.NoError(t, err)
		for i := range rs {
			rs[i].Duration = 0 // the only field that may differ
		}
		runs = append(runs, rs)
	}
	assert.Equal(t, runs[0], runs[1])
	for _, res := range runs[0] {
		assert.Equal(t, OK, res.Status, "%s: %s", res.Environment, res.Error)
	}
}
