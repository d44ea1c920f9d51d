package monitoring

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were.
func TestContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*WorkspaceArgs]{
		Token: ComponentType,
		Stack: "prod",
		New:   contracttest.Build(NewWorkspace, "logs"),
		Copy:  func(a *WorkspaceArgs) any { return a.Spec },
		Partial: func(contracttest.Env) *WorkspaceArgs {
			return &WorkspaceArgs{Spec: Spec{SKU: PerGB2018}, Production: true, ResourceGroupName: pulumi.String("rg"), Location: pulumi.String("westeurope")}
		},
		Defaults: func(t *testing.T, g *plan.Graph) {
			ws := g.Find("azure-native:operationalinsights:Workspace", "logs-law")
			require.NotNil(t, ws)
			v, _ := ws.Input("retentionInDays")
			assert.Equal(t, float64(90), v.NumberValue(), "prod default")
		},
		Invalid: []contracttest.Invalid[*WorkspaceArgs]{{Name: "invalid spec", Args: func(contracttest.Env) *WorkspaceArgs {
			return &WorkspaceArgs{Spec: Spec{RetentionDays: 10, SKU: "Free"}}
		}, Keys: []string{"location", "resourceGroupName", "retentionDays", "sku"}}},
	})
}
