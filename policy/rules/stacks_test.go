package rules_test

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

// planStack plans the repository's Pulumi.<stack>.yaml, after mutate, and judges it with
// policy/config.<stack>.json, as `aksplatform plan --stack <stack> --policy` does.
func planStack(t *testing.T, stack string, mutate func(*stacks.Environment)) []rules.Verdict {
	t.Helper()
	env, err := stacks.LoadFile(filepath.Join("..", "..", "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	mutate(env)
	g, err := plan.Run(stacks.Project, stack, stacks.Program(env))
	require.NoError(t, err)
	cfg, err := rules.LoadConfig(filepath.Join("..", "config."+stack+".json"))
	require.NoError(t, err)
	return rules.EvaluateGraph(g, cfg)
}

// The platform's own stacks pass the pack, and a config that opens the API server to the
// internet fails with the policy's name and the cluster.
func TestStackConfigs(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			assert.Empty(t, rules.Blocking(planStack(t, stack, func(*stacks.Environment) {})))
		})
	}
	t.Run("prod with the API server open through two halves of the internet", func(t *testing.T) {
		vs := rules.Blocking(planStack(t, "prod", func(env *stacks.Environment) {
			// 0.0.0.0/0 itself is a config error (stacks validation); its two halves are not.
			env.AKS.PrivateCluster = false
			env.AKS.AuthorizedIPRanges = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/1"),
				netip.MustParsePrefix("128.0.0.0/1")}
		}))
		require.NotEmpty(t, vs)
		clusters := map[string]bool{}
		for _, v := range vs {
			assert.Equal(t, "aks-api-server-access", v.Policy, v.String())
			assert.Equal(t, "azure-native:containerservice:ManagedCluster", v.Type)
			clusters[v.Name] = true
		}
		assert.Len(t, clusters, 2, "both regions' clusters: %v", vs)
	})
}
