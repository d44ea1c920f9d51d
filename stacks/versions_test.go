package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// AKS moves a cluster one minor version at a time and never down.
func TestUpgradeStep(t *testing.T) {
	cases := []struct{ from, to, err string }{
		{"1.36", "1.37", ""},
		{"1.36", "1.36", ""},
		{"1.36.2", "1.36.4", ""},
		{"1.36", "1.38", "skips 1 minor version(s)"},
		{"1.37", "1.36", "is a downgrade"},
		{"1.37", "2.0", "changes the major version"},
		{"1.x", "1.37", "is not major.minor"},
	}
	for _, tc := range cases {
		err := UpgradeStep(tc.from, tc.to)
		if tc.err == "" {
			assert.NoError(t, err, "%s -> %s", tc.from, tc.to)
			continue
		}
		assert.ErrorContains(t, err, tc.err, "%s -> %s", tc.from, tc.to)
	}
}

// A region's kubernetesVersion is checked like aks.kubernetesVersion, keyed under the region,
// and stays within one minor of it.
func TestRegionKubernetesVersion(t *testing.T) {
	cases := []struct {
		name, base, region, want string
	}{
		{"one region ahead", "1.36", "1.37", ""},
		{"one region behind", "1.37", "1.36", ""},
		{"malformed", "1.37", "latest", "is not major.minor"},
		{"two minors apart", "1.35", "1.37", "more than one minor version from aks.kubernetesVersion 1.35"},
		{"out of the calendar", "1.37", "1.38", "1.38"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := loadStack(t, "prod")
			env.Now = pinnedDay
			env.AKS.KubernetesVersion = tc.base
			env.Regions[1].KubernetesVersion = tc.region
			err := env.Validate()
			if tc.want == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.region, env.KubernetesVersion(env.Regions[1]))
				assert.Equal(t, tc.base, env.KubernetesVersion(env.Regions[0]))
				return
			}
			keys := problemKeys(t, err)
			assert.Contains(t, keys["aks-platform:regions[1].kubernetesVersion"], tc.want)
			assert.NotContains(t, keys, "aks-platform:regions[0].kubernetesVersion")
		})
	}
}

// The override reaches the region's cluster and every pool, and only that region's. A pool
// follows its control plane's version: AKS wants pools no newer than the control plane
// (learn.microsoft.com/azure/aks/upgrade-aks-cluster).
func TestRegionKubernetesVersionReachesOnlyItsCluster(t *testing.T) {
	cfg := stackConfig(t, "prod")
	set(t, cfg, "aks-platform:aks.kubernetesVersion", "1.36")
	set(t, cfg, "aks-platform:regions.1.kubernetesVersion", "1.37")
	env, err := FromConfig(cfg)
	require.NoError(t, err, "the key decodes")
	g := planEnv(t, env)
	for region, want := range map[string]string{"northeurope": "1.36", "westeurope": "1.37"} {
		mc := g.Find("azure-native:containerservice/v20240901:ManagedCluster", "prod-"+region+"-aks-aks")
		require.NotNil(t, mc, region)
		assert.Equal(t, want, mc.String("kubernetesVersion"), region)
		assert.Equal(t, want, mc.String("agentPoolProfiles[0].orchestratorVersion"), region)
		pool := g.Find("azure-native:containerservice/v20240901:AgentPool", "prod-"+region+"-aks-pool-apps")
		require.NotNil(t, pool, region)
		assert.Equal(t, want, pool.String("orchestratorVersion"), region)
		// One `pulumi up` upgrades the control plane (and the system pool, inline) before the
		// user pools: each pool depends on the cluster, so the engine waits for it.
		assert.Contains(t, pool.Dependencies, mc.URN, region)
	}
}

// Regions upgrade in the order their windows come round, starting after the longest pause.
func TestMaintenanceOrder(t *testing.T) {
	env := loadStack(t, "prod") // northeurope Sunday 01:00, westeurope Tuesday 01:00
	assert.Equal(t, []int{0, 1}, env.MaintenanceOrder())

	env.Regions[1].MaintenanceWindow.Day = "Saturday" // now westeurope leads by a day
	assert.Equal(t, []int{1, 0}, env.MaintenanceOrder())

	env.Regions = append(env.Regions, env.Regions[0])
	env.Regions[2].MaintenanceWindow = nil
	env.AKS.MaintenanceWindow.Day = "" // no window: last
	assert.Equal(t, []int{1, 0, 2}, env.MaintenanceOrder())
}
