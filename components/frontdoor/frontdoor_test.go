package frontdoor

import (
	"errors"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const (
	tProfile  = "azure-native:cdn:Profile"
	tEndpoint = "azure-native:cdn:AFDEndpoint"
	tGroup    = "azure-native:cdn:AFDOriginGroup"
	tOrigin   = "azure-native:cdn:AFDOrigin"
	tRoute    = "azure-native:cdn:Route"
	tSecurity = "azure-native:cdn:SecurityPolicy"
	tWAF      = "azure-native:network:Policy"
	weuIP     = "203.0.113.10"
)

// twoRegions is prod's shape: westeurope by a literal address, northeurope by the public IP
// output of a resource, as stacks pass ingress.Controller.Address().
func twoRegions(ctx *pulumi.Context, prod bool) (*FrontDoorArgs, []Origin, error) {
	pip, err := network.NewPublicIPAddress(ctx, "neu-ingress-pip", &network.PublicIPAddressArgs{
		ResourceGroupName: pulumi.String("rg-neu"),
	})
	if err != nil {
		return nil, nil, err
	}
	args := &FrontDoorArgs{
		Spec:              Spec{Enabled: ptr(true)},
		Production:        prod,
		ResourceGroupName: pulumi.String("rg-global"),
		Tags:              pulumi.StringMap{"owner": pulumi.String("platform")},
	}
	return args, []Origin{
		{Region: "westeurope", Address: pulumi.String(weuIP)},
		{Region: "northeurope", Address: pip.IpAddress.Elem(), Priority: 2, Weight: 500},
	}, nil
}

// build runs both phases, as the stacks do: NewFrontDoor, then AddOrigins.
func build(ctx *pulumi.Context, name string, args *FrontDoorArgs, origins []Origin) (*FrontDoor, error) {
	fd, err := NewFrontDoor(ctx, name, args)
	if err != nil {
		return nil, err
	}
	return fd, fd.AddOrigins(ctx, origins)
}

func TestFrontDoorInProd(t *testing.T) {
	var (
		mu         sync.Mutex
		host, fdID string
	)
	g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		args, origins, err := twoRegions(ctx, true)
		if err != nil {
			return err
		}
		fd, err := build(ctx, "prod-fd", args, origins)
		if err != nil {
			return err
		}
		fd.EndpointHostName.ApplyT(func(v string) string {
			mu.Lock()
			defer mu.Unlock()
			host = v
			return v
		})
		fd.FrontDoorID.ApplyT(func(v string) string {
			mu.Lock()
			defer mu.Unlock()
			fdID = v
			return v
		})
		return nil
	})
	require.NoError(t, err)
	comp := g.Find(ComponentType, "prod-fd")
	require.NotNil(t, comp)
	for _, r := range g.Resources {
		if r != comp && r.Name != "neu-ingress-pip" {
			assert.Equal(t, comp.URN, r.Parent, r.Name)
		}
	}

	profile := g.Find(tProfile, "prod-fd-profile")
	require.NotNil(t, profile)
	assert.Equal(t, "global", profile.String("location"))
	assert.Equal(t, "Premium_AzureFrontDoor", profile.String("sku.name"))
	assert.Equal(t, "rg-global", profile.String("resourceGroupName"))
	assert.Equal(t, "platform", profile.String("tags.owner"))
	assert.Equal(t, profile.Outputs["frontDoorId"].StringValue(), fdID)
	assert.True(t, validation.IsGUID(fdID), "the X-Azure-FDID value is a GUID")

	endpoint := g.Find(tEndpoint, "prod-fd-endpoint")
	require.NotNil(t, endpoint)
	assert.Equal(t, "prod-fd-profile", endpoint.String("profileName"))
	assert.Equal(t, "global", endpoint.String("location"))
	assert.Equal(t, "platform", endpoint.String("tags.owner"))
	assert.Equal(t, "prod-fd-endpoint.offline.azurefd.net", host)
	assert.True(t, endpoint.IsPlaceholder("hostName"))

	group := g.Find(tGroup, "prod-fd-origins")
	require.NotNil(t, group)
	require.Len(t, g.ByType(tGroup), 1)
	assert.Equal(t, "/healthz", group.String("healthProbeSettings.probePath"))
	assert.Equal(t, "Https", group.String("healthProbeSettings.probeProtocol"))
	assert.Equal(t, "HEAD", group.String("healthProbeSettings.probeRequestType"))
	assert.Equal(t, 30.0, number(t, group, "healthProbeSettings.probeIntervalInSeconds"))
	assert.Equal(t, 4.0, number(t, group, "loadBalancingSettings.sampleSize"))
	assert.Equal(t, 3.0, number(t, group, "loadBalancingSettings.successfulSamplesRequired"))
	assert.Equal(t, 50.0, number(t, group, "loadBalancingSettings.additionalLatencyInMilliseconds"))
	assert.Equal(t, "Disabled", group.String("sessionAffinityState"))

	origins := g.ByType(tOrigin)
	require.Len(t, origins, 2)
	pip := g.Find("azure-native:network:PublicIPAddress", "neu-ingress-pip")
	require.NotNil(t, pip)
	for _, want := range []struct {
		name, host       string
		priority, weight float64
	}{
		{"prod-fd-origin-westeurope", weuIP, 1, 1000},
		{"prod-fd-origin-northeurope", pip.Outputs["ipAddress"].StringValue(), 2, 500},
	} {
		o := g.Find(tOrigin, want.name)
		require.NotNil(t, o, want.name)
		assert.Equal(t, want.host, o.String("hostName"), want.name)
		assert.Equal(t, "prod-fd-origins", o.String("originGroupName"), "one origin group for all regions")
		assert.Equal(t, want.priority, number(t, o, "priority"), want.name)
		assert.Equal(t, want.weight, number(t, o, "weight"), want.name)
		assert.Equal(t, "Enabled", o.String("enabledState"))
		v, _ := o.Input("enforceCertificateNameCheck")
		assert.True(t, v.BoolValue())
		_, hasHeader := o.Input("originHostHeader")
		assert.False(t, hasHeader, "no host header: Front Door sends the origin's own host")
		assert.Contains(t, o.Dependencies, group.URN)
	}
	assert.Contains(t, g.Find(tOrigin, "prod-fd-origin-northeurope").Dependencies, pip.URN)

	route := g.Find(tRoute, "prod-fd-route")
	require.NotNil(t, route)
	for _, o := range origins {
		assert.Contains(t, route.Dependencies, o.URN, "a route needs origins in its group")
	}
	assert.Equal(t, "prod-fd-endpoint", route.String("endpointName"))
	assert.Equal(t, group.ID, route.String("originGroup.id"))
	assert.Equal(t, "Http", route.String("supportedProtocols[0]"))
	assert.Equal(t, "Https", route.String("supportedProtocols[1]"))
	assert.Equal(t, "Enabled", route.String("httpsRedirect"))
	assert.Equal(t, "HttpsOnly", route.String("forwardingProtocol"))
	assert.Equal(t, "Enabled", route.String("linkToDefaultDomain"))
	assert.Equal(t, "/*", route.String("patternsToMatch[0]"))

	// ACME HTTP-01 challenges reach the ingress over plain HTTP, before it has a certificate.
	acme := g.Find(tRoute, "prod-fd-acme-route")
	require.NotNil(t, acme)
	for _, o := range origins {
		assert.Contains(t, acme.Dependencies, o.URN)
	}
	assert.Equal(t, "/.well-known/acme-challenge/*", acme.String("patternsToMatch[0]"))
	assert.Equal(t, "Http", acme.String("supportedProtocols[0]"))
	_, httpsToo := acme.Input("supportedProtocols[1]")
	assert.False(t, httpsToo)
	assert.Equal(t, "Disabled", acme.String("httpsRedirect"))
	assert.Equal(t, "HttpOnly", acme.String("forwardingProtocol"))
	assert.Equal(t, group.ID, acme.String("originGroup.id"))

	waf := g.Find(tWAF, "prod-fd-waf")
	require.NotNil(t, waf)
	assert.Equal(t, "prodfdwaf", waf.String("policyName"))
	assert.Equal(t, profile.String("sku.name"), waf.String("sku.name"), "WAF SKU matches the profile")
	assert.Equal(t, "Prevention", waf.String("policySettings.mode"))
	assert.Equal(t, "Enabled", waf.String("policySettings.enabledState"))
	assert.Equal(t, "Microsoft_DefaultRuleSet", waf.String("managedRules.managedRuleSets[0].ruleSetType"))
	assert.Equal(t, "2.1", waf.String("managedRules.managedRuleSets[0].ruleSetVersion"))
	assert.Equal(t, "Block", waf.String("managedRules.managedRuleSets[0].ruleSetAction"))
	assert.Equal(t, "global", waf.String("location"))
	assert.Equal(t, "platform", waf.String("tags.owner"))

	sec := g.Find(tSecurity, "prod-fd-security")
	require.NotNil(t, sec)
	assert.Equal(t, "WebApplicationFirewall", sec.String("parameters.type"))
	assert.Equal(t, waf.ID, sec.String("parameters.wafPolicy.id"))
	assert.Equal(t, endpoint.ID, sec.String("parameters.associations[0].domains[0].id"))
	assert.Equal(t, "/*", sec.String("parameters.associations[0].patternsToMatch[0]"))
	assert.Equal(t, "prod-fd-profile", sec.String("profileName"))
}

func TestStandardFrontDoorHasNoManagedRules(t *testing.T) {
	g, err := plan.Run("aks-platform", "dev", func(ctx *pulumi.Context) error {
		args, origins, err := twoRegions(ctx, false)
		if err != nil {
			return err
		}
		args.Spec = Spec{Enabled: ptr(true), SessionAffinity: true, OriginHostHeader: "app.example.com",
			HealthProbePath: "/ready", HealthProbeIntervalSeconds: 100, WAFMode: Detection}
		_, err = build(ctx, "dev-fd", args, origins)
		return err
	})
	require.NoError(t, err)
	profile := g.Find(tProfile, "dev-fd-profile")
	require.NotNil(t, profile)
	assert.Equal(t, "Standard_AzureFrontDoor", profile.String("sku.name"))
	waf := g.Find(tWAF, "dev-fd-waf")
	require.NotNil(t, waf)
	assert.Equal(t, "Standard_AzureFrontDoor", waf.String("sku.name"))
	assert.Equal(t, "Detection", waf.String("policySettings.mode"))
	_, managed := waf.Input("managedRules")
	assert.False(t, managed, "managed rule sets need Premium")
	group := g.Find(tGroup, "dev-fd-origins")
	require.NotNil(t, group)
	assert.Equal(t, "Enabled", group.String("sessionAffinityState"))
	assert.Equal(t, "/ready", group.String("healthProbeSettings.probePath"))
	assert.Equal(t, 100.0, number(t, group, "healthProbeSettings.probeIntervalInSeconds"))
	for _, o := range g.ByType(tOrigin) {
		assert.Equal(t, "app.example.com", o.String("originHostHeader"), o.Name)
	}
	assert.NotNil(t, g.Find(tSecurity, "dev-fd-security"))
}

func TestInvalidArgs(t *testing.T) {
	valid := func() *FrontDoorArgs {
		return &FrontDoorArgs{Production: true, ResourceGroupName: pulumi.String("rg-global")}
	}
	require.NoError(t, valid().Validate())
	for _, tc := range []struct {
		name   string
		mutate func(*FrontDoorArgs)
		keys   []string
	}{
		{"probe interval out of range", func(a *FrontDoorArgs) { a.Spec.HealthProbeIntervalSeconds = 300 }, []string{"healthProbeIntervalSeconds"}},
		{"Detection in prod", func(a *FrontDoorArgs) { a.Spec.WAFMode = Detection }, []string{"wafMode"}},
		{"bad sku", func(a *FrontDoorArgs) { a.Spec.SKU = "Premium" }, []string{"sku"}},
		{"disabled", func(a *FrontDoorArgs) { a.Spec.Enabled = ptr(false) }, []string{"enabled"}},
		{"disabled by the dev default", func(a *FrontDoorArgs) { a.Production = false }, []string{"enabled"}},
		{"no resource group", func(a *FrontDoorArgs) { a.ResourceGroupName = nil }, []string{"ResourceGroupName"}},
		{"every problem at once", func(a *FrontDoorArgs) {
			a.Spec = Spec{SKU: "Gold", WAFMode: Detection}
			a.ResourceGroupName = nil
		}, []string{"ResourceGroupName", "sku", "wafMode"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.mutate(a)
			var verr *validation.Error
			require.True(t, errors.As(a.Validate(), &verr), "want *validation.Error")
			assert.Equal(t, tc.keys, verr.Keys())
			g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				_, err := NewFrontDoor(ctx, "fd", a)
				return err
			})
			require.Error(t, err)
			assert.Empty(t, g.Resources, "nothing registered from invalid args")
		})
	}
	t.Run("nil args", func(t *testing.T) {
		g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
			_, err := NewFrontDoor(ctx, "fd", nil)
			return err
		})
		require.Error(t, err)
		assert.Empty(t, g.Resources)
	})
}

func number(t *testing.T, r *plan.Resource, path string) float64 {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok, "%s: no input %s", r.Name, path)
	require.True(t, v.IsNumber(), "%s: %s is not a number", r.Name, path)
	return v.NumberValue()
}
