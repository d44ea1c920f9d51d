package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// AlertsType is the type token of the Alerts component.
const AlertsType = "aksplatform:monitoring:Alerts"

// ActionGroupShortName is what SMS and email subjects show; Azure allows 12 characters.
const ActionGroupShortName = "aksplatform"

// AlertsArgs is the alert spec plus the resources watched. Each scope is optional: a region
// without a firewall or an Application Gateway gets no alert for it.
type AlertsArgs struct {
	// Spec says who is told and when; NewAlerts applies SetDefaults to a copy. With
	// Spec.Enabled false the component registers nothing under it.
	Spec AlertsSpec
	// Production selects the production defaults.
	Production bool

	// ResourceGroupName holds the action group and the alert rules.
	ResourceGroupName pulumi.StringInput
	// ClusterID, FirewallID, AppGatewayID and VaultID are the ARM IDs of the watched resources.
	ClusterID    pulumi.StringInput
	FirewallID   pulumi.StringInput
	AppGatewayID pulumi.StringInput
	VaultID      pulumi.StringInput
	Tags         pulumi.StringMapInput
}

// Validate checks the spec (with defaults) and the wiring.
func (a *AlertsArgs) Validate() error {
	if a == nil {
		return validation.Required(AlertsType)
	}
	var ps validation.Problems
	s := a.spec()
	ps.Merge("", s.Validate(a.Production))
	if defaults.True(s.Enabled) {
		requireWires(&ps, wire{"resourceGroupName", a.ResourceGroupName})
	}
	return ps.Err()
}

func (a *AlertsArgs) spec() AlertsSpec {
	s := a.Spec
	s.SetDefaults(a.Production)
	return s
}

// Alerts is one region's action group and its alert rules.
type Alerts struct {
	pulumi.ResourceState

	// ActionGroupID is the ARM ID of the action group; empty when alerts are off.
	ActionGroupID pulumi.StringOutput
}

// metricRule is one metric alert: an Azure platform metric of one resource type, compared
// with a threshold. Metric names are the "Name in REST API" of Azure Monitor's supported
// metrics (https://learn.microsoft.com/azure/azure-monitor/reference/metrics-index).
type metricRule struct {
	name, description string
	scope             pulumi.StringInput
	namespace, metric string
	operator          string
	threshold         float64
	severity          int
	dimensions        insights.MetricDimensionArray
}

// metricRules are the rules for the scopes present.
func (a *AlertsArgs) metricRules(s AlertsSpec) []metricRule {
	const aks, fw = "Microsoft.ContainerService/managedClusters", "Microsoft.Network/azureFirewalls"
	const agw, kv = "Microsoft.Network/applicationGateways", "Microsoft.KeyVault/vaults"
	all := []metricRule{
		// https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-containerservice-managedclusters-metrics
		{"node-cpu", "Node CPU pressure: node_cpu_usage_percentage above monitoring.alerts.nodeCpuPercent",
			a.ClusterID, aks, "node_cpu_usage_percentage", "GreaterThan", s.NodeCPUPercent, 2, nil},
		{"node-memory", "Node memory pressure: node_memory_working_set_percentage above monitoring.alerts.nodeMemoryPercent",
			a.ClusterID, aks, "node_memory_working_set_percentage", "GreaterThan", s.NodeMemoryPercent, 2, nil},
		// The platform metrics count ready pods but not unready ones; pods stuck Pending, Failed
		// or Unknown are what "not ready" means to on-call.
		{"pods-not-ready", "Pods not ready: pods Pending, Failed or Unknown above monitoring.alerts.podsNotReady",
			a.ClusterID, aks, "kube_pod_status_phase", "GreaterThan", float64(*s.PodsNotReady), 2,
			insights.MetricDimensionArray{insights.MetricDimensionArgs{Name: pulumi.String("phase"),
				Operator: pulumi.String("Include"), Values: pulumi.ToStringArray([]string{"Pending", "Failed", "Unknown"})}}},
		// https://learn.microsoft.com/azure/firewall/monitor-firewall-reference
		{"firewall-snat", "Azure Firewall SNAT port exhaustion: SNATPortUtilization above monitoring.alerts.snatPortPercent",
			a.FirewallID, fw, "SNATPortUtilization", "GreaterThan", s.SNATPortPercent, 1, nil},
		// https://learn.microsoft.com/azure/application-gateway/monitor-application-gateway-reference
		{"appgw-unhealthy", "Application Gateway unhealthy backend hosts: UnhealthyHostCount above monitoring.alerts.unhealthyHosts",
			a.AppGatewayID, agw, "UnhealthyHostCount", "GreaterThan", float64(*s.UnhealthyHosts), 1, nil},
		// https://learn.microsoft.com/azure/key-vault/general/monitor-key-vault-reference
		{"keyvault-availability", "Key Vault availability: Availability below monitoring.alerts.keyVaultAvailabilityPercent",
			a.VaultID, kv, "Availability", "LessThan", s.KeyVaultAvailabilityPercent, 1, nil},
	}
	var out []metricRule
	for _, r := range all {
		if r.scope != nil {
			out = append(out, r)
		}
	}
	return out
}

// NewAlerts validates args and registers the action group and, for each scope given, its
// alert rules; nothing is registered when args are invalid.
// https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-metric-create-templates
func NewAlerts(ctx *pulumi.Context, name string, args *AlertsArgs, opts ...pulumi.ResourceOption) (*Alerts, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	s := args.spec()
	al := &Alerts{}
	if err := ctx.RegisterComponentResource(AlertsType, name, al, opts...); err != nil {
		return nil, err
	}
	if !defaults.True(s.Enabled) {
		return al, ctx.RegisterResourceOutputs(al, pulumi.Map{})
	}
	ag, err := newActionGroup(ctx, name, s, args.ResourceGroupName, args.Tags, pulumi.Parent(al))
	if err != nil {
		return nil, err
	}
	al.ActionGroupID = ag.ID().ToStringOutput()
	for _, r := range args.metricRules(s) {
		if _, err := insights.NewMetricAlert(ctx, name+"-"+r.name, &insights.MetricAlertArgs{
			ResourceGroupName:   args.ResourceGroupName,
			Location:            pulumi.String("global"),
			Description:         pulumi.String(r.description),
			Severity:            pulumi.Int(r.severity),
			Enabled:             pulumi.Bool(true),
			Scopes:              pulumi.StringArray{r.scope},
			EvaluationFrequency: pulumi.String("PT5M"),
			WindowSize:          pulumi.String("PT15M"),
			AutoMitigate:        pulumi.Bool(true),
			Criteria: insights.MetricAlertSingleResourceMultipleMetricCriteriaArgs{
				OdataType: pulumi.String("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"),
				AllOf: insights.MetricCriteriaArray{insights.MetricCriteriaArgs{
					CriterionType:   pulumi.String("StaticThresholdCriterion"),
					Name:            pulumi.String(r.name),
					MetricNamespace: pulumi.String(r.namespace),
					MetricName:      pulumi.String(r.metric),
					Operator:        pulumi.String(r.operator),
					Threshold:       pulumi.Float64(r.threshold),
					TimeAggregation: pulumi.String("Average"),
					Dimensions:      r.dimensions,
				}},
			},
			Actions: insights.MetricAlertActionArray{insights.MetricAlertActionArgs{ActionGroupId: al.ActionGroupID}},
			Tags:    args.Tags,
		}, pulumi.Parent(al)); err != nil {
			return nil, err
		}
	}
	if args.ClusterID != nil {
		if err := newAPIServerAlert(ctx, name, args, al); err != nil {
			return nil, err
		}
	}
	return al, ctx.RegisterResourceOutputs(al, pulumi.Map{"actionGroupId": al.ActionGroupID})
}

// newActionGroup registers the receivers. Webhook URLs often carry a token, so they are secret.
func newActionGroup(ctx *pulumi.Context, name string, s AlertsSpec, rg pulumi.StringInput, tags pulumi.StringMapInput, parent pulumi.ResourceOption) (*insights.ActionGroup, error) {
	var emails insights.EmailReceiverArray
	for i, e := range s.Emails {
		emails = append(emails, insights.EmailReceiverArgs{Name: pulumi.Sprintf("email-%d", i),
			EmailAddress: pulumi.String(e), UseCommonAlertSchema: pulumi.Bool(true)})
	}
	var hooks insights.WebhookReceiverArray
	for i, w := range s.Webhooks {
		hooks = append(hooks, insights.WebhookReceiverArgs{Name: pulumi.Sprintf("webhook-%d", i),
			ServiceUri: pulumi.ToSecret(pulumi.String(w)).(pulumi.StringOutput), UseCommonAlertSchema: pulumi.Bool(true)})
	}
	return insights.NewActionGroup(ctx, name+"-ag", &insights.ActionGroupArgs{
		ResourceGroupName: rg,
		Location:          pulumi.String("Global"),
		GroupShortName:    pulumi.String(ActionGroupShortName),
		Enabled:           pulumi.Bool(true),
		EmailReceivers:    emails,
		WebhookReceivers:  hooks,
		Tags:              tags,
	}, parent)
}

// newAPIServerAlert alerts on the cluster's Resource Health. AKS has no platform metric for
// API server availability (its apiserver_* metrics are load: CPU, memory, inflight requests),
// while Resource Health reports the control plane Unavailable or Degraded, from Azure's side,
// at no cost and without any log ingestion; a scheduled query over kube-apiserver logs would
// miss exactly the outage in which the API server writes none.
// https://learn.microsoft.com/azure/service-health/resource-health-alert-arm-template-guide
func newAPIServerAlert(ctx *pulumi.Context, name string, args *AlertsArgs, al *Alerts) error {
	status := func(v string) insights.AlertRuleLeafConditionArgs {
		return insights.AlertRuleLeafConditionArgs{Field: pulumi.String("properties.currentHealthStatus"), Equals: pulumi.String(v)}
	}
	_, err := insights.NewActivityLogAlert(ctx, name+"-apiserver", &insights.ActivityLogAlertArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          pulumi.String("Global"),
		Description:       pulumi.String(fmt.Sprintf("API server availability: Resource Health of the cluster is Unavailable or Degraded (%s)", name)),
		Enabled:           pulumi.Bool(true),
		Scopes:            pulumi.StringArray{args.ClusterID},
		Condition: insights.AlertRuleAllOfConditionArgs{AllOf: insights.AlertRuleAnyOfOrLeafConditionArray{
			insights.AlertRuleAnyOfOrLeafConditionArgs{Field: pulumi.String("category"), Equals: pulumi.String("ResourceHealth")},
			insights.AlertRuleAnyOfOrLeafConditionArgs{AnyOf: insights.AlertRuleLeafConditionArray{status("Unavailable"), status("Degraded")}},
		}},
		Actions: insights.ActionListArgs{ActionGroups: insights.ActionGroupTypeArray{
			insights.ActionGroupTypeArgs{ActionGroupId: al.ActionGroupID}}},
		Tags: args.Tags,
	}, pulumi.Parent(al))
	return err
}
