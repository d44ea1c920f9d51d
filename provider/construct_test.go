package provider

import (
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/stacks"
)

// clusterInputs is a dev cluster as a program in another language writes it.
func clusterInputs() map[string]any {
	return map[string]any{
		"kubernetesVersion":       "1.37",
		"userPools":               []any{map[string]any{"name": "apps", "maxCount": 4}},
		"authorizedIpRanges":      []any{"198.51.100.0/24"},
		"resourceGroupName":       "rg-platform",
		"locationName":            "westeurope",
		"nodeSubnetId":            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/private",
		"nodeSubnet":              "10.1.0.0/24",
		"routeTableId":            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt",
		"spokeVNetId":             "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke",
		"logAnalyticsWorkspaceId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs",
		"tags":                    map[string]any{"environment": "dev"},
	}
}

// clusterArgs is the same cluster as a Go program writes it.
func clusterArgs() *aks.ClusterArgs {
	in := clusterInputs()
	return &aks.ClusterArgs{
		Spec: aks.Spec{
			KubernetesVersion:  "1.37",
			UserPools:          []aks.NodePool{{Name: "apps", MaxCount: 4}},
			AuthorizedIPRanges: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")},
		},
		ResourceGroupName:       pulumi.String(in["resourceGroupName"].(string)),
		LocationName:            "westeurope",
		NodeSubnetID:            pulumi.String(in["nodeSubnetId"].(string)),
		NodeSubnet:              netip.MustParsePrefix("10.1.0.0/24"),
		RouteTableID:            pulumi.String(in["routeTableId"].(string)),
		SpokeVNetID:             pulumi.String(in["spokeVNetId"].(string)),
		LogAnalyticsWorkspaceID: pulumi.String(in["logAnalyticsWorkspaceId"].(string)),
		Tags:                    pulumi.StringMap{"environment": pulumi.String("dev")},
	}
}

// TestClusterThroughTheProviderIsTheGoCluster constructs the cluster through the provider and
// with aks.NewCluster, and compares every registration: type, name, parent and inputs.
func TestClusterThroughTheProviderIsTheGoCluster(t *testing.T) {
	want, err := goGraph(t, func(ctx *pulumi.Context) error {
		_, err := aks.NewCluster(ctx, "dev-aks", clusterArgs())
		return err
	}, aks.ComponentType, "dev-aks")
	require.NoError(t, err)
	got, resp, err := construct(t, aks.ComponentType, "dev-aks", clusterInputs())
	require.NoError(t, err)
	require.Greater(t, len(want), 5, "the Go cluster registers its children")
	assert.Equal(t, want, got)

	assert.Contains(t, string(resp.Urn), "aksplatform:aks:Cluster::dev-aks")
	for _, key := range []string{"clusterName", "clusterId", "oidcIssuerUrl", "kubeletObjectId", "kubeconfig"} {
		_, ok := resp.State.GetOk(key)
		assert.True(t, ok, "output %s", key)
	}
	assert.True(t, resp.State.Get("kubeconfig").Secret(), "the kubeconfig output is a secret")
}

// TestRegionThroughTheProviderIsTheGoRegion constructs the dev stack's region through the
// provider, from the stack file's config section as the environment, and compares it with the
// region stacks.Program builds from the same file.
func TestRegionThroughTheProviderIsTheGoRegion(t *testing.T) {
	path := filepath.Join("..", "Pulumi.dev.yaml")
	env, err := stacks.LoadFile(path)
	require.NoError(t, err)
	want, err := goGraph(t, stacks.Program(env), stacks.RegionType, "westeurope")
	require.NoError(t, err)

	got, resp, err := construct(t, stacks.RegionType, "westeurope", map[string]any{"environment": environmentInputs(t, path)})
	require.NoError(t, err)
	require.Greater(t, len(want), 30, "the Go region registers the platform")
	assert.Equal(t, want, got)
	assert.True(t, resp.State.Get("kubeconfig").Secret(), "the kubeconfig output is a secret")
}

// environmentInputs is a stack file's aks-platform section as the Region's environment input:
// the same keys, without the namespace.
func environmentInputs(t *testing.T, path string) map[string]any {
	t.Helper()
	values, err := stacks.ReadConfigFile(path)
	require.NoError(t, err)
	out := map[string]any{}
	for k, v := range values {
		if rel, ok := strings.CutPrefix(k, stacks.Namespace+":"); ok {
			out[rel] = v
		}
	}
	return out
}
