package registry

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const tRegistry = "azure-native:containerregistry:Registry"

// Export and retention follow the SKU and network: every environment that can lock exports and
// keep untagged manifests short does, by default.
func TestDataProtectionDefaults(t *testing.T) {
	for _, tc := range []struct {
		name      string
		prod      bool
		spec      Spec
		export    bool
		retention int
	}{
		{"dev Standard: neither is offered", false, Spec{}, true, 0},
		{"dev Premium public: retention only", false, Spec{SKU: Premium}, true, 7},
		{"dev Premium private: both", false, Spec{SKU: Premium, PublicNetworkAccess: new(false)}, false, 7},
		{"prod: both", true, Spec{}, false, 7},
		{"explicit values kept", true, Spec{UntaggedRetentionDays: 30}, false, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.prod)
			assert.Equal(t, tc.export, *s.ExportEnabled)
			assert.Equal(t, tc.retention, s.UntaggedRetentionDays)
			assert.NoError(t, s.Validate(tc.prod))
		})
	}
}

func TestDataProtectionRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prod   bool
		spec   Spec
		key    string
		reason string
	}{
		{"export on in prod", true, Spec{ExportEnabled: new(true)}, "exportEnabled", "must be false in production"},
		{"export off on Standard", false, Spec{SKU: Standard, ExportEnabled: new(false)}, "exportEnabled", "needs the Premium SKU (sku is Standard)"},
		{"export off while public", false, Spec{SKU: Premium, ExportEnabled: new(false)}, "exportEnabled", "needs publicNetworkAccess false"},
		{"retention on Standard", false, Spec{SKU: Standard, UntaggedRetentionDays: 7}, "untaggedRetentionDays", "Premium feature"},
		{"retention too long", true, Spec{UntaggedRetentionDays: 366}, "untaggedRetentionDays", "1-365"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.prod)
			var verr *validation.Error
			require.True(t, errors.As(s.Validate(tc.prod), &verr))
			assert.Equal(t, []string{tc.key}, verr.Keys())
			assert.Contains(t, verr.Error(), tc.reason)
		})
	}
}

// The policies reach the registry's inputs, and its logs go to the workspace.
func TestPoliciesAndDiagnostics(t *testing.T) {
	g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		_, err := NewRegistry(ctx, "acr", args(true))
		return err
	})
	require.NoError(t, err)
	reg := g.Find(tRegistry, "acr-acr")
	require.NotNil(t, reg)
	assert.Equal(t, "disabled", reg.String("policies.exportPolicy.status"))
	assert.Equal(t, "enabled", reg.String("policies.retentionPolicy.status"))
	days, _ := reg.Input("policies.retentionPolicy.days")
	assert.Equal(t, 7.0, days.NumberValue())
	_, anonymous := reg.Input("anonymousPullEnabled")
	assert.False(t, anonymous, "never set: Azure's default is off")

	diag := g.Find("azure-native:insights:DiagnosticSetting", "acr-diag")
	require.NotNil(t, diag)
	assert.Equal(t, g.Find(ComponentType, "acr").URN, diag.Parent)
	assert.Equal(t, reg.ID, diag.String("resourceUri"))
	assert.Equal(t, workspace, diag.String("workspaceId"))
	assert.Equal(t, "ContainerRegistryRepositoryEvents", diag.String("logs[0].category"))

	dev, err := plan.Run("aks-platform", "dev", func(ctx *pulumi.Context) error {
		a := args(false)
		a.LogAnalyticsWorkspaceID = nil
		_, err := NewRegistry(ctx, "acr", a)
		return err
	})
	require.NoError(t, err)
	reg = dev.Find(tRegistry, "acr-acr")
	assert.Equal(t, "enabled", reg.String("policies.exportPolicy.status"), "Standard cannot lock exports")
	_, retention := reg.Input("policies.retentionPolicy")
	assert.False(t, retention, "no retention policy on Standard")
	assert.Empty(t, dev.ByType("azure-native:insights:DiagnosticSetting"), "no workspace, no setting (dev only)")

	prod := args(true)
	prod.LogAnalyticsWorkspaceID = nil
	var verr *validation.Error
	require.True(t, errors.As(prod.Validate(), &verr))
	assert.Equal(t, []string{"logAnalyticsWorkspaceId"}, verr.Keys())
}
