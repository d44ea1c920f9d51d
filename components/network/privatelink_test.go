package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

const (
	tZone      = "azure-native:network:PrivateZone"
	tZoneLink  = "azure-native:network:VirtualNetworkLink"
	tEndpoint  = "azure-native:network:PrivateEndpoint"
	tZoneGroup = "azure-native:network:PrivateDnsZoneGroup"
)

func TestAKSPrivateZone(t *testing.T) {
	require.Equal(t, "privatelink.westeurope.azmk8s.io", AKSPrivateZone("westeurope"))
}

func TestHubSpokeLinks(t *testing.T) {
	hub, spoke := pulumi.String("/vnets/hub"), pulumi.String("/vnets/spoke")
	for _, tc := range []struct {
		name       string
		hub, spoke pulumi.StringInput
		want       map[string]pulumi.StringInput
	}{
		{"both", hub, spoke, map[string]pulumi.StringInput{"hub": hub, "spoke": spoke}},
		{"spoke only", nil, spoke, map[string]pulumi.StringInput{"spoke": spoke}},
		{"hub only", hub, nil, map[string]pulumi.StringInput{"hub": hub}},
		{"neither", nil, nil, map[string]pulumi.StringInput{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, HubSpokeLinks(tc.hub, tc.spoke))
		})
	}
}

func TestPrivateDNSZone(t *testing.T) {
	for _, tc := range []struct {
		name  string
		links map[string]pulumi.StringInput
		want  [][2]string // link resource name and VNet ID
	}{
		{"no links", nil, nil},
		{"hub and spoke", map[string]pulumi.StringInput{
			"spoke": pulumi.String("/vnets/spoke"),
			"hub":   pulumi.String("/vnets/hub"),
		}, [][2]string{{"kv-link-hub", "/vnets/hub"}, {"kv-link-spoke", "/vnets/spoke"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var zoneID string
			g := runPlan(t, func(ctx *pulumi.Context) error {
				z, err := NewPrivateDNSZone(ctx, "kv", &PrivateDNSZoneArgs{
					ResourceGroupName: pulumi.String("rg"),
					ZoneName:          ZoneKeyVault,
					Links:             tc.links,
				})
				if err != nil {
					return err
				}
				capture(z.ZoneID, &zoneID)
				return nil
			})
			requireChildrenOf(t, g, "aksplatform:network:PrivateDNSZone")
			zone := only(t, g, tZone)
			require.Equal(t, ZoneKeyVault, zone.String("privateZoneName"))
			require.Equal(t, "global", zone.String("location"))
			require.Equal(t, zone.ID, zoneID)
			require.Len(t, g.ByType(tZoneLink), len(tc.want))
			for _, w := range tc.want {
				l := find(t, g, tZoneLink, w[0])
				require.Equal(t, w[1], l.String("virtualNetwork.id"))
				require.Equal(t, ZoneKeyVault, l.String("privateZoneName"))
				require.Equal(t, "global", l.String("location"))
				enabled, set := flag(l, "registrationEnabled")
				require.True(t, set)
				require.False(t, enabled, "private endpoint zones are not auto-registration zones")
				require.True(t, dependsOn(l, zone))
			}
		})
	}
}

func endpointArgs() *PrivateEndpointArgs {
	return &PrivateEndpointArgs{
		ResourceGroupName: pulumi.String("rg"),
		Location:          pulumi.String("eastus"),
		SubnetID:          pulumi.String("/subnets/private-endpoints"),
		TargetID:          pulumi.String("/vaults/kv"),
		GroupID:           "vault",
		DNSZoneID:         pulumi.String("/privateDnsZones/" + ZoneKeyVault),
	}
}

func TestPrivateEndpoint(t *testing.T) {
	var endpointID string
	g := runPlan(t, func(ctx *pulumi.Context) error {
		p, err := NewPrivateEndpoint(ctx, "kv", endpointArgs())
		if err != nil {
			return err
		}
		capture(p.EndpointID, &endpointID)
		return nil
	})
	requireChildrenOf(t, g, "aksplatform:network:PrivateEndpoint")
	pe := only(t, g, tEndpoint)
	require.Equal(t, "/subnets/private-endpoints", pe.String("subnet.id"))
	require.Equal(t, "/vaults/kv", pe.String("privateLinkServiceConnections[0].privateLinkServiceId"))
	require.Equal(t, []string{"vault"}, strs(pe, "privateLinkServiceConnections[0].groupIds"))
	require.Equal(t, "eastus", pe.String("location"))
	require.Equal(t, pe.ID, endpointID)

	dns := only(t, g, tZoneGroup)
	require.Equal(t, "kv-pe", dns.String("privateEndpointName"))
	require.Equal(t, "/privateDnsZones/"+ZoneKeyVault, dns.String("privateDnsZoneConfigs[0].privateDnsZoneId"))
	require.True(t, dependsOn(dns, pe))
}

func TestPrivateLinkInvalidRegistersNothing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		program pulumi.RunFunc
		want    []string
	}{
		{"zone without name, group or VNet ID", func(ctx *pulumi.Context) error {
			_, err := NewPrivateDNSZone(ctx, "z", &PrivateDNSZoneArgs{Links: map[string]pulumi.StringInput{"hub": nil}})
			return err
		}, []string{"links.hub", "resourceGroupName", "zoneName"}},
		{"endpoint missing everything", func(ctx *pulumi.Context) error {
			_, err := NewPrivateEndpoint(ctx, "pe", &PrivateEndpointArgs{})
			return err
		}, []string{"dnsZoneId", "groupId", "resourceGroupName", "subnetId", "targetId"}},
		{"endpoint missing its zone", func(ctx *pulumi.Context) error {
			a := endpointArgs()
			a.DNSZoneID = nil
			_, err := NewPrivateEndpoint(ctx, "pe", a)
			return err
		}, []string{"dnsZoneId"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := plan.Run("aks-platform", "test", tc.program)
			requireProblems(t, err, tc.want...)
			require.Empty(t, g.Resources)
		})
	}
}
