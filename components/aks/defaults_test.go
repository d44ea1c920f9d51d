package aks

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSetDefaults(t *testing.T) {
	dev := devSpec()
	dev.SetDefaults(false)
	prod := prodSpec()
	prod.SetDefaults(true)

	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"dev tier", dev.SKUTier, TierFree},
		{"prod tier", prod.SKUTier, TierStandard},
		{"dev plugin", dev.NetworkPlugin, Kubenet},
		{"prod plugin", prod.NetworkPlugin, AzureCNI},
		{"policy", dev.NetworkPolicy, PolicyCalico},
		{"dev pod CIDR", dev.PodCIDR, DefaultPodCIDR},
		{"prod has no pod CIDR", prod.PodCIDR.IsValid(), false},
		{"service CIDR", dev.ServiceCIDR, DefaultServiceCIDR},
		{"DNS service IP", dev.DNSServiceIP, netip.MustParseAddr("172.16.0.10")},
		{"dev local accounts", *dev.LocalAccountsDisabled, false},
		{"prod local accounts", *prod.LocalAccountsDisabled, true},
		{"upgrade channel", dev.UpgradeChannel, ChannelPatch},
		{"node OS channel", dev.NodeOSUpgradeChannel, NodeOSNodeImage},
		{"upgrade window", dev.MaintenanceWindow, MaintenanceWindow{Day: "Sunday", IntervalWeeks: 1, StartTime: "00:00", DurationHours: 4, UTCOffset: "+00:00"}},
		{"node OS window day", dev.NodeOSMaintenanceWindow.Day, "Saturday"},
		{"key vault CSI", *dev.Addons.KeyVaultSecretsProvider.Enabled, true},
		{"rotation", dev.Addons.KeyVaultSecretsProvider.RotationPollInterval, "2m"},
		{"dev azure policy", *dev.Addons.AzurePolicy, false},
		{"prod azure policy", *prod.Addons.AzurePolicy, true},
		{"monitoring", *dev.Addons.Monitoring, true},
		{"expander", dev.AutoscalerProfile.Expander, "random"},
		{"system name", dev.SystemPool.Name, "system"},
		{"system taint", dev.SystemPool.Taints, []string{CriticalAddonsTaint}},
		{"dev system count", [3]int{dev.SystemPool.Count, dev.SystemPool.MinCount, dev.SystemPool.MaxCount}, [3]int{1, 0, 0}},
		{"prod system autoscaler", [3]int{prod.SystemPool.Count, prod.SystemPool.MinCount, prod.SystemPool.MaxCount}, [3]int{3, 3, 5}},
		{"prod user autoscaler", [3]int{prod.UserPools[0].Count, prod.UserPools[0].MinCount, prod.UserPools[0].MaxCount}, [3]int{3, 3, 10}},
		{"dev zones", dev.UserPools[0].Zones, []string(nil)},
		{"prod zones", prod.UserPools[0].Zones, []string{"1", "2", "3"}},
		{"kubenet max pods", dev.UserPools[0].MaxPods, 110},
		{"CNI max pods", prod.UserPools[0].MaxPods, 30},
		{"dev surge", dev.UserPools[0].MaxSurge, "1"},
		{"prod surge", prod.UserPools[0].MaxSurge, "33%"},
		{"user pools untainted", prod.UserPools[0].Taints, []string(nil)},
		{"version follows", prod.UserPools[0].OrchestratorVersion, ""},
	} {
		assert.Equal(t, tc.want, tc.got, tc.name)
	}
}

func TestSetDefaultsKeepsExplicitValues(t *testing.T) {
	s := Spec{
		NetworkPlugin: AzureCNIOverlay,
		PodCIDR:       netip.MustParsePrefix("192.168.0.0/16"),
		SystemPool:    NodePool{Name: "sys", Count: 2, MaxPods: 50, Zones: []string{}, Taints: []string{CriticalAddonsTaint}},
		UserPools:     []NodePool{{Name: "apps", Count: 1}},
		Addons:        Addons{AzurePolicy: new(false)},
	}
	s.SetDefaults(true)
	s.SetDefaults(true) // idempotent
	assert.Equal(t, netip.MustParsePrefix("192.168.0.0/16"), s.PodCIDR)
	assert.Equal(t, "sys", s.SystemPool.Name)
	assert.Equal(t, [3]int{2, 0, 0}, [3]int{s.SystemPool.Count, s.SystemPool.MinCount, s.SystemPool.MaxCount})
	assert.Equal(t, []string{}, s.SystemPool.Zones, "zones: [] opts out of the production zones")
	assert.Equal(t, []string{CriticalAddonsTaint}, s.SystemPool.Taints, "the taint is not added twice")
	assert.Equal(t, 250, s.UserPools[0].MaxPods, "overlay default")
	assert.False(t, *s.Addons.AzurePolicy)
}
