package network

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// PeeringType is the type token of the Peering component.
const PeeringType = "aksplatform:network:Peering"

// PeeringArgs names the hub and spoke VNets to peer. The hub and the spoke may live in
// different resource groups.
type PeeringArgs struct {
	// HubVNetName, HubVNetID and HubResourceGroupName identify the hub VNet.
	HubVNetName          pulumi.StringInput
	HubVNetID            pulumi.StringInput
	HubResourceGroupName pulumi.StringInput

	// SpokeVNetName, SpokeVNetID and SpokeResourceGroupName identify the spoke VNet.
	SpokeVNetName          pulumi.StringInput
	SpokeVNetID            pulumi.StringInput
	SpokeResourceGroupName pulumi.StringInput

	// GatewayTransit lets the spoke use the hub's VPN / ExpressRoute gateway. Leave it false
	// until the hub has a gateway: Azure rejects useRemoteGateways without one.
	GatewayTransit bool
}

// Peering is the pair of VNet peerings (hub to spoke and spoke to hub) that joins a spoke to
// its hub; traffic flows only when both directions exist.
type Peering struct {
	pulumi.ResourceState

	// HubToSpokeID and SpokeToHubID are the IDs of the two peerings.
	HubToSpokeID pulumi.StringOutput
	SpokeToHubID pulumi.StringOutput
}

// NewPeering registers the hub-to-spoke peering and then the spoke-to-hub one: with gateway
// transit, the spoke side needs the hub side's allowGatewayTransit in place first.
func NewPeering(ctx *pulumi.Context, name string, args *PeeringArgs, opts ...pulumi.ResourceOption) (*Peering, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	p := &Peering{}
	if err := ctx.RegisterComponentResource(PeeringType, name, p, opts...); err != nil {
		return nil, err
	}
	hubSide, err := newPeeringSide(ctx, name+"-hub-to-spoke", &network.VirtualNetworkPeeringArgs{
		ResourceGroupName:    args.HubResourceGroupName,
		VirtualNetworkName:   args.HubVNetName,
		RemoteVirtualNetwork: &network.SubResourceArgs{Id: args.SpokeVNetID},
		AllowGatewayTransit:  pulumi.Bool(args.GatewayTransit),
		UseRemoteGateways:    pulumi.Bool(false),
	}, pulumi.Parent(p))
	if err != nil {
		return nil, err
	}
	spokeSide, err := newPeeringSide(ctx, name+"-spoke-to-hub", &network.VirtualNetworkPeeringArgs{
		ResourceGroupName:    args.SpokeResourceGroupName,
		VirtualNetworkName:   args.SpokeVNetName,
		RemoteVirtualNetwork: &network.SubResourceArgs{Id: args.HubVNetID},
		AllowGatewayTransit:  pulumi.Bool(false),
		UseRemoteGateways:    pulumi.Bool(args.GatewayTransit),
	}, pulumi.Parent(p), pulumi.DependsOn([]pulumi.Resource{hubSide}))
	if err != nil {
		return nil, err
	}
	p.HubToSpokeID = idOf(hubSide)
	p.SpokeToHubID = idOf(spokeSide)
	return p, ctx.RegisterResourceOutputs(p, pulumi.Map{
		"hubToSpokeId": p.HubToSpokeID,
		"spokeToHubId": p.SpokeToHubID,
	})
}

// newPeeringSide registers one direction of a peering; both directions let the VNets reach
// each other and accept traffic forwarded by the hub firewall.
func newPeeringSide(ctx *pulumi.Context, name string, a *network.VirtualNetworkPeeringArgs,
	opts ...pulumi.ResourceOption) (*network.VirtualNetworkPeering, error) {
	a.AllowVirtualNetworkAccess = pulumi.Bool(true)
	a.AllowForwardedTraffic = pulumi.Bool(true)
	return network.NewVirtualNetworkPeering(ctx, name, a, opts...)
}
