package aks

import (
	"slices"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/rbac"
)

// controlPlaneIdentity registers the control plane's user-assigned identity and what it may
// do before the cluster exists: Network Contributor on the node subnet (join it, place internal
// load balancers) and on the route table (kubenet writes pod routes; UDR egress reads it).
// A private cluster with our custom private DNS zone also needs Network Contributor on the
// spoke VNet: AKS creates the zone's virtual network link to the cluster's VNet itself, even
// when the zone is already linked (learn.microsoft.com/azure/aks/private-clusters, "Hub and
// spoke with custom DNS" and "Custom private DNS zone": a user-assigned identity with Private
// DNS Zone Contributor and Network Contributor). The VNet is the narrowest scope that holds
// the link's target; the zone role stays on the zone alone (apiServerAccess), not its group.
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
	type grant struct {
		suffix string
		scope  pulumi.StringInput
	}
	grants := []grant{
		{"-subnet-network-contributor", b.args.NodeSubnetID},
		{"-routes-network-contributor", b.args.RouteTableID},
	}
	if b.spec.PrivateCluster {
		grants = append(grants, grant{"-vnet-network-contributor", b.args.SpokeVNetID})
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
// authorized ranges plus the hub firewall's egress IPs, through which the nodes reach it.
func (b *builder) apiServerAccess(principalID pulumi.StringInput) (*containerservice.ManagedClusterAPIServerAccessProfileArgs, []pulumi.Resource, error) {
	s := b.spec
	if !s.PrivateCluster {
		profile := &containerservice.ManagedClusterAPIServerAccessProfileArgs{EnablePrivateCluster: pulumi.Bool(false)}
		if len(s.AuthorizedIPRanges) == 0 {
			return profile, nil, nil
		}
		var ranges []string
		for _, r := range s.AuthorizedIPRanges {
			ranges = append(ranges, r.String())
		}
		if b.args.FirewallEgressIPs == nil {
			profile.AuthorizedIPRanges = pulumi.ToStringArray(ranges)
			return profile, nil, nil
		}
		profile.AuthorizedIPRanges = b.args.FirewallEgressIPs.ToStringArrayOutput().ApplyT(func(ips []string) []string {
			out := slices.Clone(ranges)
			for _, ip := range ips {
				out = append(out, ip+"/32")
			}
			return out
		}).(pulumi.StringArrayOutput)
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
	b.zone = zone
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
	}, append(slices.Clone(zone.Resources), ra), nil
}

// deployerAccess grants the identity that deploys the platform Kubernetes access on the new
// cluster: local accounts are off and Azure RBAC authorizes every Kubernetes request, so
// without it every Helm release and Kubernetes object of the platform is forbidden
// (learn.microsoft.com/azure/aks/manage-azure-rbac). The role is Azure Kubernetes Service
// RBAC Cluster Admin on the cluster: the platform installs cluster-scoped objects (CRDs,
// ClusterRoles and their bindings, namespaces), which RBAC Admin (namespace-level, no writes
// to namespaces or resource quotas) and RBAC Writer (no roles or bindings) cannot create;
// scoping it to the cluster, not its resource group or subscription, is the narrowest grant.
// The grantee is deployerGroupObjectId when set (a group whose members run `pulumi up`),
// otherwise the principal running Pulumi, read from the Azure client config at deploy time;
// its principal type is left to Azure because that principal may be a user or a service
// principal.
func (b *builder) deployerAccess(clusterID pulumi.StringInput) (pulumi.Resource, error) {
	a := rbac.Assignment{Role: rbac.AKSRBACClusterAdmin, Scope: clusterID}
	if id := b.spec.DeployerGroupObjectID; id != "" {
		a.PrincipalID, a.PrincipalType = pulumi.String(id), rbac.Group
	} else {
		a.PrincipalID = authorization.GetClientConfigOutput(b.ctx, b.parent).ObjectId()
		a.PrincipalType = rbac.AnyPrincipal
	}
	return rbac.Assign(b.ctx, b.name+"-deployer-cluster-admin", a, b.parent)
}
