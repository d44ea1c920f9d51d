package frontdoor

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// TestContract is the component contract: nil args, a partial spec defaulted on a copy, an
// invalid spec rejected with config keys before anything is registered.
func TestContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*FrontDoorArgs]{
		Token: ComponentType,
		Stack: "prod",
		New:   contracttest.Build(NewFrontDoor, "fd"),
		Copy:  func(a *FrontDoorArgs) any { return specCopy(a.Spec) },
		Partial: func(contracttest.Env) *FrontDoorArgs {
			return &FrontDoorArgs{Production: true, Spec: Spec{HostName: host, DNSZone: zone()}, ResourceGroupName: pulumi.String("rg"),
				LogAnalyticsWorkspaceID: pulumi.String(globalWorkspace)}
		},
		Defaults: func(t *testing.T, g *plan.Graph) {
			p := g.Find(tProfile, "fd-profile")
			require.NotNil(t, p)
			assert.Equal(t, string(Premium), p.String("sku.name"), "the prod default")
		},
		Invalid: []contracttest.Invalid[*FrontDoorArgs]{
			{Name: "dev is off unless enabled", Args: func(contracttest.Env) *FrontDoorArgs {
				return &FrontDoorArgs{Spec: Spec{HostName: host}, ResourceGroupName: pulumi.String("rg")}
			}, Keys: []string{"enabled"}},
			{Name: "invalid spec", Args: func(contracttest.Env) *FrontDoorArgs {
				return &FrontDoorArgs{Production: true, Spec: Spec{HostName: "https://www.example.com", DNSZone: &DNSZone{Name: "example.com"}},
					ResourceGroupName: pulumi.String("rg")}
			}, Keys: []string{"dnsZone.resourceGroup", "hostName", "logAnalyticsWorkspaceId"}},
		},
	})
}

// specCopy copies s with what its pointers point to, so that a change to either shows.
func specCopy(s Spec) Spec {
	if s.Enabled != nil {
		s.Enabled = new(*s.Enabled)
	}
	if s.DNSZone != nil {
		s.DNSZone = new(*s.DNSZone)
	}
	return s
}

func TestInvalidArgs(t *testing.T) {
	valid := func() *FrontDoorArgs {
		return &FrontDoorArgs{Production: true, Spec: Spec{HostName: host}, ResourceGroupName: pulumi.String("rg-global"),
			LogAnalyticsWorkspaceID: pulumi.String(globalWorkspace)}
	}
	require.NoError(t, valid().Validate())
	for _, tc := range []struct {
		name   string
		mutate func(*FrontDoorArgs)
		keys   []string
	}{
		{"probe interval out of range", func(a *FrontDoorArgs) { a.Spec.HealthProbeIntervalSeconds = 300 }, []string{"healthProbeIntervalSeconds"}},
		{"Detection in prod", func(a *FrontDoorArgs) { a.Spec.WAFMode = Detection }, []string{"wafMode"}},
		{"bad sku", func(a *FrontDoorArgs) { a.Spec.SKU = "Premium" }, []string{"sku"}},
		{"no host name", func(a *FrontDoorArgs) { a.Spec.HostName = "" }, []string{"hostName"}},
		{"disabled", func(a *FrontDoorArgs) { a.Spec.Enabled = new(false) }, []string{"enabled"}},
		{"no workspace in prod", func(a *FrontDoorArgs) { a.LogAnalyticsWorkspaceID = nil }, []string{"logAnalyticsWorkspaceId"}},
		{"disabled by the dev default", func(a *FrontDoorArgs) { a.Production = false }, []string{"enabled"}},
		{"no resource group", func(a *FrontDoorArgs) { a.ResourceGroupName = nil }, []string{"resourceGroupName"}},
		{"every problem at once", func(a *FrontDoorArgs) {
			a.Spec = Spec{SKU: "Gold", WAFMode: Detection}
			a.ResourceGroupName = nil
		}, []string{"hostName", "resourceGroupName", "sku", "wafMode"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.mutate(a)
			var verr *validation.Error
			require.True(t, errors.As(a.Validate(), &verr), "want *validation.Error")
			assert.Equal(t, tc.keys, verr.Keys())
			g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				_, err := NewFrontDoor(ctx, "fd", a)
				return err
			})
			require.Error(t, err)
			assert.Empty(t, g.Resources, "nothing registered from invalid args")
		})
	}
}
