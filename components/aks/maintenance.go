package aks

import (
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AKS reads planned maintenance from maintenance configurations with these fixed names.
const (
	AutoUpgradeScheduleName   = "aksManagedAutoUpgradeSchedule"
	NodeOSUpgradeScheduleName = "aksManagedNodeOSUpgradeSchedule"
)

func (b *builder) autoUpgradeProfile() *containerservice.ManagedClusterAutoUpgradeProfileArgs {
	return &containerservice.ManagedClusterAutoUpgradeProfileArgs{
		UpgradeChannel:       pulumi.String(string(b.spec.UpgradeChannel)),
		NodeOSUpgradeChannel: pulumi.String(string(b.spec.NodeOSUpgradeChannel)),
	}
}

// maintenanceConfigurations registers the planned maintenance window of each active channel:
// the auto-upgrade schedule unless upgradeChannel is none, and the node OS schedule when node
// OS updates are AKS-managed (NodeImage, SecurityPatch).
func (b *builder) maintenanceConfigurations(mc *containerservice.ManagedCluster) error {
	s := b.spec
	windows := []struct {
		suffix, config string
		active         bool
		window         MaintenanceWindow
	}{
		{"-maintenance-upgrade", AutoUpgradeScheduleName, s.UpgradeChannel != ChannelNone, s.MaintenanceWindow},
		{"-maintenance-nodeos", NodeOSUpgradeScheduleName,
			s.NodeOSUpgradeChannel.Managed(), s.NodeOSMaintenanceWindow},
	}
	for _, w := range windows {
		if !w.active || w.window.IsZero() {
			continue
		}
		if _, err := containerservice.NewMaintenanceConfiguration(b.ctx, b.name+w.suffix, &containerservice.MaintenanceConfigurationArgs{
			ResourceGroupName: b.args.ResourceGroupName,
			ResourceName:      mc.Name,
			ConfigName:        pulumi.String(w.config),
			MaintenanceWindow: w.window.args(),
		}, b.parent); err != nil {
			return err
		}
	}
	return nil
}

// args maps a weekly window onto the AKS maintenance window.
func (w MaintenanceWindow) args() *containerservice.MaintenanceWindowArgs {
	return &containerservice.MaintenanceWindowArgs{
		Schedule: &containerservice.ScheduleArgs{
			Weekly: &containerservice.WeeklyScheduleArgs{
				DayOfWeek:     pulumi.String(w.Day),
				IntervalWeeks: pulumi.Int(w.IntervalWeeks),
			},
		},
		StartTime:     pulumi.String(w.StartTime),
		DurationHours: pulumi.Int(w.DurationHours),
		UtcOffset:     pulumi.String(w.UTCOffset),
	}
}

// MaintenanceWindow is a weekly planned maintenance window. Leaving it empty takes the default
// of its channel; setting it while its channel is off is an error.
type MaintenanceWindow struct {
	// Day is the weekday the window opens (Monday ... Sunday).
	Day string `json:"day"`
	// IntervalWeeks is every how many weeks, 1-4.
	IntervalWeeks int `json:"intervalWeeks"`
	// StartTime is the local opening time, "HH:MM".
	StartTime string `json:"startTime"`
	// DurationHours is how long the window stays open, 4-24 (AKS requires at least 4).
	DurationHours int `json:"durationHours"`
	// UTCOffset is the offset StartTime is in, "+HH:MM" or "-HH:MM".
	UTCOffset string `json:"utcOffset"`
}

// IsZero reports whether no field of the window is set.
func (w MaintenanceWindow) IsZero() bool { return w == MaintenanceWindow{} }
