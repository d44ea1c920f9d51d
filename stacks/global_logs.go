package stacks

import (
	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/monitoring"
)

// newGlobalWorkspace registers the Log Analytics workspace of the global resources (Front
// Door) in their resource group, outside every Region component: global logs never go to a
// region's workspace, so no region depends on another and a region can be retired without
// losing them. Its location is the group's, which never moves (see newFrontDoor); retention
// is monitoring.retentionDays, as for the regions.
func newGlobalWorkspace(ctx *pulumi.Context, env *Environment, rg *resources.ResourceGroup, tags pulumi.StringMap) (*monitoring.Workspace, error) {
	return monitoring.NewWorkspace(ctx, env.Name+"-global-logs", &monitoring.WorkspaceArgs{
		Spec:              env.Monitoring,
		Production:        env.Kind.Production(),
		ResourceGroupName: rg.Name,
		Location:          rg.Location,
		Tags:              tags,
	})
}
