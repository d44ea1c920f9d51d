package rules_test

import (
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

// planStack plans the repository's Pulumi.<stack>.yaml and judges it with
// policy/config.<stack>.json, as `aksplatform plan --stack <stack> --policy` does.
func planStack(t *testing.T, stack string) []rules.Verdict {
	t.Helper()
	env, err := stacks.LoadFile(filepath.Join("..", "..", "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	g, err := plan.Run(stacks.Project, stack, stacks.Program(env))
	require.NoError(t, err)
	cfg, err := rules.LoadConfig(filepath.Join("..", "config."+stack+".json"))
	require.NoError(t, err)
	return rules.EvaluateGraph(g, cfg)
}

// The platform's own stacks pass the pack, and a cluster open to the internet fails with the
// policy's name and the cluster.
func TestStackConfigs(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			assert.Empty(t, rules.Blocking(planStack(t, stack)))
		})
	}
	t.Run("a cluster opened to the internet outside the components", func(t *testing.T) {
		// The components refuse 0.0.0.0/0 (and anything wider than /8) in config, so the pack is
		// what stops a cluster that a hand-written program adds next to the platform.
		env, err := stacks.LoadFile(filepath.Join("..", "..", "Pulumi.prod.yaml"))
		require.NoError(t, err)
		g, err := plan.Run(stacks.Project, "prod", func(ctx *pulumi.Context) error {
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
		})
		require.NoError(t, err)
		cfg, err := rules.LoadConfig(filepath.Join("..", "config.prod.json"))
		require.NoError(t, err)
		var policies []string
		for _, v := range rules.Blocking(rules.EvaluateGraph(g, cfg)) {
			assert.Equal(t, "shadow-aks", v.Name, "only the hand-written cluster is judged: %s", v)
			policies = append(policies, v.Policy)
		}
		assert.Contains(t, policies, "aks-api-server-access")
	})
}
