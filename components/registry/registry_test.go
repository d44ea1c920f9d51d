package registry

import (
	"errors"
	"net/netip"
	"regexp"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const (
	endpointSubnet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/private-endpoints"
	hubVNet        = "/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub"
	spokeVNet      = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke"
	kubelet        = "0f0e0d0c-0b0a-4909-8807-060504030201"
	workspace      = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"
)

func args(prod bool) *RegistryArgs {
	return &RegistryArgs{
		Production:        prod,
		ResourceGroupName: pulumi.String("rg"),
		Location:          pulumi.String("westeurope"),
		EndpointSubnetID:  pulumi.String(endpointSubnet),
		HubVNetID:         pulumi.String(hubVNet),
		SpokeVNetID:       pulumi.String(spokeVNet),
		KubeletObjectID:   pulumi.String(kubelet),
		// TestDiagnostics covers a registry without a workspace.
		LogAnalyticsWorkspaceID: pulumi.String(workspace),
	}
}

func TestDefaults(t *testing.T) {
	var dev, prod Spec
	dev.SetDefaults(false)
	prod.SetDefaults(true)
	assert.Equal(t, Spec{SKU: Standard, PublicNetworkAccess: new(true), ZoneRedundancy: new(false), ExportEnabled: new(true)}, dev)
	assert.Equal(t, Spec{SKU: Premium, PublicNetworkAccess: new(false), ZoneRedundancy: new(true), ExportEnabled: new(false),
		UntaggedRetentionDays: DefaultUntaggedRetentionDays}, prod)
	assert.NoError(t, dev.Validate(false))
	assert.NoError(t, prod.Validate(true))
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		prod bool
		spec Spec
		key  string
	}{
		{"admin user in prod", true, Spec{AdminUserEnabled: true}, "adminUserEnabled"},
		{"public in prod", true, Spec{PublicNetworkAccess: new(true)}, "publicNetworkAccess"},
		{"private endpoint without Premium", false, Spec{SKU: Standard, PublicNetworkAccess: new(false)}, "publicNetworkAccess"},
		{"zone redundancy without Premium", false, Spec{SKU: Basic, ZoneRedundancy: new(true)}, "zoneRedundancy"},
		{"unknown SKU", false, Spec{SKU: "Gold"}, "sku"},
		{"name with a dash", false, Spec{Name: "my-registry"}, "name"},
		{"name too short", false, Spec{Name: "acr"}, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.prod)
			err := s.Validate(tc.prod)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Contains(t, verr.Keys(), tc.key)
		})
	}
	// The admin user is tolerated in dev (e.g. for a quick docker login), never in prod.
	dev := Spec{AdminUserEnabled: true}
	dev.SetDefaults(false)
	assert.NoError(t, dev.Validate(false))
}

func TestName(t *testing.T) {
	valid := regexp.MustCompile(`^[a-z0-9]{5,50}$`)
	a := Name(Spec{}, "aks-platform", "prod", "prod-westeurope")
	assert.Regexp(t, `^prodwesteurope[0-9a-f]{8}$`, a)
	assert.Equal(t, a, Name(Spec{}, "aks-platform", "prod", "prod-westeurope"), "stable")
	assert.NotEqual(t, a, Name(Spec{}, "aks-platform", "staging", "prod-westeurope"), "differs per stack")
	long := Name(Spec{}, "p", "s", "a-very-long-component-name-that-goes-on-and-on-and-on-for-ever")
	assert.Regexp(t, valid, long)
	assert.Regexp(t, valid, Name(Spec{}, "p", "s", "--"))
	assert.Equal(t, "myacr01", Name(Spec{Name: "myacr01"}, "p", "s", "x"))
}

func TestPrivateRegistryInProd(t *testing.T) {
	g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		_, err := NewRegistry(ctx, "prod-weu", args(true))
		return err
	})
	require.NoError(t, err)
	comp := g.Find(ComponentType, "prod-weu")
	require.NotNil(t, comp)
	reg := g.Find("azure-native:containerregistry:Registry", "prod-weu-acr")
	require.NotNil(t, reg)
	assert.Equal(t, comp.URN, reg.Parent)
	assert.Equal(t, "Premium", reg.String("sku.name"))
	assert.Equal(t, "Disabled", reg.String("publicNetworkAccess"))
	assert.Equal(t, "Enabled", reg.String("zoneRedundancy"))
	v, _ := reg.Input("adminUserEnabled")
	assert.Equal(t, false, v.BoolValue())
	assert.Equal(t, Name(Spec{}, "aks-platform", "prod", "prod-weu"), reg.String("registryName"))

	zone := g.Find("azure-native:network:PrivateZone", "prod-weu-dns-zone")
	require.NotNil(t, zone)
	assert.Equal(t, "privatelink.azurecr.io", zone.String("privateZoneName"))
	for link, vnet := range map[string]string{"prod-weu-dns-link-hub": hubVNet, "prod-weu-dns-link-spoke": spokeVNet} {
		l := g.Find("azure-native:network:VirtualNetworkLink", link)
		require.NotNil(t, l, link)
		assert.Equal(t, vnet, l.String("virtualNetwork.id"))
	}
	pe := g.Find("azure-native:network:PrivateEndpoint", "prod-weu-endpoint-pe")
	require.NotNil(t, pe)
	assert.Equal(t, endpointSubnet, pe.String("subnet.id"))
	assert.Equal(t, reg.ID, pe.String("privateLinkServiceConnections[0].privateLinkServiceId"))
	assert.Equal(t, "registry", pe.String("privateLinkServiceConnections[0].groupIds[0]"))
	dns := g.Find("azure-native:network:PrivateDnsZoneGroup", "prod-weu-endpoint-dns")
	require.NotNil(t, dns)
	assert.Equal(t, zone.ID, dns.String("privateDnsZoneConfigs[0].privateDnsZoneId"))

	pull := g.Find("azure-native:authorization:RoleAssignment", "prod-weu-acrpull")
	require.NotNil(t, pull)
	assert.Equal(t, comp.URN, pull.Parent)
	assert.Equal(t, reg.ID, pull.String("scope"))
	assert.Equal(t, kubelet, pull.String("principalId"))
	assert.Contains(t, pull.String("roleDefinitionId"), "7f951dda-4ed3-4680-a7ca-43fe172d538d")
}

func TestPublicRegistryInDev(t *testing.T) {
	var (
		mu    sync.Mutex
		login string
	)
	g, err := plan.Run("aks-platform", "dev", func(ctx *pulumi.Context) error {
		r, err := NewRegistry(ctx, "dev-weu", args(false))
		if err != nil {
			return err
		}
		r.LoginServer.ApplyT(func(v string) string {
			mu.Lock()
			defer mu.Unlock()
			login = v
			return v
		})
		return nil
	})
	require.NoError(t, err)
	reg := g.Find("azure-native:containerregistry:Registry", "dev-weu-acr")
	require.NotNil(t, reg)
	assert.Equal(t, "Standard", reg.String("sku.name"))
	assert.Equal(t, "Enabled", reg.String("publicNetworkAccess"))
	assert.Equal(t, "Disabled", reg.String("zoneRedundancy"))
	assert.Empty(t, g.ByType("azure-native:network:PrivateEndpoint"))
	assert.Empty(t, g.ByType("azure-native:network:PrivateZone"))
	assert.Equal(t, reg.String("registryName")+".azurecr.io", login)
	assert.NotNil(t, g.Find("azure-native:authorization:RoleAssignment", "dev-weu-acrpull"))
}

// The AcrPull assignment must name the kubelet identity AKS creates, not the control plane's.
func TestAcrPullTargetsTheClustersKubeletIdentity(t *testing.T) {
	g, err := plan.Run("aks-platform", "dev", func(ctx *pulumi.Context) error {
		c, err := aks.NewCluster(ctx, "dev-weu", &aks.ClusterArgs{
			Spec:              aks.Spec{Addons: aks.Addons{Monitoring: new(false)}},
			ResourceGroupName: pulumi.String("rg"),
			LocationName:      "westeurope",
			NodeSubnetID:      pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/private"),
			NodeSubnet:        netip.MustParsePrefix("10.1.0.0/24"),
			RouteTableID:      pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt"),
		})
		if err != nil {
			return err
		}
		a := args(false)
		a.KubeletObjectID = c.KubeletObjectID
		_, err = NewRegistry(ctx, "dev-weu-registry", a)
		return err
	})
	require.NoError(t, err)
	mc := g.Find(aks.ManagedClusterType, "dev-weu-aks")
	require.NotNil(t, mc)
	kubeletID, ok := mc.Output("identityProfile.kubeletidentity.objectId")
	require.True(t, ok)
	pull := g.Find("azure-native:authorization:RoleAssignment", "dev-weu-registry-acrpull")
	require.NotNil(t, pull)
	assert.Equal(t, kubeletID.StringValue(), pull.String("principalId"))
	assert.Equal(t, g.Find("azure-native:containerregistry:Registry", "dev-weu-registry-acr").ID, pull.String("scope"))
	assert.Equal(t, "ServicePrincipal", pull.String("principalType"))
	assert.Contains(t, pull.Dependencies, mc.URN, "the assignment waits for the cluster that creates the identity")
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*RegistryArgs)
		key    string
	}{
		{"admin user in prod", func(a *RegistryArgs) { a.Production, a.Spec.AdminUserEnabled = true, true }, "adminUserEnabled"},
		{"no kubelet identity", func(a *RegistryArgs) { a.KubeletObjectID = nil }, "kubeletObjectId"},
		{"private without endpoint subnet", func(a *RegistryArgs) { a.Production, a.EndpointSubnetID = true, nil }, "publicNetworkAccess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := args(false)
			tc.mutate(a)
			var verr *validation.Error
			require.True(t, errors.As(a.Validate(), &verr))
			assert.Contains(t, verr.Keys(), tc.key)
			g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
				_, err := NewRegistry(ctx, "acr", a)
				return err
			})
			require.Error(t, err)
			assert.Empty(t, g.Resources)
		})
	}
}
