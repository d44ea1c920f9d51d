package aks

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEverySettingReachesTheInputs(t *testing.T) {
	a := prodArgs()
	a.Spec = Spec{
		KubernetesVersion:    "1.36",
		SKUTier:              TierPremium,
		NetworkPlugin:        AzureCNIOverlay,
		NetworkPolicy:        PolicyCilium,
		PodCIDR:              netip.MustParsePrefix("192.168.0.0/16"),
		ServiceCIDR:          netip.MustParsePrefix("172.20.0.0/16"),
		DNSServiceIP:         netip.MustParseAddr("172.20.0.53"),
		AdminGroupObjectIDs:  []string{"6f1d2c3b-0a4e-4b5c-9d8e-7f6a5b4c3d2e"},
		PrivateCluster:       true,
		UpgradeChannel:       ChannelStable,
		NodeOSUpgradeChannel: NodeOSSecurityPatch,
		MaintenanceWindow:    MaintenanceWindow{Day: "Tuesday", IntervalWeeks: 2, StartTime: "02:30", DurationHours: 6, UTCOffset: "+01:00"},
		Addons:               Addons{Keda: true, KeyVaultSecretsProvider: KeyVaultSecretsProvider{RotationPollInterval: "5m"}},
		AutoscalerProfile:    AutoscalerProfile{Expander: "least-waste", ScanInterval: "20s"},
		SystemPool:           NodePool{VMSize: "Standard_D8s_v5", OSDiskType: Ephemeral, OSDiskSizeGB: 64},
		UserPools: []NodePool{{
			Name: "gpu", VMSize: "Standard_NC6s_v3", MinCount: 0, MaxCount: 4, Zones: []string{"2"},
			MaxPods: 60, MaxSurge: "2", Labels: map[string]string{"workload": "gpu"}, Taints: []string{"sku=gpu:NoSchedule"},
		}},
	}
	r := runCluster(t, "prod-weu", a)
	mc := find(t, r.g, ManagedClusterType, "prod-weu-aks")
	assertInputs(t, mc, map[string]any{
		"kubernetesVersion":                                                      "1.36",
		"sku.tier":                                                               "Premium",
		"networkProfile.networkPlugin":                                           "azure",
		"networkProfile.networkPluginMode":                                       "overlay",
		"networkProfile.networkPolicy":                                           "cilium",
		"networkProfile.networkDataplane":                                        "cilium",
		"networkProfile.podCidr":                                                 "192.168.0.0/16",
		"networkProfile.serviceCidr":                                             "172.20.0.0/16",
		"networkProfile.dnsServiceIP":                                            "172.20.0.53",
		"aadProfile.adminGroupObjectIDs":                                         []any{"6f1d2c3b-0a4e-4b5c-9d8e-7f6a5b4c3d2e"},
		"autoUpgradeProfile.upgradeChannel":                                      "stable",
		"autoUpgradeProfile.nodeOSUpgradeChannel":                                "SecurityPatch",
		"workloadAutoScalerProfile.keda.enabled":                                 true,
		"autoScalerProfile.expander":                                             "least-waste",
		"autoScalerProfile.scanInterval":                                         "20s",
		"agentPoolProfiles[0].vmSize":                                            "Standard_D8s_v5",
		"agentPoolProfiles[0].osDiskType":                                        "Ephemeral",
		"agentPoolProfiles[0].osDiskSizeGB":                                      float64(64),
		"agentPoolProfiles[0].maxPods":                                           float64(250),
		"apiServerAccessProfile.enablePrivateCluster":                            true,
		"apiServerAccessProfile.enablePrivateClusterPublicFQDN":                  false,
		"apiServerAccessProfile.authorizedIPRanges":                              nil,
		"addonProfiles.azureKeyvaultSecretsProvider.config.rotationPollInterval": "5m",
	})
	pool := find(t, r.g, AgentPoolType, "prod-weu-pool-gpu")
	assertInputs(t, pool, map[string]any{
		"vmSize":                   "Standard_NC6s_v3",
		"minCount":                 float64(0),
		"maxCount":                 float64(4),
		"count":                    float64(0),
		"availabilityZones":        []any{"2"},
		"maxPods":                  float64(60),
		"upgradeSettings.maxSurge": "2",
		"nodeLabels.workload":      "gpu",
		"nodeTaints":               []any{"sku=gpu:NoSchedule"},
		"orchestratorVersion":      "1.36",
	})
	m := find(t, r.g, MaintenanceConfigurationType, "prod-weu-maintenance-upgrade")
	assertInputs(t, m, map[string]any{
		"maintenanceWindow.schedule.weekly.dayOfWeek":     "Tuesday",
		"maintenanceWindow.schedule.weekly.intervalWeeks": float64(2),
		"maintenanceWindow.startTime":                     "02:30",
		"maintenanceWindow.durationHours":                 float64(6),
		"maintenanceWindow.utcOffset":                     "+01:00",
	})

	// Private cluster: a custom zone linked to hub and spoke, and the identity may write it.
	zone := find(t, r.g, "azure-native:network:PrivateZone", "prod-weu-api-dns-zone")
	assert.Equal(t, "privatelink.westeurope.azmk8s.io", zone.String("privateZoneName"))
	assert.Equal(t, zone.ID, mc.String("apiServerAccessProfile.privateDNSZone"))
	for _, link := range []struct{ name, vnet string }{{"prod-weu-api-dns-link-hub", hubVNet}, {"prod-weu-api-dns-link-spoke", spokeVNet}} {
		assert.Equal(t, link.vnet, find(t, r.g, "azure-native:network:VirtualNetworkLink", link.name).String("virtualNetwork.id"))
	}
	dnsGrant := find(t, r.g, "azure-native:authorization:RoleAssignment", "prod-weu-dns-zone-contributor")
	assert.Equal(t, zone.ID, dnsGrant.String("scope"))
	assert.Contains(t, dnsGrant.String("roleDefinitionId"), "b12aa53e-6015-4669-85d0-8515ebb3ae7f")
	assert.Contains(t, mc.Dependencies, dnsGrant.URN)
}
