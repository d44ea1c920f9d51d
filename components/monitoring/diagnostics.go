package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/monitoring/logs"
)

// DiagnosticSettingName is the Azure name of every diagnostic setting the platform creates; a
// resource takes at most five, so one fixed name also keeps a re-run from adding another.
const DiagnosticSettingName = "aksplatform"

// Diagnose sends the logs that package logs lists for resourceType (one of its constants), and
// all metrics, from the resource with ID resourceID to the Log Analytics workspace workspaceID.
// The caller parents it (pulumi.Parent) next to the resource it watches. A type that logs
// nothing is an error, so a resource is never believed to be watched when it is not.
// https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings
func Diagnose(ctx *pulumi.Context, name, resourceType string, resourceID, workspaceID pulumi.StringInput, opts ...pulumi.ResourceOption) (*insights.DiagnosticSetting, error) {
	c, ok := logs.For(resourceType)
	if !ok {
		return nil, fmt.Errorf("monitoring.Diagnose %s: %s has no logs to collect (see package logs)", name, resourceType)
	}
	var ls insights.LogSettingsArray
	for _, n := range c.Names {
		ls = append(ls, insights.LogSettingsArgs{Category: pulumi.String(n), Enabled: pulumi.Bool(true)})
	}
	if c.Metrics == nil {
		c.Metrics = []string{"AllMetrics"}
	}
	metrics := insights.MetricSettingsArray{}
	for _, m := range c.Metrics {
		metrics = append(metrics, insights.MetricSettingsArgs{Category: pulumi.String(m), Enabled: pulumi.Bool(true)})
	}
	uri := resourceID
	if c.Service != "" {
		uri = pulumi.Sprintf("%s%s", resourceID, c.Service)
	}
	args := &insights.DiagnosticSettingArgs{
		Name:        pulumi.String(DiagnosticSettingName),
		ResourceUri: uri,
		WorkspaceId: workspaceID,
		Logs:        ls,
		Metrics:     metrics,
	}
	if c.Dedicated {
		args.LogAnalyticsDestinationType = pulumi.String("Dedicated")
	}
	return insights.NewDiagnosticSetting(ctx, name+"-diag", args, opts...)
}
