package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
)

func TestWindowsOverlap(t *testing.T) {
	w := func(day, start string, hours int, offset string) aks.MaintenanceWindow {
		return aks.MaintenanceWindow{Day: day, StartTime: start, DurationHours: hours, UTCOffset: offset, IntervalWeeks: 1}
	}
	cases := []struct {
		name string
		a, b aks.MaintenanceWindow
		want bool
	}{
		{"same window", w("Sunday", "01:00", 4, "+00:00"), w("Sunday", "01:00", 4, "+00:00"), true},
		{"back to back", w("Sunday", "01:00", 4, "+00:00"), w("Sunday", "05:00", 4, "+00:00"), false},
		{"one hour shared", w("Sunday", "01:00", 4, "+00:00"), w("Sunday", "04:00", 4, "+00:00"), true},
		{"different days", w("Sunday", "01:00", 4, "+00:00"), w("Tuesday", "01:00", 4, "+00:00"), false},
		{"same UTC hours in other offsets", w("Sunday", "03:00", 4, "+02:00"), w("Sunday", "01:00", 4, "+00:00"), true},
		{"across midnight into Monday", w("Sunday", "22:00", 6, "+00:00"), w("Monday", "02:00", 4, "+00:00"), true},
		{"across the week boundary", w("Monday", "00:30", 4, "+01:00"), w("Sunday", "23:00", 4, "+00:00"), true},
		{"malformed never overlaps", w("Funday", "01:00", 4, "+00:00"), w("Sunday", "01:00", 4, "+00:00"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, windowsOverlap(tc.a, tc.b))
			assert.Equal(t, tc.want, windowsOverlap(tc.b, tc.a), "symmetric")
		})
	}
}

func TestProdRegionsMustNotUpgradeTogether(t *testing.T) {
	cfg := stackConfig(t, "prod")
	region := cfg["aks-platform:regions"].([]any)[1].(map[string]any)
	delete(region, "maintenanceWindow")
	_, err := FromConfig(cfg)
	keys := problemKeys(t, err)
	require.Contains(t, keys, "aks-platform:regions[1].maintenanceWindow")
	assert.Contains(t, keys["aks-platform:regions[1].maintenanceWindow"], "overlaps regions[0] (Sunday 01:00+00:00, 4 h)")
	assert.NotContains(t, keys, "aks-platform:regions[1].nodeOsMaintenanceWindow", "that override is still there")
}

func TestRegionWindowOverridesAreValidatedUnderTheRegion(t *testing.T) {
	cfg := stackConfig(t, "prod")
	set(t, cfg, "aks-platform:regions.1.maintenanceWindow.durationHours", 2)
	set(t, cfg, "aks-platform:regions.1.maintenanceWindow.day", "Caturday")
	_, err := FromConfig(cfg)
	keys := problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:regions[1].maintenanceWindow.durationHours"], "at least 4 hours")
	assert.Contains(t, keys["aks-platform:regions[1].maintenanceWindow.day"], "not a weekday")
}

func TestDevAllowsSharedWindows(t *testing.T) {
	cfg := stackConfig(t, "dev")
	regions := cfg["aks-platform:regions"].([]any)
	second := map[string]any{"location": "northeurope",
		"hub": map[string]any{"addressSpace": "10.2.0.0/22"}, "spoke": map[string]any{"addressSpace": "10.3.0.0/16"}}
	set(t, cfg, "aks-platform:regions", append(regions, second))
	_, err := FromConfig(cfg)
	assert.NoError(t, err, "only production insists on staggered windows")
}

func TestEachRegionsClusterGetsItsOwnWindow(t *testing.T) {
	g := planStack(t, "prod")
	days := map[string]string{}
	for _, mc := range g.ByType(aks.MaintenanceConfigurationType) {
		if mc.String("configName") == aks.AutoUpgradeScheduleName {
			days[regionOf(g, mc)] = mc.String("maintenanceWindow.schedule.weekly.dayOfWeek")
		}
	}
	assert.Equal(t, map[string]string{"northeurope": "Sunday", "westeurope": "Tuesday"}, days)
}
