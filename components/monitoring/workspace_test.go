package monitoring

import (
	"errors"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

func TestDefaults(t *testing.T) {
	for _, tc := range []struct {
		prod bool
		want Spec
	}{
		{false, Spec{RetentionDays: 30, SKU: PerGB2018}},
		{true, Spec{RetentionDays: 90, SKU: PerGB2018}},
	} {
		var s Spec
		s.SetDefaults(tc.prod)
		assert.Equal(t, tc.want, Spec{RetentionDays: s.RetentionDays, SKU: s.SKU})
		assert.NoError(t, s.validateWorkspace())
	}
	s := Spec{RetentionDays: 365}
	s.SetDefaults(true)
	assert.Equal(t, 365, s.RetentionDays, "explicit values stay")
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec Spec
		key  string
	}{
		{"retention too short", Spec{RetentionDays: 7}, "retentionDays"},
		{"retention too long", Spec{RetentionDays: 1000}, "retentionDays"},
		{"legacy SKU", Spec{SKU: "Free"}, "sku"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(false)
			err := s.Validate(false)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Equal(t, []string{tc.key}, verr.Keys())
		})
	}
}

func TestNewWorkspace(t *testing.T) {
	var (
		mu       sync.Mutex
		customer string
	)
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		w, err := NewWorkspace(ctx, "prod-weu-logs", &WorkspaceArgs{
			Production:        true,
			ResourceGroupName: pulumi.String("rg-platform"),
			Location:          pulumi.String("westeurope"),
			Tags:              pulumi.StringMap{"owner": pulumi.String("platform")},
		})
		if err != nil {
			return err
		}
		w.CustomerID.ApplyT(func(v string) string {
			mu.Lock()
			defer mu.Unlock()
			customer = v
			return v
		})
		return nil
	})
	require.NoError(t, err)
	comp := g.Find(ComponentType, "prod-weu-logs")
	require.NotNil(t, comp)
	ws := g.Find("azure-native:operationalinsights:Workspace", "prod-weu-logs-law")
	require.NotNil(t, ws)
	assert.Equal(t, comp.URN, ws.Parent)
	assert.Equal(t, "PerGB2018", ws.String("sku.name"))
	v, ok := ws.Input("retentionInDays")
	require.True(t, ok)
	assert.Equal(t, float64(90), v.NumberValue())
	assert.Equal(t, "westeurope", ws.String("location"))
	assert.Equal(t, "platform", ws.String("tags.owner"))
	assert.Equal(t, ws.Outputs["customerId"].StringValue(), customer)
	assert.NotEmpty(t, customer)
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		args *WorkspaceArgs
	}{
		{"bad retention", &WorkspaceArgs{Spec: Spec{RetentionDays: 5}, ResourceGroupName: pulumi.String("rg"), Location: pulumi.String("westeurope")}},
		{"no resource group", &WorkspaceArgs{Location: pulumi.String("westeurope")}},
		{"nil args", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
				_, err := NewWorkspace(ctx, "logs", tc.args)
				return err
			})
			require.Error(t, err)
			assert.Empty(t, g.Resources)
		})
	}
}
