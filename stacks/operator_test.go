package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

const (
	tPeering = "azure-native:network:VirtualNetworkPeering"
	tLink    = "azure-native:network:VirtualNetworkLink"
	tVNet    = "azure-native:network:VirtualNetwork"
)

// operatorChildren are the custom resources under the OperatorAccess component.
func operatorChildren(g *plan.Graph) []*plan.Resource {
	var out []*plan.Resource
	for _, r := range g.Resources {
		for _, a := range g.Ancestors(r) {
			if a.Type == OperatorAccessType && r.Custom {
				out = append(out, r)
			}
		}
	}
	return out
}

// CI runs in one hub's management subnet (management.region); every other region's spoke is
// peered with that hub and its API server zone linked to it, outside every Region, and every
// node subnet admits that management subnet.
func TestOperatorHubReachesEveryRegion(t *testing.T) {
	for _, tc := range []struct{ operator, other string }{
		{"", "westeurope"}, // the default: regions[0]
		{"westeurope", "northeurope"},
	} {
		t.Run("operator "+tc.operator, func(t *testing.T) {
			env := loadStack(t, "prod")
			if tc.operator != "" {
				env.Management.Region = tc.operator
			}
			operator := env.Management.Region
			assert.NotEqual(t, tc.other, operator)
			g := planEnv(t, env)

			access := g.ByType(OperatorAccessType)
			require.Len(t, access, 1)
			assert.Empty(t, regionOf(g, access[0]), "global, outside every Region")
			children := operatorChildren(g)
			var peerings, links []*plan.Resource
			for _, r := range children {
				switch r.Type {
				case tPeering:
					peerings = append(peerings, r)
				case tLink:
					links = append(links, r)
				}
			}
			require.Len(t, peerings, 2, "both directions, one other region")
			require.Len(t, links, 1)

			opHub := g.Find(tVNet, env.regionName(operator)+"-hub-vnet")
			otherSpoke := g.Find(tVNet, env.regionName(tc.other)+"-spoke-vnet")
			require.NotNil(t, opHub)
			require.NotNil(t, otherSpoke)
			ids := []string{peerings[0].String("remoteVirtualNetwork.id"), peerings[1].String("remoteVirtualNetwork.id")}
			assert.ElementsMatch(t, []string{opHub.ID, otherSpoke.ID}, ids)
			assert.Equal(t, opHub.ID, links[0].String("virtualNetwork.id"))
			assert.Equal(t, "privatelink."+tc.other+".azmk8s.io", links[0].String("privateZoneName"))
			zone := g.Find("azure-native:network:PrivateZone", env.clusterName(tc.other)+"-api-dns-zone")
			require.NotNil(t, zone)
			assert.Contains(t, links[0].Dependencies, zone.URN, "the link waits for the zone itself")

			rp, err := env.AddressPlan()
			require.NoError(t, err)
			op, _ := rp.Region(operator)
			for _, loc := range []string{operator, tc.other} {
				assert.True(t, admits(t, g, env.regionName(loc), op.Hub.Management.Prefix.String()), loc)
			}
		})
	}
}

func TestOperatorRegionMustBeARegion(t *testing.T) {
	env := loadStack(t, "prod")
	env.Management.Region = "eastus"
	assert.Contains(t, problemKeys(t, env.Validate()), "aks-platform:management.region")
}

// A single region needs no operator access: its own hub reaches its spoke.
func TestSingleRegionHasNoOperatorAccess(t *testing.T) {
	env := loadStack(t, "dev")
	assert.Equal(t, env.Regions[0].Location, env.Management.Region)
	g := planEnv(t, env)
	assert.Empty(t, g.ByType(OperatorAccessType))
}
