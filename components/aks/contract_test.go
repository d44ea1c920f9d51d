package aks

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
)

// TestContract is the component contract (COMMON: nil args, partial spec defaulted, invalid spec
// rejected with config keys before anything is registered, caller's args unchanged).
func TestContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*ClusterArgs]{
		Token: ComponentType,
		New:   contracttest.Build(NewCluster, "c"),
		Copy:  func(a *ClusterArgs) any { return a.Spec.clone() },
		Partial: func(contracttest.Env) *ClusterArgs {
			a := devArgs()
			a.Spec = Spec{KubernetesVersion: "1.37"}
			return a
		},
		Defaults: func(t *testing.T, g *plan.Graph) {
			mc := find(t, g, ManagedClusterType, "c-aks")
			assert.Equal(t, "Free", mc.String("sku.tier"))
			assert.Equal(t, "KubernetesOfficial", mc.String("supportPlan"))
			assert.Equal(t, "system", mc.String("agentPoolProfiles[0].name"))
		},
		Invalid: []contracttest.Invalid[*ClusterArgs]{{Name: "invalid spec, config keys", Args: func(contracttest.Env) *ClusterArgs {
			a := devArgs()
			a.Spec.UserPools[0].MaxCount, a.Spec.UserPools[0].MinCount = 1, 3
			a.Spec.SystemPool.Zones = []string{"4"}
			a.NodeSubnet, a.NodeSubnetID = netip.Prefix{}, nil
			return a
		}, Keys: []string{"nodeSubnet", "nodeSubnetId", "systemPool.zones[0]", "userPools[0].maxCount"}}},
	})
}

// TestExplicitlyNoZones: zones left out take the prod default; zones: [] means no zones.
func TestExplicitlyNoZones(t *testing.T) {
	s := prodSpec()
	s.SystemPool.Zones = []string{}
	s.SetDefaults(true)
	assert.Equal(t, []string{}, s.SystemPool.Zones, "[] stays empty")
	assert.Equal(t, []string{"1", "2", "3"}, s.UserPools[0].Zones, "nil takes the default")

	a := prodArgs()
	a.Spec.SystemPool.Zones = []string{}
	r := runCluster(t, "p", a)
	assertInputs(t, find(t, r.g, ManagedClusterType, "p-aks"), map[string]any{"agentPoolProfiles[0].availabilityZones": nil})
	assertInputs(t, find(t, r.g, AgentPoolType, "p-pool-apps"), map[string]any{"availabilityZones": []any{"1", "2", "3"}})
}

// TestPodCIDRIsSentOnlyWhereAKSUsesIt: the SDK would default podCidr for Azure CNI too.
func TestPodCIDRIsSentOnlyWhereAKSUsesIt(t *testing.T) {
	for _, tc := range []struct {
		plugin NetworkPlugin
		want   any
	}{
		{Kubenet, "10.244.0.0/16"},
		{AzureCNIOverlay, "10.244.0.0/16"},
		{AzureCNI, nil},
	} {
		t.Run(string(tc.plugin), func(t *testing.T) {
			a := prodArgs()
			a.Spec.NetworkPlugin = tc.plugin
			r := runCluster(t, "p", a)
			mc := find(t, r.g, ManagedClusterType, "p-aks")
			assertInputs(t, mc, map[string]any{
				"networkProfile.podCidr":     tc.want,
				"networkProfile.serviceCidr": "172.16.0.0/16",
			})
		})
	}
}

// TestPoolsShareOneProfile: the inline system pool and an AgentPool built from the same pool
// get the same settings (profile fills both).
func TestPoolsShareOneProfile(t *testing.T) {
	a := prodArgs()
	p := a.Spec.UserPools[0]
	p.Labels, p.Taints, p.OrchestratorVersion = map[string]string{"a": "b"}, []string{"k=v:NoSchedule"}, "1.37"
	p.Count, p.MinCount, p.MaxCount = 3, 3, 6
	a.Spec.UserPools[0] = p
	sys := p
	sys.Name = "system"
	sys.Taints = nil
	a.Spec.SystemPool = sys
	r := runCluster(t, "p", a)
	mc := find(t, r.g, ManagedClusterType, "p-aks")
	pool := find(t, r.g, AgentPoolType, "p-pool-apps")
	for _, f := range []string{"vmSize", "osType", "osDiskType", "osDiskSizeGB", "maxPods", "vnetSubnetID", "count",
		"enableAutoScaling", "minCount", "maxCount", "availabilityZones", "nodeLabels", "orchestratorVersion",
		"upgradeSettings", "tags", "type"} {
		sv, ok := mc.Input("agentPoolProfiles[0]." + f)
		require.True(t, ok, "system pool lacks %s", f)
		pv, ok := pool.Input(f)
		require.True(t, ok, "AgentPool lacks %s", f)
		assert.Equal(t, sv.Mappable(), pv.Mappable(), f)
	}
	assert.Equal(t, "System", mc.String("agentPoolProfiles[0].mode"))
	assert.Equal(t, "User", pool.String("mode"))
	assert.Equal(t, "apps", pool.String("agentPoolName"))
}
