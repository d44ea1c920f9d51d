package stacks

import (
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	platformnet "github.com/aksplatform/platform/components/network"
)

// OperatorAccessType is the type token of the global component that lets the operator hub's
// management subnet (management.region) reach every other region's private API server.
const OperatorAccessType = "aksplatform:stacks:OperatorAccess"

// OperatorAccess holds, for every region but the operator's, the peering between the operator
// hub and the region's spoke and the link of the region's API server zone to the operator hub.
type OperatorAccess struct {
	pulumi.ResourceState
}

// newOperatorAccess registers the operator's path into the other regions. VNet peering is not
// transitive: the operator hub's management subnet, where CI runs `pulumi up`, reaches its own
// region's spoke only. So each other region's spoke is peered with the operator hub directly,
// and its cluster's privatelink.<region>.azmk8s.io zone is linked to the operator hub VNet, so
// runners there resolve and reach every API server. The spoke's node subnet admits the
// operator's management prefix (Global.ManagementPrefix), and the more specific peering route
// carries the replies past the spoke's default route through its own firewall.
// https://learn.microsoft.com/azure/aks/private-clusters#hub-and-spoke-with-custom-dns
// It sees two regions at once, so it lives outside every Region component, like Front Door:
// no region depends on another. Nothing is registered with a single region.
func newOperatorAccess(ctx *pulumi.Context, env *Environment, regions map[string]*Region) error {
	op := regions[env.Management.Region]
	if op == nil || len(regions) < 2 {
		return nil
	}
	c := &OperatorAccess{}
	if err := ctx.RegisterComponentResource(OperatorAccessType, env.Name+"-operator-access", c); err != nil {
		return err
	}
	for _, spec := range env.Regions {
		r := regions[spec.Location]
		if spec.Location == env.Management.Region {
			continue
		}
		name := env.regionName(spec.Location) + "-operator"
		if _, err := platformnet.NewPeering(ctx, name+"-peering", &platformnet.PeeringArgs{
			HubVNetName:            op.Hub.VNetName,
			HubVNetID:              op.Hub.VNetID,
			HubResourceGroupName:   op.HubResourceGroupName,
			SpokeVNetName:          r.Spoke.VNetName,
			SpokeVNetID:            r.Spoke.VNetID,
			SpokeResourceGroupName: r.SpokeResourceGroupName,
		}, pulumi.Parent(c)); err != nil {
			return err
		}
		zone := r.Cluster.PrivateDNSZone
		if zone == nil {
			continue // a public API server needs no zone
		}
		if _, err := network.NewVirtualNetworkLink(ctx, name+"-api-dns-link", &network.VirtualNetworkLinkArgs{
			ResourceGroupName:   r.SpokeResourceGroupName,
			PrivateZoneName:     zone.ZoneName,
			Location:            pulumi.String("global"),
			RegistrationEnabled: pulumi.Bool(false),
			VirtualNetwork:      &network.SubResourceArgs{Id: op.Hub.VNetID},
			Tags:                env.tags(spec.Location),
		}, pulumi.Parent(c), pulumi.DependsOn(zone.Resources)); err != nil {
			return err
		}
	}
	return ctx.RegisterResourceOutputs(c, pulumi.Map{})
}
