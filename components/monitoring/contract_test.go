package monitoring

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were.
func TestContract(t *testing.T) {
	valid := func(s Spec) *WorkspaceArgs {
		return &WorkspaceArgs{Spec: s, Production: true, ResourceGroupName: pulumi.String("rg"), Location: pulumi.String("westeurope")}
	}
	cases := []struct {
		name string
		args *WorkspaceArgs
		keys []string
	}{
		{"nil args", nil, []string{ComponentType}},
		{"partial spec", valid(Spec{SKU: PerGB2018}), nil},
		{"invalid spec", &WorkspaceArgs{Spec: Spec{RetentionDays: 10, SKU: "Free"}}, []string{"location", "resourceGroupName", "retentionDays", "sku"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var before Spec
			if tc.args != nil {
				before = tc.args.Spec
			}
			g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				_, err := NewWorkspace(ctx, "logs", tc.args)
				return err
			})
			if tc.args != nil {
				assert.Equal(t, before, tc.args.Spec, "the caller's spec is not modified")
			}
			if tc.keys != nil {
				var verr *validation.Error
				require.ErrorAs(t, err, &verr)
				assert.Equal(t, tc.keys, verr.Keys())
				assert.Empty(t, g.Resources, "nothing registered")
				return
			}
			require.NoError(t, err)
			ws := g.Find("azure-native:operationalinsights:Workspace", "logs-law")
			require.NotNil(t, ws)
			v, _ := ws.Input("retentionInDays")
			assert.Equal(t, float64(90), v.NumberValue(), "prod default")
		})
	}
}
