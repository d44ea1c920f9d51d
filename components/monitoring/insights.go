package monitoring

import (
	"github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// ContainerInsightsType is the type token of the ContainerInsights component.
const ContainerInsightsType = "aksplatform:monitoring:ContainerInsights"

// Names Azure gives the Container Insights pieces: the extension in the rule and the
// association on the cluster (the AKS add-on looks the association up by this name).
// https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable
const (
	ContainerInsightsExtension = "ContainerInsightsExtension"
	containerInsightsDest      = "ciworkspace"
)

// ContainerInsightsArgs is the collection spec plus the cluster and workspace it joins.
type ContainerInsightsArgs struct {
	// Spec is what is collected; NewContainerInsights applies SetDefaults to a copy.
	Spec ContainerInsightsSpec
	// Production selects the production defaults.
	Production bool

	// ResourceGroupName and Location place the data collection rule (the cluster's region).
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// ClusterID is the ARM ID of the AKS cluster the rule is associated with.
	ClusterID pulumi.StringInput
	// WorkspaceID is the ARM ID of the Log Analytics workspace the rule sends to.
	WorkspaceID pulumi.StringInput
	Tags        pulumi.StringMapInput
}

// Validate checks the spec (with defaults) and the wiring.
func (a *ContainerInsightsArgs) Validate() error {
	if a == nil {
		return validation.Required(ContainerInsightsType)
	}
	var ps validation.Problems
	ps.Merge("", a.spec().Validate(a.Production))
	requireWires(&ps, wire{"resourceGroupName", a.ResourceGroupName}, wire{"location", a.Location},
		wire{"clusterId", a.ClusterID}, wire{"logAnalyticsWorkspaceId", a.WorkspaceID})
	return ps.Err()
}

func (a *ContainerInsightsArgs) spec() ContainerInsightsSpec {
	s := a.Spec
	s.SetDefaults(a.Production)
	return s
}

// ContainerInsights is the data collection rule through which the cluster's monitoring agent
// sends to the workspace with its managed identity (the add-on's useAADAuth), and the rule's
// association with the cluster. The agent no longer needs the workspace's shared key.
type ContainerInsights struct {
	pulumi.ResourceState

	// RuleID is the ARM ID of the data collection rule.
	RuleID pulumi.StringOutput
}

// NewContainerInsights validates args and registers the rule and its association; nothing is
// registered when args are invalid.
// https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-data-collection-dcr
func NewContainerInsights(ctx *pulumi.Context, name string, args *ContainerInsightsArgs, opts ...pulumi.ResourceOption) (*ContainerInsights, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	s := args.spec()
	c := &ContainerInsights{}
	if err := ctx.RegisterComponentResource(ContainerInsightsType, name, c, opts...); err != nil {
		return nil, err
	}
	streams := pulumi.ToStringArray(s.Streams)
	settings := pulumi.Map{
		"interval":               pulumi.String(s.Interval),
		"namespaceFilteringMode": pulumi.String(s.NamespaceFilteringMode),
		"enableContainerLogV2":   pulumi.Bool(true),
	}
	if len(s.Namespaces) > 0 {
		settings["namespaces"] = pulumi.ToStringArray(s.Namespaces)
	}
	dcr, err := insights.NewDataCollectionRule(ctx, name+"-dcr", &insights.DataCollectionRuleArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		Kind:              pulumi.String("Linux"),
		Description:       pulumi.String("Container Insights (managed identity) for " + name),
		DataSources: &insights.DataCollectionRuleDataSourcesArgs{
			Extensions: insights.ExtensionDataSourceArray{insights.ExtensionDataSourceArgs{
				Name:              pulumi.String(ContainerInsightsExtension),
				ExtensionName:     pulumi.String("ContainerInsights"),
				Streams:           streams,
				ExtensionSettings: pulumi.Map{"dataCollectionSettings": settings},
			}},
		},
		Destinations: &insights.DataCollectionRuleDestinationsArgs{
			LogAnalytics: insights.LogAnalyticsDestinationArray{insights.LogAnalyticsDestinationArgs{
				Name:                pulumi.String(containerInsightsDest),
				WorkspaceResourceId: args.WorkspaceID,
			}},
		},
		DataFlows: insights.DataFlowArray{insights.DataFlowArgs{
			Streams:      streams,
			Destinations: pulumi.StringArray{pulumi.String(containerInsightsDest)},
		}},
		Tags: args.Tags,
	}, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	if _, err := insights.NewDataCollectionRuleAssociation(ctx, name+"-dcra", &insights.DataCollectionRuleAssociationArgs{
		AssociationName:      pulumi.String(ContainerInsightsExtension),
		ResourceUri:          args.ClusterID,
		DataCollectionRuleId: dcr.ID().ToStringOutput(),
		Description:          pulumi.String("Container Insights data collection rule of the cluster"),
	}, pulumi.Parent(c)); err != nil {
		return nil, err
	}
	c.RuleID = dcr.ID().ToStringOutput()
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"ruleId": c.RuleID})
}
