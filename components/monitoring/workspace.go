package monitoring

import (
	"github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// ComponentType is the type token of the Workspace component.
const ComponentType = "aksplatform:monitoring:Workspace"

// WorkspaceArgs is a Spec plus where the workspace goes.
type WorkspaceArgs struct {
	// Spec is the workspace as configured; NewWorkspace applies SetDefaults to a copy.
	Spec Spec
	// Production selects the production defaults and rules.
	Production bool

	// ResourceGroupName and Location place the resources.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// Tags go on the workspace.
	Tags pulumi.StringMapInput
}

// Validate checks the spec (with defaults) and the wiring.
func (a *WorkspaceArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	var ps validation.Problems
	ps.Merge("", a.spec().validateWorkspace())
	if a.ResourceGroupName == nil {
		ps.Addf("resourceGroupName", "is required: the workspace's resource group")
	}
	if a.Location == nil {
		ps.Addf("location", "is required: the workspace's region")
	}
	return ps.Err()
}

// spec returns a copy of the spec with defaults applied; SetDefaults only assigns fields (it
// never writes through a slice or pointer the caller shares), so the caller's Spec stays as is.
func (a *WorkspaceArgs) spec() Spec {
	s := a.Spec
	s.SetDefaults(a.Production)
	return s
}

// Workspace is a Log Analytics workspace.
type Workspace struct {
	pulumi.ResourceState

	// WorkspaceID is the ARM resource ID (what AKS's monitoring add-on takes).
	WorkspaceID pulumi.StringOutput
	// CustomerID is the workspace (customer) GUID agents and queries address it by.
	CustomerID pulumi.StringOutput
	// WorkspaceName is the Azure name of the workspace.
	WorkspaceName pulumi.StringOutput
}

// NewWorkspace validates args and registers the workspace; nothing is registered when args are
// invalid.
func NewWorkspace(ctx *pulumi.Context, name string, args *WorkspaceArgs, opts ...pulumi.ResourceOption) (*Workspace, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	s := args.spec()
	w := &Workspace{}
	if err := ctx.RegisterComponentResource(ComponentType, name, w, opts...); err != nil {
		return nil, err
	}
	ws, err := operationalinsights.NewWorkspace(ctx, name+"-law", &operationalinsights.WorkspaceArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		Sku:               &operationalinsights.WorkspaceSkuArgs{Name: pulumi.String(string(s.SKU))},
		RetentionInDays:   pulumi.Int(s.RetentionDays),
		Features: &operationalinsights.WorkspaceFeaturesArgs{
			// Access follows Azure RBAC on the resources the logs come from.
			EnableLogAccessUsingOnlyResourcePermissions: pulumi.Bool(true),
		},
		Tags: args.Tags,
	}, pulumi.Parent(w))
	if err != nil {
		return nil, err
	}
	w.WorkspaceID = ws.ID().ToStringOutput()
	w.CustomerID = ws.CustomerId
	w.WorkspaceName = ws.Name
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{
		"workspaceId":   w.WorkspaceID,
		"customerId":    w.CustomerID,
		"workspaceName": w.WorkspaceName,
	})
}

// wire is an input a component cannot do without, under the key its problem is reported at.
type wire struct {
	key string
	in  any
}

// requireWires reports every wire left nil, in the order given.
func requireWires(ps *validation.Problems, ws ...wire) {
	for _, w := range ws {
		if w.in == nil {
			ps.Addf(w.key, "is required")
		}
	}
}
