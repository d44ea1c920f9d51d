package aks

import (
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/rbac"
)

// controlPlaneIdentity registers the control plane's user-assigned identity and what it may
// do before the cluster exists: Network Contributor on the node subnet (join it, place internal
// load balancers) and on the route table (kubenet writes pod routes; UDR egress reads it).
// A user-assigned identity, unlike a system-assigned one, exists before the cluster, so the
// grants are in place when AKS first needs them, and it is required for a custom private DNS
// zone. It returns the identity and the assignments the cluster must wait for.
func (b *builder) controlPlaneIdentity() (*managedidentity.UserAssignedIdentity, []pulumi.Resource, error) {
	id, err := managedidentity.NewUserAssignedIdentity(b.ctx, b.name+"-identity", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: b.args.ResourceGroupName,
		Location:          b.location(),
		Tags:              b.args.Tags,
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	grants := []struct {
		suffix string
		scope  pulumi.StringInput
	}{
		{"-subnet-network-contributor", b.args.NodeSubnetID},
		{"-routes-network-contributor", b.args.RouteTableID},
	}
	var deps []pulumi.Resource
	for _, g := range grants {
		if g.scope == nil {
			continue
		}
		ra, err := rbac.Assign(b.ctx, b.name+g.suffix, rbac.Assignment{
			Role:        rbac.NetworkContributor,
			Scope:       g.scope,
			PrincipalID: id.PrincipalId,
		}, b.parent)
		if err != nil {
			return nil, nil, err
		}
		deps = append(deps, ra)
	}
	return id, deps, nil
}

// apiServerAccess returns the API server access profile. A private cluster gets a custom
// privatelink.<region>.azmk8s.io zone linked to the hub and spoke VNets, so that both resolve
// the API server (the AKS-managed zone would be linked to the cluster VNet only), with Private
// DNS Zone Contributor for the control plane identity. A public API server is limited to the
// authorized ranges plus the hub firewall's egress IP, through which the nodes reach it.
func (b *builder) apiServerAccess(principalID pulumi.StringInput) (*containerservice.ManagedClusterAPIServerAccessProfileArgs, []pulumi.Resource, error) {
	s := b.spec
	if !s.PrivateCluster {
		ranges := pulumi.StringArray{}
		for _, r := range s.AuthorizedIPRanges {
			ranges = append(ranges, pulumi.String(r.String()))
		}
		if len(ranges) > 0 && b.args.FirewallEgressIP != nil {
			ranges = append(ranges, pulumi.Sprintf("%s/32", b.args.FirewallEgressIP))
		}
		profile := &containerservice.ManagedClusterAPIServerAccessProfileArgs{EnablePrivateCluster: pulumi.Bool(false)}
		if len(ranges) > 0 {
			profile.AuthorizedIPRanges = ranges
		}
		return profile, nil, nil
	}
	zone, err := network.NewPrivateDNSZone(b.ctx, b.name+"-api-dns", &network.PrivateDNSZoneArgs{
		ResourceGroupName: b.args.ResourceGroupName,
		ZoneName:          network.AKSPrivateZone(b.args.LocationName),
		Links:             network.HubSpokeLinks(b.args.HubVNetID, b.args.SpokeVNetID),
		Tags:              b.args.Tags,
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	ra, err := rbac.Assign(b.ctx, b.name+"-dns-zone-contributor", rbac.Assignment{
		Role:        rbac.PrivateDNSZoneContributor,
		Scope:       zone.ZoneID,
		PrincipalID: principalID,
	}, b.parent)
	if err != nil {
		return nil, nil, err
	}
	return &containerservice.ManagedClusterAPIServerAccessProfileArgs{
		EnablePrivateCluster:           pulumi.Bool(true),
		EnablePrivateClusterPublicFQDN: pulumi.Bool(false),
		PrivateDNSZone:                 zone.ZoneID,
	}, []pulumi.Resource{zone, ra}, nil
}
