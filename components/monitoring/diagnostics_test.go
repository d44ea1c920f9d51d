package monitoring

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/monitoring/logs"
	"github.com/aksplatform/platform/internal/plan"
)

const (
	clusterID   = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"
	workspaceID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"
)

// Every type of the logs table gets a setting that points at the resource and the workspace,
// with exactly the table's categories, all metrics, and Dedicated where the table says so.
func TestDiagnose(t *testing.T) {
	for _, typ := range logs.Types() {
		t.Run(typ, func(t *testing.T) {
			want, _ := logs.For(typ)
			g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
				_, err := Diagnose(ctx, "thing", typ, pulumi.String(clusterID), pulumi.String(workspaceID))
				return err
			})
			require.NoError(t, err)
			ds := g.Find("azure-native:insights:DiagnosticSetting", "thing-diag")
			require.NotNil(t, ds)
			assert.Equal(t, DiagnosticSettingName, ds.String("name"))
			assert.Equal(t, clusterID+want.Service, ds.String("resourceUri"), "the resource, or its logging service")
			assert.Equal(t, workspaceID, ds.String("workspaceId"))
			v, ok := ds.Input("logs")
			require.True(t, ok)
			var got []string
			for i, l := range v.ArrayValue() {
				got = append(got, l.ObjectValue()["category"].StringValue())
				assert.True(t, l.ObjectValue()["enabled"].BoolValue(), "logs[%d] enabled", i)
			}
			assert.Equal(t, want.Names, got)
			wantMetric := "AllMetrics"
			if want.Metrics != nil {
				wantMetric = want.Metrics[0]
			}
			assert.Equal(t, wantMetric, ds.String("metrics[0].category"))
			if want.Dedicated {
				assert.Equal(t, "Dedicated", ds.String("logAnalyticsDestinationType"))
			} else {
				_, set := ds.Input("logAnalyticsDestinationType")
				assert.False(t, set, "AzureDiagnostics table unless the logs table says Dedicated")
			}
		})
	}
}

func TestDiagnoseParentsWhereTold(t *testing.T) {
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		w, err := NewWorkspace(ctx, "logs", &WorkspaceArgs{ResourceGroupName: pulumi.String("rg"), Location: pulumi.String("westeurope")})
		if err != nil {
			return err
		}
		_, err = Diagnose(ctx, "kv", logs.KeyVault, pulumi.String("/kv"), w.WorkspaceID, pulumi.Parent(w))
		return err
	})
	require.NoError(t, err)
	ds := g.Find("azure-native:insights:DiagnosticSetting", "kv-diag")
	require.NotNil(t, ds)
	assert.Equal(t, g.Find(ComponentType, "logs").URN, ds.Parent)
	assert.Contains(t, ds.Dependencies, g.Find("azure-native:operationalinsights:Workspace", "logs-law").URN)
}

// A type that logs nothing is an error, so nobody believes such a resource is watched.
func TestDiagnoseUnknownType(t *testing.T) {
	for _, typ := range []string{"azure-native:network:VirtualNetwork", "", "aksplatform:aks:Cluster"} {
		g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
			_, err := Diagnose(ctx, "x", typ, pulumi.String("/id"), pulumi.String(workspaceID))
			return err
		})
		require.Error(t, err, typ)
		assert.Contains(t, err.Error(), "has no logs to collect")
		assert.Empty(t, g.Resources)
	}
}

// A versioned token counts as its base type, in For and therefore in Diagnose.
func TestLogsForVersionedToken(t *testing.T) {
	c, ok := logs.For("azure-native:keyvault/v20230701:Vault")
	require.True(t, ok)
	assert.Equal(t, []string{"AuditEvent"}, c.Names)
	c.Names[0] = "changed"
	again, _ := logs.For(logs.KeyVault)
	assert.Equal(t, "AuditEvent", again.Names[0], "For returns a copy")
}
