package network

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/monitoring"
)

// diagnose sends a resource's logs (package logs' categories for resourceType) to the region's
// workspace, parented to the component; nothing without a workspace, which Validate allows
// outside production only.
func diagnose(ctx *pulumi.Context, name, resourceType string, id pulumi.StringOutput, workspaceID pulumi.StringInput, parent pulumi.Resource) error {
	if workspaceID == nil {
		return nil
	}
	_, err := monitoring.Diagnose(ctx, name, resourceType, id, workspaceID, pulumi.Parent(parent))
	return err
}
