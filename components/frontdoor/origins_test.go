package frontdoor

import (
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

func prodArgs() *FrontDoorArgs {
	return &FrontDoorArgs{Production: true, Spec: Spec{HostName: host, DNSZone: zone()}, ResourceGroupName: pulumi.String("rg-global"),
		LogAnalyticsWorkspaceID: pulumi.String(globalWorkspace)}
}

// TestFrontDoorIDBeforeOrigins builds in the stacks' order: the front door's first phase, a
// region that locks its ingress to FrontDoorID, then the origins pointing at that ingress.
func TestFrontDoorIDBeforeOrigins(t *testing.T) {
	for _, tc := range []struct {
		name       string
		addOrigins bool
		want       []string // resource types registered besides the region's
	}{
		{"first phase only", false, []string{ComponentType, tProfile, tDiagnostic, tEndpoint, tDomain, tRecord, tRecord, tGroup, tWAF, tSecurity}},
		{"both phases", true, []string{ComponentType, tProfile, tDiagnostic, tEndpoint, tDomain, tRecord, tRecord, tGroup, tWAF, tSecurity, tRecord, tOrigin, tRoute}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				fd, err := NewFrontDoor(ctx, "fd", prodArgs())
				if err != nil {
					return err
				}
				region, err := network.NewPublicIPAddress(ctx, "weu-ingress-pip", &network.PublicIPAddressArgs{
					ResourceGroupName: pulumi.String("rg-weu"),
					Tags:              pulumi.StringMap{"frontDoorId": fd.FrontDoorID},
				})
				if err != nil || !tc.addOrigins {
					return err
				}
				return fd.AddOrigins(ctx, []Origin{{Region: "westeurope", Address: region.IpAddress.Elem()}})
			})
			require.NoError(t, err)
			var types []string
			for _, r := range g.Resources {
				if r.Name != "weu-ingress-pip" {
					types = append(types, r.Type)
				}
			}
			assert.ElementsMatch(t, tc.want, types)

			profile := g.Find(tProfile, "fd-profile")
			region := g.Find("azure-native:network:PublicIPAddress", "weu-ingress-pip")
			require.NotNil(t, profile)
			require.NotNil(t, region)
			assert.Equal(t, profile.Outputs["frontDoorId"].StringValue(), region.String("tags.frontDoorId"))
			assert.Contains(t, region.Dependencies, profile.URN, "the region waits for the front door's ID")
			if !tc.addOrigins {
				return
			}
			origin := g.Find(tOrigin, "fd-origin-westeurope")
			require.NotNil(t, origin)
			record := g.Find(tRecord, "fd-origin-westeurope-a")
			require.NotNil(t, record)
			assert.Contains(t, record.Dependencies, region.URN, "the origin's A record holds the region's ingress address")
			assert.Contains(t, origin.Dependencies, record.URN, "the origin waits for its name to resolve")
			assert.Equal(t, g.Find(ComponentType, "fd").URN, origin.Parent)
			assert.Contains(t, g.Find(tRoute, "fd-route").Dependencies, origin.URN)
		})
	}
}

func TestAddOriginsInvalid(t *testing.T) {
	addr := pulumi.String(weuIP)
	valid := func() []Origin {
		return []Origin{{Region: "westeurope", Address: addr}, {Region: "northeurope", Address: addr}}
	}
	spec := prodArgs().spec()
	require.NoError(t, validateOrigins(spec, valid()))
	for _, tc := range []struct {
		name   string
		mutate func([]Origin) []Origin
		keys   []string
	}{
		{"no origins", func([]Origin) []Origin { return nil }, []string{"origins"}},
		{"duplicate regions", func(o []Origin) []Origin { o[1].Region = "westeurope"; return o }, []string{"origins[1].region"}},
		{"region display name", func(o []Origin) []Origin { o[0].Region = "West Europe"; return o }, []string{"origins[0].region"}},
		{"no region", func(o []Origin) []Origin { o[0].Region = ""; return o }, []string{"origins[0].region"}},
		{"origin name not a DNS name", func(o []Origin) []Origin { o[0].Region = strings.Repeat("a", 64); return o }, []string{"origins[0].region"}},
		{"no address", func(o []Origin) []Origin { o[1].Address = nil; return o }, []string{"origins[1].address"}},
		{"priority out of range", func(o []Origin) []Origin { o[0].Priority = 6; return o }, []string{"origins[0].priority"}},
		{"weight out of range", func(o []Origin) []Origin { o[1].Weight = 1001; return o }, []string{"origins[1].weight"}},
		{"every region drained", func(o []Origin) []Origin { o[0].Drained, o[1].Drained = true, true; return o }, []string{"origins"}},
		{"every problem at once", func(o []Origin) []Origin {
			o[0].Weight, o[1].Region, o[1].Address = -1, "westeurope", nil
			return o
		}, []string{"origins[0].weight", "origins[1].address", "origins[1].region"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			origins := tc.mutate(valid())
			var first error
			g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				fd, err := NewFrontDoor(ctx, "fd", prodArgs())
				if err != nil {
					return err
				}
				first = fd.AddOrigins(ctx, origins)
				return nil
			})
			require.NoError(t, err)
			var verr *validation.Error
			require.True(t, errors.As(first, &verr), "want *validation.Error, got %v", first)
			assert.Equal(t, tc.keys, verr.Keys())
			assert.Empty(t, g.ByType(tOrigin), "no origin from invalid origins")
			assert.Empty(t, g.ByType(tRoute), "no route from invalid origins")

			g, err = plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				fd, err := NewFrontDoor(ctx, "fd", prodArgs())
				if err != nil {
					return err
				}
				_ = fd.AddOrigins(ctx, origins)
				return fd.AddOrigins(ctx, valid())
			})
			require.NoError(t, err, "a rejected call registers nothing, so it may be retried")
			assert.Len(t, g.ByType(tOrigin), 2)
		})
	}
}

func TestAddOriginsTwice(t *testing.T) {
	var second error
	g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		fd, err := NewFrontDoor(ctx, "fd", prodArgs())
		if err != nil {
			return err
		}
		if err := fd.AddOrigins(ctx, []Origin{{Region: "westeurope", Address: pulumi.String(weuIP)}}); err != nil {
			return err
		}
		second = fd.AddOrigins(ctx, []Origin{{Region: "northeurope", Address: pulumi.String(weuIP)}})
		return nil
	})
	require.NoError(t, err)
	assert.ErrorContains(t, second, "called already")
	assert.Len(t, g.ByType(tOrigin), 1, "the second call registers nothing")
	assert.Len(t, g.ByType(tRoute), 1, "the route, once")
}

func TestAddOriginsWithoutNewFrontDoor(t *testing.T) {
	_, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		return (&FrontDoor{}).AddOrigins(ctx, []Origin{{Region: "westeurope", Address: pulumi.String(weuIP)}})
	})
	assert.ErrorContains(t, err, "needs a front door from NewFrontDoor")
}
