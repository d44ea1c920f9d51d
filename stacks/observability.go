package stacks

import (
	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/monitoring"
)

// addObservability registers what watches the region, all of it in the region and sending to
// the region's own workspace: Container Insights' data collection rule on the cluster (when
// the monitoring add-on is on), and the action group with the alert rules for the cluster,
// the vault and, with AGIC, the Application Gateway. It runs after the ingress step, whose
// Application Gateway the alerts watch.
func (b *regionBuilder) addObservability() error {
	if defaults.True(b.aks.Addons.Monitoring) {
		if _, err := monitoring.NewContainerInsights(b.ctx, b.name+"-insights", &monitoring.ContainerInsightsArgs{
			Spec:              b.env.Monitoring.ContainerInsights,
			Production:        b.prod,
			ResourceGroupName: b.spokeRG.Name,
			Location:          b.location,
			ClusterID:         b.cluster.ClusterID,
			WorkspaceID:       b.workspace.WorkspaceID,
			Tags:              b.tags,
		}, b.parent()); err != nil {
			return err
		}
	}
	alerts := &monitoring.AlertsArgs{
		Spec:              b.env.Monitoring.Alerts,
		Production:        b.prod,
		ResourceGroupName: b.spokeRG.Name,
		ClusterID:         b.cluster.ClusterID,
		VaultID:           b.vault.VaultID,
		Tags:              b.tags,
	}
	if b.env.Hub.Firewall {
		alerts.FirewallID = b.hub.FirewallID
	}
	if agw, ok := b.ingress.(*ingress.AGIC); ok {
		alerts.AppGatewayID = agw.GatewayID
	}
	_, err := monitoring.NewAlerts(b.ctx, b.name+"-alerts", alerts, b.parent())
	return err
}
