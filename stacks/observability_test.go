package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/internal/plan"
)

// Each region's Container Insights rule is associated with its own cluster and sends to its
// own workspace; prod's alerts watch the cluster, the vault and the Application Gateway.
func TestRegionsObserveThemselves(t *testing.T) {
	env := loadStack(t, "prod")
	g, err := plan.Run(Project, "prod", Program(env))
	require.NoError(t, err)
	for _, loc := range []string{"westeurope", "northeurope"} {
		region := g.Find(RegionType, loc)
		require.NotNil(t, region, loc)
		prefix := "prod-" + loc
		ci := g.Find(monitoring.ContainerInsightsType, prefix+"-insights")
		require.NotNil(t, ci, loc)
		assert.Equal(t, region.URN, ci.Parent)
		dcr := g.Find("azure-native:insights:DataCollectionRule", prefix+"-insights-dcr")
		dcra := g.Find("azure-native:insights:DataCollectionRuleAssociation", prefix+"-insights-dcra")
		cluster := named(g, prefix+"-aks-aks") // the type carries the AKS API version
		ws := g.Find("azure-native:operationalinsights:Workspace", prefix+"-logs-law")
		require.NotNil(t, cluster)
		assert.Equal(t, ws.ID, dcr.String("destinations.logAnalytics[0].workspaceResourceId"))
		assert.Equal(t, cluster.ID, dcra.String("resourceUri"))
		assert.Equal(t, "1m", dcr.String("dataSources.extensions[0].extensionSettings.dataCollectionSettings.interval"), "prod collects the recommended set")

		vault := g.Find("azure-native:keyvault:Vault", prefix+"-kv-vault")
		gw := g.Find("azure-native:network:ApplicationGateway", prefix+"-ingress-appgw")
		for name, scope := range map[string]string{"node-cpu": cluster.ID, "keyvault-availability": vault.ID, "appgw-unhealthy": gw.ID} {
			a := g.Find("azure-native:insights:MetricAlert", prefix+"-alerts-"+name)
			require.NotNil(t, a, name)
			assert.Equal(t, scope, a.String("scopes[0]"), name)
		}
		ag := g.Find("azure-native:insights:ActionGroup", prefix+"-alerts-ag")
		assert.Equal(t, "platform-oncall@example.com", ag.String("emailReceivers[0].emailAddress"))
	}
}

// The global workspace sits in the global resource group, outside every region, with the
// environment's retention; dev, without Front Door, has none and no alerts (off by default)
// but still its cheaper Container Insights rule.
func TestGlobalWorkspace(t *testing.T) {
	g, err := plan.Run(Project, "prod", Program(loadStack(t, "prod")))
	require.NoError(t, err)
	comp := g.Find(monitoring.ComponentType, "prod-global-logs")
	require.NotNil(t, comp)
	for _, a := range g.Ancestors(comp) {
		assert.NotEqual(t, RegionType, a.Type, "global: under no region")
	}
	ws := g.Find("azure-native:operationalinsights:Workspace", "prod-global-logs-law")
	rg := g.Find("azure-native:resources:ResourceGroup", "prod-global-rg")
	assert.Equal(t, rg.String("resourceGroupName"), ws.String("resourceGroupName"))
	assert.Contains(t, ws.Dependencies, rg.URN, "its location follows the group's, which never moves")
	v, _ := ws.Input("retentionInDays")
	assert.Equal(t, float64(90), v.NumberValue())

	g, err = plan.Run(Project, "dev", Program(loadStack(t, "dev")))
	require.NoError(t, err)
	assert.Len(t, g.ByType("azure-native:operationalinsights:Workspace"), 1, "dev: only the region's")
	assert.Empty(t, g.ByType("azure-native:insights:MetricAlert"))
	dcr := g.Find("azure-native:insights:DataCollectionRule", "dev-westeurope-insights-dcr")
	require.NotNil(t, dcr)
	assert.Equal(t, "5m", dcr.String("dataSources.extensions[0].extensionSettings.dataCollectionSettings.interval"))
}

// named finds the custom resource with the given name, whatever its type's API version.
func named(g *plan.Graph, name string) *plan.Resource {
	for _, r := range g.Resources {
		if r.Name == name && r.Custom {
			return r
		}
	}
	return nil
}
