package upgrade

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/stacks"
)

var pinnedDay = time.Date(2026, time.November, 30, 0, 0, 0, 0, time.UTC)

// prodOn writes a copy of Pulumi.prod.yaml whose clusters run version and returns its path:
// prod runs the newest release of the calendar, so the tests upgrade from the one before.
func prodOn(t *testing.T, version string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "Pulumi.prod.yaml"))
	require.NoError(t, err)
	s := strings.Replace(string(b), `kubernetesVersion: "1.37"`, `kubernetesVersion: "`+version+`"`, 1)
	require.Contains(t, string(b), `kubernetesVersion: "1.37"`)
	path := filepath.Join(t.TempDir(), "Pulumi.prod.yaml")
	require.NoError(t, os.WriteFile(path, []byte(s), 0o600))
	return path
}

func loadEnv(t *testing.T, path string) *stacks.Environment {
	t.Helper()
	env, err := stacks.LoadFile(path)
	require.NoError(t, err)
	env.Now = pinnedDay
	return env
}

func describe(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, string(s.Phase)+" "+s.Region+" "+strings.Join(s.Settings(), ","))
	}
	return out
}

func TestSteps(t *testing.T) {
	env := loadEnv(t, prodOn(t, "1.36"))
	steps, err := Steps(env, "1.37", "")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"drain northeurope regions[0].serving=false",
		"upgrade northeurope regions[0].kubernetesVersion=1.37,regions[0].serving=false",
		"gate northeurope regions[0].kubernetesVersion=1.37,regions[0].serving=false",
		"restore northeurope regions[0].kubernetesVersion=1.37",
		"drain westeurope regions[0].kubernetesVersion=1.37,regions[1].serving=false",
		"upgrade westeurope regions[0].kubernetesVersion=1.37,regions[1].kubernetesVersion=1.37,regions[1].serving=false",
		"gate westeurope regions[0].kubernetesVersion=1.37,regions[1].kubernetesVersion=1.37,regions[1].serving=false",
		"restore westeurope regions[0].kubernetesVersion=1.37,regions[1].kubernetesVersion=1.37",
	}, describe(steps), "maintenance order: northeurope (Sunday) before westeurope (Tuesday)")
	for i, s := range steps {
		assert.Equal(t, i+1, s.N)
	}

	resumed, err := Steps(env, "1.37", "westeurope")
	require.NoError(t, err)
	assert.Equal(t, describe(steps[4:]), describe(resumed), "resuming takes the regions before as upgraded")
	assert.Equal(t, 1, resumed[0].N)

	_, err = Steps(env, "1.37", "eastus")
	assert.ErrorContains(t, err, `--resume-from "eastus" is not a region of the stack (northeurope, westeurope)`)

	_, err = Steps(loadEnv(t, prodOn(t, "1.37")), "1.37", "")
	assert.ErrorIs(t, err, ErrNothingToDo)
}

// AKS refuses to skip a minor version and to downgrade; so does the runbook, before any step.
func TestStepsRefuseSkipsAndDowngrades(t *testing.T) {
	env := loadEnv(t, prodOn(t, "1.35"))
	_, err := Steps(env, "1.37", "")
	assert.ErrorContains(t, err, "northeurope: 1.35 to 1.37 skips 1 minor version(s)")
	assert.ErrorContains(t, err, "westeurope: 1.35 to 1.37 skips")
	assert.ErrorContains(t, err, "learn.microsoft.com/azure/aks/upgrade-aks-cluster")

	env = loadEnv(t, prodOn(t, "1.36"))
	env.Regions[1].KubernetesVersion = "1.37" // westeurope already ahead
	_, err = Steps(env, "1.36", "")
	assert.ErrorContains(t, err, "westeurope: 1.37 to 1.36 is a downgrade")
	assert.NotContains(t, err.Error(), "northeurope")

	steps, err := Steps(env, "1.37", "")
	require.NoError(t, err)
	assert.Equal(t, "northeurope", steps[len(steps)-1].Region, "a region already on the target is left out")
}

// With one region there is nothing to serve during a drain: it is upgraded in place.
func TestSingleRegionIsNotDrained(t *testing.T) {
	env := loadEnv(t, prodOn(t, "1.36"))
	env.Regions = env.Regions[:1]
	steps, err := Steps(env, "1.37", "")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"upgrade northeurope regions[0].kubernetesVersion=1.37",
		"gate northeurope regions[0].kubernetesVersion=1.37",
	}, describe(steps))
}

func TestRegionsConfigChangesOnlyTheOverriddenFields(t *testing.T) {
	raw, err := stacks.ReadConfigFile(prodOn(t, "1.36"))
	require.NoError(t, err)
	cfg, err := RegionsConfig(raw, map[int]Override{1: {Serving: new(false), KubernetesVersion: "1.37"}})
	require.NoError(t, err)
	v := cfg["aks-platform:regions"].Value
	assert.Contains(t, v, `"location":"northeurope"`)
	assert.Contains(t, v, `"kubernetesVersion":"1.37"`)
	assert.Contains(t, v, `"serving":false`)
	assert.Equal(t, 1, strings.Count(v, "kubernetesVersion"))
	assert.Contains(t, v, `"day":"Tuesday"`, "the rest of the region is kept")
}
