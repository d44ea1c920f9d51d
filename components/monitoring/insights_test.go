package monitoring

import (
	"errors"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

func insightsArgs(prod bool, s ContainerInsightsSpec) *ContainerInsightsArgs {
	return &ContainerInsightsArgs{Spec: s, Production: prod, ResourceGroupName: pulumi.String("rg"),
		Location: pulumi.String("westeurope"), ClusterID: pulumi.String(clusterID), WorkspaceID: pulumi.String(workspaceID)}
}

func TestContainerInsightsContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*ContainerInsightsArgs]{
		Token: ContainerInsightsType,
		New:   contracttest.Build(NewContainerInsights, "ci"),
		Copy: func(a *ContainerInsightsArgs) any {
			s := a.Spec
			s.Streams, s.Namespaces = slices.Clone(s.Streams), slices.Clone(s.Namespaces)
			return s
		},
		Partial: func(contracttest.Env) *ContainerInsightsArgs {
			return insightsArgs(false, ContainerInsightsSpec{Interval: "10m"})
		},
		Defaults: func(t *testing.T, g *plan.Graph) {
			dcr := g.Find("azure-native:insights:DataCollectionRule", "ci-dcr")
			require.NotNil(t, dcr)
			assert.Equal(t, "10m", dcr.String("dataSources.extensions[0].extensionSettings.dataCollectionSettings.interval"))
			assert.Equal(t, "Exclude", dcr.String("dataSources.extensions[0].extensionSettings.dataCollectionSettings.namespaceFilteringMode"))
		},
		Invalid: []contracttest.Invalid[*ContainerInsightsArgs]{
			{Name: "bad spec", Args: func(contracttest.Env) *ContainerInsightsArgs {
				return insightsArgs(true, ContainerInsightsSpec{Interval: "45m", Streams: []string{"Microsoft-Nope"}, NamespaceFilteringMode: "Include"})
			}, Keys: []string{"interval", "namespaces", "streams[0]"}},
			{Name: "no wiring", Args: func(contracttest.Env) *ContainerInsightsArgs {
				return &ContainerInsightsArgs{}
			}, Keys: []string{"clusterId", "location", "logAnalyticsWorkspaceId", "resourceGroupName"}},
		},
	})
}

// Dev collects less than prod: a longer interval, fewer streams, system namespaces left out.
func TestContainerInsightsDefaults(t *testing.T) {
	for _, tc := range []struct {
		prod bool
		want ContainerInsightsSpec
	}{
		{false, ContainerInsightsSpec{Interval: "5m", Streams: DevStreams, NamespaceFilteringMode: FilterExclude, Namespaces: DevExcludedNamespaces}},
		{true, ContainerInsightsSpec{Interval: "1m", Streams: []string{StreamGroupDefault}, NamespaceFilteringMode: FilterOff}},
	} {
		var s ContainerInsightsSpec
		s.SetDefaults(tc.prod)
		assert.Equal(t, tc.want, s)
		assert.NoError(t, s.Validate(tc.prod))
		s.SetDefaults(tc.prod)
		assert.Equal(t, tc.want, s, "idempotent")
	}
	s := ContainerInsightsSpec{NamespaceFilteringMode: FilterOff}
	s.SetDefaults(false)
	assert.Nil(t, s.Namespaces, "no namespace list forced on an explicit Off")
}

func TestContainerInsightsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec ContainerInsightsSpec
		keys []string
	}{
		{"interval not minutes", ContainerInsightsSpec{Interval: "60s"}, []string{"interval"}},
		{"interval too short", ContainerInsightsSpec{Interval: "0m"}, []string{"interval"}},
		{"no streams", ContainerInsightsSpec{Streams: []string{}}, []string{"streams"}},
		{"unknown mode", ContainerInsightsSpec{NamespaceFilteringMode: "All"}, []string{"namespaceFilteringMode"}},
		{"off with namespaces", ContainerInsightsSpec{NamespaceFilteringMode: FilterOff, Namespaces: []string{"a"}}, []string{"namespaces"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(true)
			var verr *validation.Error
			require.True(t, errors.As(s.Validate(true), &verr))
			assert.Equal(t, tc.keys, verr.Keys())
		})
	}
}

// The rule sends the configured streams from the ContainerInsights extension to the workspace,
// and its association sits on the cluster under the name the AKS add-on looks for.
func TestNewContainerInsights(t *testing.T) {
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		_, err := NewContainerInsights(ctx, "weu-ci", insightsArgs(true, ContainerInsightsSpec{}))
		return err
	})
	require.NoError(t, err)
	comp := g.Find(ContainerInsightsType, "weu-ci")
	dcr := g.Find("azure-native:insights:DataCollectionRule", "weu-ci-dcr")
	dcra := g.Find("azure-native:insights:DataCollectionRuleAssociation", "weu-ci-dcra")
	require.NotNil(t, dcr)
	require.NotNil(t, dcra)
	assert.Equal(t, comp.URN, dcr.Parent)
	assert.Equal(t, comp.URN, dcra.Parent)
	assert.Equal(t, "ContainerInsights", dcr.String("dataSources.extensions[0].extensionName"))
	assert.Equal(t, ContainerInsightsExtension, dcr.String("dataSources.extensions[0].name"))
	assert.Equal(t, StreamGroupDefault, dcr.String("dataSources.extensions[0].streams[0]"))
	assert.Equal(t, StreamGroupDefault, dcr.String("dataFlows[0].streams[0]"))
	assert.Equal(t, workspaceID, dcr.String("destinations.logAnalytics[0].workspaceResourceId"))
	assert.Equal(t, dcr.String("destinations.logAnalytics[0].name"), dcr.String("dataFlows[0].destinations[0]"))
	assert.Equal(t, "1m", dcr.String("dataSources.extensions[0].extensionSettings.dataCollectionSettings.interval"))
	assert.Equal(t, clusterID, dcra.String("resourceUri"))
	assert.Equal(t, ContainerInsightsExtension, dcra.String("associationName"))
	assert.Equal(t, dcr.ID, dcra.String("dataCollectionRuleId"))
	assert.Contains(t, dcra.Dependencies, dcr.URN)
}
