package network

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// Private DNS zone names of the services the platform reaches over private endpoints.
const (
	ZoneKeyVault = "privatelink.vaultcore.azure.net"
	ZoneRegistry = "privatelink.azurecr.io"
)

// Type tokens of the private DNS zone and private endpoint components.
const (
	PrivateDNSZoneType  = "aksplatform:network:PrivateDNSZone"
	PrivateEndpointType = "aksplatform:network:PrivateEndpoint"
)

// AKSPrivateZone is the private DNS zone of private AKS API servers in location.
func AKSPrivateZone(location string) string {
	return fmt.Sprintf("privatelink.%s.azmk8s.io", location)
}

// PrivateDNSZoneArgs describes a private DNS zone and the VNets that resolve it.
type PrivateDNSZoneArgs struct {
	ResourceGroupName pulumi.StringInput
	ZoneName          string
	// Links maps a short link name ("hub", "spoke") to the ID of the VNet to link.
	Links map[string]pulumi.StringInput
	Tags  pulumi.StringMapInput
}

// HubSpokeLinks returns PrivateDNSZoneArgs.Links for a zone resolved from the hub and the spoke:
// "hub" and "spoke" mapped to their VNet IDs, leaving out either that is nil. Callers that need
// the spoke linked check that it is set in their own Validate.
func HubSpokeLinks(hubVNetID, spokeVNetID pulumi.StringInput) map[string]pulumi.StringInput {
	links := map[string]pulumi.StringInput{}
	if hubVNetID != nil {
		links["hub"] = hubVNetID
	}
	if spokeVNetID != nil {
		links["spoke"] = spokeVNetID
	}
	return links
}

// PrivateDNSZone is a private DNS zone linked to the hub and spoke VNets, so that names of
// private endpoints resolve from both.
type PrivateDNSZone struct {
	pulumi.ResourceState

	ZoneID   pulumi.StringOutput
	ZoneName pulumi.StringOutput
	// Resources are the zone and its VNet links. Depend on them, not on the component: the Go
	// SDK expands DependsOn(component) to the children registered so far, which may not yet
	// include the links, so a dependent could be created before the names resolve.
	Resources []pulumi.Resource
}

// Validate checks the args before anything is registered and returns every problem.
func (a *PrivateDNSZoneArgs) Validate() error {
	if a == nil {
		return validation.Required(PrivateDNSZoneType)
	}
	var ps validation.Problems
	if a.ZoneName == "" {
		ps.Addf("zoneName", "is required (for example %s)", ZoneKeyVault)
	}
	if a.ResourceGroupName == nil {
		ps.Addf("resourceGroupName", "is required")
	}
	for _, k := range slices.Sorted(maps.Keys(a.Links)) {
		if a.Links[k] == nil {
			ps.Addf("links."+k, "needs the ID of the VNet to link")
		}
	}
	return ps.Err()
}

// NewPrivateDNSZone registers the zone (location global) and one link per VNet.
func NewPrivateDNSZone(ctx *pulumi.Context, name string, args *PrivateDNSZoneArgs, opts ...pulumi.ResourceOption) (*PrivateDNSZone, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	z := &PrivateDNSZone{}
	if err := ctx.RegisterComponentResource(PrivateDNSZoneType, name, z, opts...); err != nil {
		return nil, err
	}
	zone, err := network.NewPrivateZone(ctx, name+"-zone", &network.PrivateZoneArgs{
		ResourceGroupName: args.ResourceGroupName,
		PrivateZoneName:   pulumi.String(args.ZoneName),
		Location:          pulumi.String("global"),
		Tags:              args.Tags,
	}, pulumi.Parent(z))
	if err != nil {
		return nil, err
	}
	z.Resources = []pulumi.Resource{zone}
	for _, k := range slices.Sorted(maps.Keys(args.Links)) {
		link, err := network.NewVirtualNetworkLink(ctx, name+"-link-"+k, &network.VirtualNetworkLinkArgs{
			ResourceGroupName:   args.ResourceGroupName,
			PrivateZoneName:     zone.Name,
			Location:            pulumi.String("global"),
			RegistrationEnabled: pulumi.Bool(false),
			VirtualNetwork:      &network.SubResourceArgs{Id: args.Links[k]},
			Tags:                args.Tags,
		}, pulumi.Parent(z))
		if err != nil {
			return nil, err
		}
		z.Resources = append(z.Resources, link)
	}
	z.ZoneID = zone.ID().ToStringOutput()
	z.ZoneName = zone.Name
	return z, ctx.RegisterResourceOutputs(z, pulumi.Map{"zoneId": z.ZoneID, "zoneName": z.ZoneName})
}

// PrivateEndpointArgs connects one Azure resource into a subnet and registers its name in a
// private DNS zone.
type PrivateEndpointArgs struct {
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	SubnetID          pulumi.StringInput
	// TargetID is the resource to reach privately; GroupID its sub-resource ("vault", "registry").
	TargetID pulumi.StringInput
	GroupID  string
	// DNSZoneID is the private DNS zone that receives the endpoint's A record.
	DNSZoneID pulumi.StringInput
	Tags      pulumi.StringMapInput
}

// Validate checks the args before anything is registered and returns every problem.
func (a *PrivateEndpointArgs) Validate() error {
	if a == nil {
		return validation.Required(PrivateEndpointType)
	}
	var ps validation.Problems
	if a.GroupID == "" {
		ps.Addf("groupId", "is required (for example vault or registry)")
	}
	for _, f := range []struct {
		key string
		v   pulumi.StringInput
	}{
		{"subnetId", a.SubnetID},
		{"targetId", a.TargetID},
		{"dnsZoneId", a.DNSZoneID},
		{"resourceGroupName", a.ResourceGroupName},
	} {
		if f.v == nil {
			ps.Addf(f.key, "is required")
		}
	}
	return ps.Err()
}

// PrivateEndpoint is a private endpoint plus the DNS zone group that keeps its A record in the
// private zone; the pair every private service in the platform needs.
type PrivateEndpoint struct {
	pulumi.ResourceState

	EndpointID pulumi.StringOutput
}

// NewPrivateEndpoint registers the endpoint and its DNS zone group.
func NewPrivateEndpoint(ctx *pulumi.Context, name string, args *PrivateEndpointArgs, opts ...pulumi.ResourceOption) (*PrivateEndpoint, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	p := &PrivateEndpoint{}
	if err := ctx.RegisterComponentResource(PrivateEndpointType, name, p, opts...); err != nil {
		return nil, err
	}
	pe, err := network.NewPrivateEndpoint(ctx, name+"-pe", &network.PrivateEndpointArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		Subnet:            &network.SubnetTypeArgs{Id: args.SubnetID},
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{
			&network.PrivateLinkServiceConnectionArgs{
				Name:                 pulumi.String(name + "-connection"),
				PrivateLinkServiceId: args.TargetID,
				GroupIds:             pulumi.StringArray{pulumi.String(args.GroupID)},
			},
		},
		Tags: args.Tags,
	}, pulumi.Parent(p))
	if err != nil {
		return nil, err
	}
	if _, err := network.NewPrivateDnsZoneGroup(ctx, name+"-dns", &network.PrivateDnsZoneGroupArgs{
		ResourceGroupName:       args.ResourceGroupName,
		PrivateEndpointName:     pe.Name,
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{
			&network.PrivateDnsZoneConfigArgs{
				Name:             pulumi.String(args.GroupID),
				PrivateDnsZoneId: args.DNSZoneID,
			},
		},
	}, pulumi.Parent(p)); err != nil {
		return nil, err
	}
	p.EndpointID = pe.ID().ToStringOutput()
	return p, ctx.RegisterResourceOutputs(p, pulumi.Map{"endpointId": p.EndpointID})
}
