package frontdoor

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// TestContract is the component contract: nil args, a partial spec defaulted on a copy, an
// invalid spec rejected with config keys before anything is registered.
func TestContract(t *testing.T) {
	for _, tc := range []struct {
		name string
		args func() *FrontDoorArgs
		keys []string // nil: valid
	}{
		{"nil args", func() *FrontDoorArgs { return nil }, []string{ComponentType}},
		{"partial prod spec", func() *FrontDoorArgs {
			return &FrontDoorArgs{Production: true, Spec: Spec{HostName: host, DNSZone: zone()}, ResourceGroupName: pulumi.String("rg")}
		}, nil},
		{"dev is off unless enabled", func() *FrontDoorArgs {
			return &FrontDoorArgs{Spec: Spec{HostName: host}, ResourceGroupName: pulumi.String("rg")}
		}, []string{"enabled"}},
		{"invalid spec", func() *FrontDoorArgs {
			return &FrontDoorArgs{Production: true, Spec: Spec{HostName: "https://www.example.com", DNSZone: &DNSZone{Name: "example.com"}},
				ResourceGroupName: pulumi.String("rg")}
		}, []string{"dnsZone.resourceGroup", "hostName"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args()
			var before FrontDoorArgs
			var zoneBefore DNSZone
			if args != nil {
				before = *args
				if args.Spec.DNSZone != nil {
					zoneBefore = *args.Spec.DNSZone
				}
			}
			g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				_, err := NewFrontDoor(ctx, "fd", args)
				return err
			})
			if args != nil {
				assert.Equal(t, before.Spec.Enabled, args.Spec.Enabled, "the caller's spec is not defaulted")
				assert.Equal(t, before.Spec.SKU, args.Spec.SKU)
				assert.Equal(t, before.Spec.Certificate, args.Spec.Certificate)
				if args.Spec.DNSZone != nil {
					assert.Equal(t, zoneBefore, *args.Spec.DNSZone)
				}
			}
			if tc.keys == nil {
				require.NoError(t, err)
				p := g.Find(tProfile, "fd-profile")
				require.NotNil(t, p)
				assert.Equal(t, string(Premium), p.String("sku.name"), "the prod default")
				return
			}
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Equal(t, tc.keys, verr.Keys())
			assert.Empty(t, g.Resources, "nothing registered")
		})
	}
}

func TestInvalidArgs(t *testing.T) {
	valid := func() *FrontDoorArgs {
		return &FrontDoorArgs{Production: true, Spec: Spec{HostName: host}, ResourceGroupName: pulumi.String("rg-global")}
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
