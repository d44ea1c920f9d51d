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

const (
	metricAlert   = "azure-native:insights:MetricAlert"
	activityAlert = "azure-native:insights:ActivityLogAlert"
	actionGroup   = "azure-native:insights:ActionGroup"
)

func cloneAlerts(s AlertsSpec) AlertsSpec {
	s.Emails, s.Webhooks = slices.Clone(s.Emails), slices.Clone(s.Webhooks)
	for _, p := range []**int{&s.PodsNotReady, &s.UnhealthyHosts} {
		if *p != nil {
			*p = new(**p)
		}
	}
	if s.Enabled != nil {
		s.Enabled = new(*s.Enabled)
	}
	return s
}

func allScopes(s AlertsSpec) *AlertsArgs {
	return &AlertsArgs{Spec: s, Production: true, ResourceGroupName: pulumi.String("rg"),
		ClusterID: pulumi.String(clusterID), FirewallID: pulumi.String("/fw"),
		AppGatewayID: pulumi.String("/agw"), VaultID: pulumi.String("/kv")}
}

func TestAlertsContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*AlertsArgs]{
		Token: AlertsType,
		Stack: "prod",
		New:   contracttest.Build(NewAlerts, "al"),
		Copy:  func(a *AlertsArgs) any { return cloneAlerts(a.Spec) },
		Partial: func(contracttest.Env) *AlertsArgs {
			return allScopes(AlertsSpec{Emails: []string{"oncall@example.com"}})
		},
		Defaults: func(t *testing.T, g *plan.Graph) {
			cpu := g.Find(metricAlert, "al-node-cpu")
			require.NotNil(t, cpu)
			v, _ := cpu.Input("criteria.allOf[0].threshold")
			assert.Equal(t, 80.0, v.NumberValue(), "prod default")
		},
		Invalid: []contracttest.Invalid[*AlertsArgs]{
			{Name: "prod without receivers, bad thresholds", Args: func(contracttest.Env) *AlertsArgs {
				return allScopes(AlertsSpec{NodeCPUPercent: 120, KeyVaultAvailabilityPercent: 100, PodsNotReady: new(-1)})
			}, Keys: []string{"emails", "keyVaultAvailabilityPercent", "nodeCpuPercent", "podsNotReady"}},
			{Name: "no resource group", Args: func(contracttest.Env) *AlertsArgs {
				return &AlertsArgs{Spec: AlertsSpec{Emails: []string{"a@example.com"}}, Production: true}
			}, Keys: []string{"resourceGroupName"}},
		},
	})
}

func TestAlertsDefaults(t *testing.T) {
	var dev, prod AlertsSpec
	dev.SetDefaults(false)
	prod.SetDefaults(true)
	assert.False(t, *dev.Enabled, "dev: off unless asked for")
	assert.True(t, *prod.Enabled)
	assert.NoError(t, dev.Validate(false), "dev without receivers is fine while alerts are off")
	assert.Less(t, prod.NodeCPUPercent, dev.NodeCPUPercent, "prod warns earlier")
	assert.Less(t, prod.SNATPortPercent, dev.SNATPortPercent)
	assert.Greater(t, prod.KeyVaultAvailabilityPercent, dev.KeyVaultAvailabilityPercent)
	again := cloneAlerts(prod)
	again.SetDefaults(true)
	assert.Equal(t, prod, again, "idempotent")
	zero := AlertsSpec{PodsNotReady: new(0), Enabled: new(true)}
	zero.SetDefaults(false)
	assert.Equal(t, 0, *zero.PodsNotReady, "an explicit 0 stays")
}

func TestAlertsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		prod bool
		spec AlertsSpec
		keys []string
	}{
		{"prod turned off", true, AlertsSpec{Enabled: new(false)}, []string{"enabled"}},
		{"dev on without receivers", false, AlertsSpec{Enabled: new(true)}, []string{"emails"}},
		{"bad email", false, AlertsSpec{Emails: []string{"oncall"}}, []string{"emails[0]"}},
		{"plain http webhook", true, AlertsSpec{Webhooks: []string{"http://hooks.example.com/x"}}, []string{"webhooks[0]"}},
		{"memory over 100", true, AlertsSpec{Emails: []string{"a@example.com"}, NodeMemoryPercent: 101}, []string{"nodeMemoryPercent"}},
		{"negative hosts", true, AlertsSpec{Emails: []string{"a@example.com"}, UnhealthyHosts: new(-2)}, []string{"unhealthyHosts"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.prod)
			var verr *validation.Error
			require.True(t, errors.As(s.Validate(tc.prod), &verr))
			assert.Equal(t, tc.keys, verr.Keys())
		})
	}
}

// Each scope gets its rule on the real platform metric, wired to the action group; the API
// server's availability is the cluster's Resource Health.
func TestNewAlerts(t *testing.T) {
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		_, err := NewAlerts(ctx, "weu", allScopes(AlertsSpec{Emails: []string{"oncall@example.com"},
			Webhooks: []string{"https://hooks.example.com/T0k3n"}}))
		return err
	})
	require.NoError(t, err)
	comp := g.Find(AlertsType, "weu")
	ag := g.Find(actionGroup, "weu-ag")
	require.NotNil(t, ag)
	assert.Equal(t, comp.URN, ag.Parent)
	assert.Equal(t, "oncall@example.com", ag.String("emailReceivers[0].emailAddress"))
	assert.Equal(t, "https://hooks.example.com/T0k3n", ag.String("webhookReceivers[0].serviceUri"))
	assert.True(t, ag.InputIsSecret("webhookReceivers[0].serviceUri"), "webhook URLs carry tokens")
	assert.LessOrEqual(t, len(ag.String("groupShortName")), 12)
	for _, tc := range []struct{ name, scope, namespace, metric, operator string }{
		{"weu-node-cpu", clusterID, "Microsoft.ContainerService/managedClusters", "node_cpu_usage_percentage", "GreaterThan"},
		{"weu-node-memory", clusterID, "Microsoft.ContainerService/managedClusters", "node_memory_working_set_percentage", "GreaterThan"},
		{"weu-pods-not-ready", clusterID, "Microsoft.ContainerService/managedClusters", "kube_pod_status_phase", "GreaterThan"},
		{"weu-firewall-snat", "/fw", "Microsoft.Network/azureFirewalls", "SNATPortUtilization", "GreaterThan"},
		{"weu-appgw-unhealthy", "/agw", "Microsoft.Network/applicationGateways", "UnhealthyHostCount", "GreaterThan"},
		{"weu-keyvault-availability", "/kv", "Microsoft.KeyVault/vaults", "Availability", "LessThan"},
	} {
		a := g.Find(metricAlert, tc.name)
		require.NotNil(t, a, tc.name)
		assert.Equal(t, comp.URN, a.Parent)
		assert.Equal(t, tc.scope, a.String("scopes[0]"), tc.name)
		assert.Equal(t, tc.namespace, a.String("criteria.allOf[0].metricNamespace"), tc.name)
		assert.Equal(t, tc.metric, a.String("criteria.allOf[0].metricName"), tc.name)
		assert.Equal(t, tc.operator, a.String("criteria.allOf[0].operator"), tc.name)
		assert.Equal(t, ag.ID, a.String("actions[0].actionGroupId"), tc.name)
	}
	pods := g.Find(metricAlert, "weu-pods-not-ready")
	assert.Equal(t, "phase", pods.String("criteria.allOf[0].dimensions[0].name"))
	api := g.Find(activityAlert, "weu-apiserver")
	require.NotNil(t, api)
	assert.Equal(t, clusterID, api.String("scopes[0]"))
	assert.Equal(t, "ResourceHealth", api.String("condition.allOf[0].equals"))
	assert.Equal(t, ag.ID, api.String("actions.actionGroups[0].actionGroupId"))
}

// A region without a firewall or Application Gateway gets no rule for them; alerts off
// register nothing under the component.
func TestAlertsSkipMissingScopes(t *testing.T) {
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		a := allScopes(AlertsSpec{Emails: []string{"oncall@example.com"}})
		a.FirewallID, a.AppGatewayID = nil, nil
		if _, err := NewAlerts(ctx, "weu", a); err != nil {
			return err
		}
		_, err := NewAlerts(ctx, "dev", &AlertsArgs{ResourceGroupName: pulumi.String("rg"), ClusterID: pulumi.String(clusterID)})
		return err
	})
	require.NoError(t, err)
	assert.Nil(t, g.Find(metricAlert, "weu-firewall-snat"))
	assert.Nil(t, g.Find(metricAlert, "weu-appgw-unhealthy"))
	assert.NotNil(t, g.Find(metricAlert, "weu-keyvault-availability"))
	assert.Len(t, g.ByType(metricAlert), 4)
	assert.Empty(t, g.Children(g.Find(AlertsType, "dev").URN), "dev default: off")
}
