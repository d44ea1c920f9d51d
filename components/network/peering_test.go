package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

const tPeering = "azure-native:network:VirtualNetworkPeering"

func peeringArgs() *PeeringArgs {
	return &PeeringArgs{
		HubVNetName:            pulumi.String("vnet-hub"),
		HubVNetID:              pulumi.String("/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"),
		HubResourceGroupName:   pulumi.String("rg-hub"),
		SpokeVNetName:          pulumi.String("vnet-spoke"),
		SpokeVNetID:            pulumi.String("/subscriptions/s/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke"),
		SpokeResourceGroupName: pulumi.String("rg-spoke"),
	}
}

func TestPeering(t *testing.T) {
	for _, transit := range []bool{false, true} {
		name := "without gateway transit"
		if transit {
			name = "with gateway transit"
		}
		t.Run(name, func(t *testing.T) {
			args := peeringArgs()
			args.GatewayTransit = transit
			g := runPlan(t, func(ctx *pulumi.Context) error {
				_, err := NewPeering(ctx, "peer", args)
				return err
			})
			requireChildrenOf(t, g, "aksplatform:network:Peering")
			require.Len(t, g.ByType(tPeering), 2)
			hub, spoke := find(t, g, tPeering, "peer-hub-to-spoke"), find(t, g, tPeering, "peer-spoke-to-hub")
			for _, tc := range []struct {
				side                     *plan.Resource
				rg, vnet, remote         string
				gatewayTransit, remoteGW bool
			}{
				{hub, "rg-hub", "vnet-hub", "vnet-spoke", transit, false},
				{spoke, "rg-spoke", "vnet-spoke", "vnet-hub", false, transit},
			} {
				r := tc.side
				require.Equal(t, tc.rg, r.String("resourceGroupName"), r.Name)
				require.Equal(t, tc.vnet, r.String("virtualNetworkName"), r.Name)
				require.Contains(t, r.String("remoteVirtualNetwork.id"), "/virtualNetworks/"+tc.remote)
				for path, want := range map[string]bool{
					"allowVirtualNetworkAccess": true,
					"allowForwardedTraffic":     true,
					"allowGatewayTransit":       tc.gatewayTransit,
					"useRemoteGateways":         tc.remoteGW,
				} {
					got, set := flag(r, path)
					require.True(t, set, "%s %s is set", r.Name, path)
					require.Equal(t, want, got, "%s %s", r.Name, path)
				}
			}
			require.True(t, dependsOn(spoke, hub), "the spoke side waits for the hub side")
		})
	}
}

func TestPeeringInvalidRegistersNothing(t *testing.T) {
	args := peeringArgs()
	args.HubVNetID, args.SpokeResourceGroupName = nil, nil
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		_, err := NewPeering(ctx, "peer", args)
		return err
	})
	requireProblems(t, err, "hubVNetId", "spokeResourceGroupName")
	require.Empty(t, g.Resources)
}
