package envplan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

var repoRoot = filepath.Join("..", "..")

// today is the day the shipped stacks are judged on in tests, so that Kubernetes support and
// secret rotation windows do not move under them.
var today = time.Date(2026, time.November, 30, 0, 0, 0, 0, time.UTC)

// load reads a stack file of the repository (or a path) and pins its day.
func load(t *testing.T, path string) *stacks.Environment {
	t.Helper()
	env, err := stacks.LoadFile(path)
	require.NoError(t, err)
	env.Now = today
	return env
}

func stackFile(stack string) string { return filepath.Join(repoRoot, "Pulumi."+stack+".yaml") }

// The platform's own stacks pass the pack with their own settings.
func TestShippedStacksPass(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			res, err := Plan(load(t, stackFile(stack)), Options{Stack: stack, Policy: true})
			require.NoError(t, err)
			assert.True(t, res.PolicyRan)
			assert.Equal(t, "config."+stack+".json", filepath.Base(res.PolicyConfig))
			assert.NotNil(t, res.Verdicts)
			assert.Empty(t, rules.Blocking(res.Verdicts))
		})
	}
}

// A cluster that a hand-written program adds next to the platform is judged: the components
// refuse 0.0.0.0/0 in config, so the pack is what stops it.
func TestHandWrittenClusterIsJudged(t *testing.T) {
	shadow := func(env *stacks.Environment) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			if err := stacks.Program(env)(ctx); err != nil {
				return err
			}
			_, err := containerservice.NewManagedCluster(ctx, "shadow-aks", &containerservice.ManagedClusterArgs{
				ResourceGroupName: pulumi.String("rg-shadow"),
				ApiServerAccessProfile: &containerservice.ManagedClusterAPIServerAccessProfileArgs{
					AuthorizedIPRanges: pulumi.StringArray{pulumi.String("0.0.0.0/0")},
				},
			})
			return err
		}
	}
	res, err := Plan(load(t, stackFile("prod")), Options{Program: shadow, Policy: true})
	require.NoError(t, err)
	var policies []string
	for _, v := range rules.Blocking(res.Verdicts) {
		assert.Equal(t, "shadow-aks", v.Name, "only the hand-written cluster is judged: %s", v)
		policies = append(policies, v.Policy)
	}
	assert.Contains(t, policies, "aks-api-server-access")
}

// noSystemZones is the prod stack with its system pool in no availability zone: valid config
// (a region without zones), but the production-only aks-system-pool-ha rule rejects it.
func noSystemZones(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(stackFile("prod"))
	require.NoError(t, err)
	bad := strings.Replace(string(b), "      maxCount: 5\n      zones: [\"1\", \"2\", \"3\"]",
		"      maxCount: 5\n      zones: []", 1)
	require.NotEqual(t, string(b), bad, "the prod file changed shape; update this test")
	path := filepath.Join(t.TempDir(), "Pulumi.anything.yaml")
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o600))
	return path
}

// The policy settings and the production-only rules follow the environment that was loaded,
// whatever the stack is called and wherever its file lives.
func TestPolicyFollowsTheEnvironment(t *testing.T) {
	path := noSystemZones(t)
	var sets [][]rules.Verdict
	for _, stack := range []string{"prod", "dev", "qa"} {
		res, err := Plan(load(t, path), Options{Stack: stack, Policy: true, Dirs: []string{filepath.Dir(path), "."}})
		require.NoError(t, err)
		assert.Equal(t, "config.prod.json", filepath.Base(res.PolicyConfig), "stack %s", stack)
		var ha []string
		for _, v := range rules.Blocking(res.Verdicts) {
			if v.Policy == "aks-system-pool-ha" {
				ha = append(ha, v.Name)
			}
		}
		assert.NotEmpty(t, ha, "stack %s: the production-only rule ran", stack)
		sets = append(sets, withoutURNs(res.Verdicts))
	}
	assert.Equal(t, sets[0], sets[1])
	assert.Equal(t, sets[0], sets[2])

	dev, err := Plan(load(t, stackFile("dev")), Options{Stack: "prod", Policy: true})
	require.NoError(t, err)
	assert.Equal(t, "config.dev.json", filepath.Base(dev.PolicyConfig), "a dev file named prod is still dev")
}

// withoutURNs drops the URNs (which carry the stack name) from verdicts.
func withoutURNs(vs []rules.Verdict) []rules.Verdict {
	out := make([]rules.Verdict, len(vs))
	for i, v := range vs {
		v.URN = ""
		out[i] = v
	}
	return out
}

func TestPolicyConfigOverrideAndDefaults(t *testing.T) {
	dir := t.TempDir()
	override := filepath.Join(dir, "policy.json")
	require.NoError(t, os.WriteFile(override, []byte(`{"all": "disabled"}`), 0o600))
	res, err := Plan(load(t, noSystemZones(t)), Options{Policy: true, PolicyConfig: override})
	require.NoError(t, err)
	assert.Equal(t, override, res.PolicyConfig)
	assert.Empty(t, res.Verdicts)
	assert.NotNil(t, res.Verdicts, "policy ran and found nothing")

	// Outside any checkout there is no policy config: the rules' defaults, still as prod.
	res, err = Plan(load(t, noSystemZones(t)), Options{Policy: true, Dirs: []string{dir}})
	require.NoError(t, err)
	assert.Empty(t, res.PolicyConfig)
	assert.True(t, rules.HasMandatory(res.Verdicts))

	require.NoError(t, os.WriteFile(override, []byte(`{"no-such-rule": "mandatory"}`), 0o600))
	_, err = Plan(load(t, stackFile("dev")), Options{Policy: true, PolicyConfig: override})
	assert.ErrorContains(t, err, "no-such-rule")

	res, err = Plan(load(t, stackFile("dev")), Options{})
	require.NoError(t, err)
	assert.Equal(t, "dev", res.Stack, "the stack defaults to the environment's name")
	assert.False(t, res.PolicyRan)
	assert.Nil(t, res.Verdicts)
}

func TestPlanReturnsProgramErrors(t *testing.T) {
	_, err := Plan(nil, Options{})
	assert.Error(t, err)
	broken := func(*stacks.Environment) pulumi.RunFunc {
		return func(*pulumi.Context) error { return errors.New("regions: broken") }
	}
	_, err = Plan(load(t, stackFile("dev")), Options{Stack: "dev", Program: broken, Policy: true})
	assert.ErrorContains(t, err, "planning stack dev")
	assert.ErrorContains(t, err, "regions: broken")
}

// The pack judges a plan on the day the plan was made for (--today, env.Now), as the program
// validated it, not on the machine's clock: 1.33 was supported on 2026-06-01 and has left
// community support by the real 2026-11-30, so judging on the clock would flag a version the
// plan itself accepted.
func TestVerdictsUseThePlansDay(t *testing.T) {
	env := load(t, stackFile("dev"))
	env.AKS.KubernetesVersion = "1.33"
	env.Now = time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)
	res, err := Plan(env, Options{Stack: "dev", Policy: true, Dirs: []string{repoRoot}})
	require.NoError(t, err)
	require.True(t, res.PolicyRan)
	for _, v := range res.Verdicts {
		assert.NotEqual(t, "aks-kubernetes-version", v.Policy, "%+v", v)
	}

	// The same plan judged a year later is flagged: the day does reach the rule.
	cfg := rules.Config{Today: time.Date(2027, time.June, 1, 0, 0, 0, 0, time.UTC)}
	var flagged bool
	for _, v := range Evaluate(res.Graph, env.Kind, cfg) {
		flagged = flagged || v.Policy == "aks-kubernetes-version"
	}
	assert.True(t, flagged, "1.33 is past its support on 2027-06-01")
}
