package aks

import (
	"net/netip"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

func TestInvalidArgsRegisterNothing(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*ClusterArgs)
		key    string
	}{
		{"kubenet without route table", func(a *ClusterArgs) { a.RouteTableID = nil }, "networkPlugin"},
		{"firewall egress without its IP", func(a *ClusterArgs) {
			a.Production, a.Spec = true, prodSpec()
			a.NodeSubnet = netip.MustParsePrefix("10.1.0.0/20")
			a.UserDefinedRouting = true
		}, "authorizedIpRanges"},
		{"UDR without route table", func(a *ClusterArgs) { a.UserDefinedRouting, a.RouteTableID = true, nil }, "routeTableId"},
		{"private cluster without spoke", func(a *ClusterArgs) { a.Spec.PrivateCluster, a.SpokeVNetID = true, nil }, "privateCluster"},
		{"monitoring without workspace", func(a *ClusterArgs) { a.LogAnalyticsWorkspaceID = nil }, "addons.monitoring"},
		{"no node subnet", func(a *ClusterArgs) { a.NodeSubnet = netip.Prefix{} }, "nodeSubnet"},
		{"no resource group", func(a *ClusterArgs) { a.ResourceGroupName = nil }, "resourceGroupName"},
		{"pod CIDR overlaps the node subnet", func(a *ClusterArgs) {
			a.NodeSubnet = netip.MustParsePrefix("10.244.0.0/24")
		}, "podCidr"},
		{"CNI subnet too small", func(a *ClusterArgs) {
			a.Spec.NetworkPlugin = AzureCNI
			a.NodeSubnet = netip.MustParsePrefix("10.1.0.0/28")
		}, "networkPlugin"},
		{"spec rule", func(a *ClusterArgs) { a.Spec.UserPools[0].MaxPods = 300 }, "userPools[0].maxPods"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := devArgs()
			tc.mutate(a)
			assert.Contains(t, problemKeys(t, a.Validate()), tc.key)
			g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
				_, err := NewCluster(ctx, "dev-weu", a)
				return err
			})
			require.Error(t, err)
			assert.Empty(t, g.Resources, "nothing may be registered from invalid args")
		})
	}
}

func TestValidateDoesNotChangeTheCallersSpec(t *testing.T) {
	a := devArgs()
	require.NoError(t, a.Validate())
	assert.Equal(t, devSpec(), a.Spec)
}

func TestIgnoreChanges(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prod    bool
		channel UpgradeChannel
		cluster []string
		pool    []string
	}{
		{"dev patch: nothing moves by itself", false, ChannelPatch, nil, nil},
		{"prod autoscaled pools: counts", true, ChannelPatch, []string{"agentPoolProfiles[0].count"}, []string{"count"}},
		{"stable moves versions", true, ChannelStable,
			[]string{"agentPoolProfiles[0].count", "kubernetesVersion", "agentPoolProfiles[0].orchestratorVersion"},
			[]string{"count", "orchestratorVersion"}},
		{"node-image leaves versions to config", false, ChannelNodeImage, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := devSpec()
			if tc.prod {
				s = prodSpec()
			}
			s.UpgradeChannel = tc.channel
			s.SetDefaults(tc.prod)
			assert.Equal(t, tc.cluster, s.clusterIgnoreChanges())
			assert.Equal(t, tc.pool, s.poolIgnoreChanges(s.UserPools[0]))
		})
	}
}
