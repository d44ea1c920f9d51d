package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

// Every NSG, firewall and Application Gateway of both stacks logs to its own region's workspace,
// and prod's firewall policies drop threat-intelligence and IDPS matches.
func TestEdgeLogsStayInTheirRegion(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			g := planEnv(t, loadStack(t, stack))
			diagnosed := map[string]*plan.Resource{} // resource ID -> its diagnostic setting
			for _, d := range g.ByType("azure-native:insights:DiagnosticSetting") {
				diagnosed[d.Inputs["resourceUri"].StringValue()] = d
			}
			workspaces := map[string]string{} // region -> workspace ID
			for _, w := range g.ByType("azure-native:operationalinsights:Workspace") {
				if r := regionOf(g, w); r != "" {
					workspaces[r] = w.ID
				}
			}
			watched := 0
			for _, typ := range []string{"azure-native:network:NetworkSecurityGroup", "azure-native:network:AzureFirewall",
				"azure-native:network:ApplicationGateway"} {
				for _, r := range g.ByType(typ) {
					d, ok := diagnosed[r.ID]
					require.True(t, ok, "%s %s has no diagnostic setting", typ, r.Name)
					region := regionOf(g, r)
					require.NotEmpty(t, region)
					require.NotEmpty(t, workspaces[region])
					assert.Equal(t, workspaces[region], d.Inputs["workspaceId"].StringValue(), "%s %s logs to its region's workspace", typ, r.Name)
					watched++
				}
			}
			assert.Positive(t, watched)
			for _, p := range g.ByType("azure-native:network:FirewallPolicy") {
				assert.Equal(t, "Deny", p.Inputs["threatIntelMode"].StringValue(), p.Name)
				if stack == "prod" {
					assert.Equal(t, "Deny", p.Inputs["intrusionDetection"].ObjectValue()["mode"].StringValue(), p.Name)
				}
			}
		})
	}
}
