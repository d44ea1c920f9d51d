package frontdoor

import (
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
	tDomain   = "azure-native:cdn:AFDCustomDomain"
	tSecret   = "azure-native:cdn:Secret"
	tGroup    = "azure-native:cdn:AFDOriginGroup"
	tOrigin   = "azure-native:cdn:AFDOrigin"
	tRoute    = "azure-native:cdn:Route"
	tSecurity = "azure-native:cdn:SecurityPolicy"
	tWAF      = "azure-native:network:Policy"
	tRecord   = "azure-native:network:RecordSet"
	tRole     = "azure-native:authorization:RoleAssignment"
	weuIP     = "203.0.113.10"
	host      = "www.example.com"
	vault     = "/subscriptions/0000/resourceGroups/rg-certs/providers/Microsoft.KeyVault/vaults/kv-certs"
)

// zone is the Azure DNS zone the tests' host name lives in.
func zone() *DNSZone { return &DNSZone{ResourceGroup: "rg-dns", Name: "example.com"} }

// twoRegions is prod's shape: westeurope by a literal address, northeurope by the public IP
// output of a resource, as stacks pass ingress.Controller.Address().
func twoRegions(ctx *pulumi.Context, prod bool, spec Spec) (*FrontDoorArgs, []Origin, error) {
	pip, err := network.NewPublicIPAddress(ctx, "neu-ingress-pip", &network.PublicIPAddressArgs{
		ResourceGroupName: pulumi.String("rg-neu"),
	})
	if err != nil {
		return nil, nil, err
	}
	args := &FrontDoorArgs{
		Spec:              spec,
		Production:        prod,
		ResourceGroupName: pulumi.String("rg-global"),
		Tags:              pulumi.StringMap{"owner": pulumi.String("platform")},
	}
	if prod {
		args.LogAnalyticsWorkspaceID = pulumi.String(globalWorkspace) // required in production
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

// planTwoRegions plans both phases of a front door named name over twoRegions and fails the
// test on any error.
func planTwoRegions(t *testing.T, name string, prod bool, spec Spec) *plan.Graph {
	t.Helper()
	stack := "dev"
	if prod {
		stack = "prod"
	}
	g, err := plan.Run("aks-platform", stack, func(ctx *pulumi.Context) error {
		args, origins, err := twoRegions(ctx, prod, spec)
		if err != nil {
			return err
		}
		_, err = build(ctx, name, args, origins)
		return err
	})
	require.NoError(t, err)
	return g
}

func TestFrontDoorInProd(t *testing.T) {
	var (
		mu             sync.Mutex
		endpoint, fdID string
	)
	g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		args, origins, err := twoRegions(ctx, true, Spec{HostName: host, DNSZone: zone()})
		if err != nil {
			return err
		}
		fd, err := build(ctx, "prod-fd", args, origins)
		if err != nil {
			return err
		}
		pulumi.All(fd.EndpointHostName, fd.FrontDoorID).ApplyT(func(v []any) error {
			mu.Lock()
			defer mu.Unlock()
			endpoint, fdID = v[0].(string), v[1].(string)
			return nil
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
	_, identity := profile.Input("identity")
	assert.False(t, identity, "a managed certificate needs no identity")
	assert.Equal(t, profile.Outputs["frontDoorId"].StringValue(), fdID)
	assert.True(t, validation.IsGUID(fdID), "the X-Azure-FDID value is a GUID")

	ep := g.Find(tEndpoint, "prod-fd-endpoint")
	require.NotNil(t, ep)
	assert.Equal(t, "prod-fd-profile", ep.String("profileName"))
	assert.Equal(t, "global", ep.String("location"))
	assert.Equal(t, "prod-fd-endpoint.offline.azurefd.net", endpoint)

	domain := g.Find(tDomain, "prod-fd-domain")
	require.NotNil(t, domain)
	assert.Equal(t, host, domain.String("hostName"))
	assert.Equal(t, "www-example-com", domain.String("customDomainName"))
	assert.Equal(t, "prod-fd-profile", domain.String("profileName"))
	assert.Equal(t, "ManagedCertificate", domain.String("tlsSettings.certificateType"))
	assert.Equal(t, "TLS12", domain.String("tlsSettings.minimumTlsVersion"))
	assert.Empty(t, g.ByType(tSecret), "a managed certificate needs no secret")

	group := g.Find(tGroup, "prod-fd-origins")
	require.NotNil(t, group)
	require.Len(t, g.ByType(tGroup), 1)
	assert.Equal(t, HealthProbePath, group.String("healthProbeSettings.probePath"))
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
		region, originHost, address string
		priority, weight            float64
	}{
		{"westeurope", "westeurope.origin.example.com", weuIP, 1, 1000},
		{"northeurope", "northeurope.origin.example.com", pip.Outputs["ipAddress"].StringValue(), 2, 500},
	} {
		o := g.Find(tOrigin, "prod-fd-origin-"+want.region)
		require.NotNil(t, o, want.region)
		assert.Equal(t, want.originHost, o.String("hostName"), "origins are DNS names, never the ingress IP")
		assert.Equal(t, host, o.String("originHostHeader"), "the ingress sees the name clients asked for")
		v, _ := o.Input("enforceCertificateNameCheck")
		assert.True(t, v.BoolValue(), "Front Door checks the ingress certificate")
		assert.Equal(t, "prod-fd-origins", o.String("originGroupName"), "one origin group for all regions")
		assert.Equal(t, want.priority, number(t, o, "priority"), want.region)
		assert.Equal(t, want.weight, number(t, o, "weight"), want.region)
		assert.Equal(t, "Enabled", o.String("enabledState"))
		assert.Contains(t, o.Dependencies, group.URN)

		a := g.Find(tRecord, "prod-fd-origin-"+want.region+"-a")
		require.NotNil(t, a, want.region)
		assert.Equal(t, want.region+".origin", a.String("relativeRecordSetName"))
		assert.Equal(t, "A", a.String("recordType"))
		assert.Equal(t, "example.com", a.String("zoneName"))
		assert.Equal(t, "rg-dns", a.String("resourceGroupName"))
		assert.Equal(t, want.address, a.String("aRecords[0].ipv4Address"))
		assert.Equal(t, 300.0, number(t, a, "ttl"))
		assert.Contains(t, o.Dependencies, a.URN, "the origin's name resolves before Front Door probes it")
	}
	assert.Contains(t, g.Find(tRecord, "prod-fd-origin-northeurope-a").Dependencies, pip.URN)

	txt := g.Find(tRecord, "prod-fd-dnsauth")
	require.NotNil(t, txt)
	assert.Equal(t, "_dnsauth.www", txt.String("relativeRecordSetName"))
	assert.Equal(t, "TXT", txt.String("recordType"))
	assert.Equal(t, "example.com", txt.String("zoneName"))
	assert.Contains(t, txt.Dependencies, domain.URN, "the TXT value is the custom domain's validation token")
	cname := g.Find(tRecord, "prod-fd-cname")
	require.NotNil(t, cname)
	assert.Equal(t, "www", cname.String("relativeRecordSetName"))
	assert.Equal(t, "CNAME", cname.String("recordType"))
	assert.Equal(t, endpoint, cname.String("cnameRecord.cname"))
	assert.Len(t, g.ByType(tRecord), 4, "TXT, CNAME and one A record per region")

	routes := g.ByType(tRoute)
	require.Len(t, routes, 1, "one HTTPS route; no plain-HTTP ACME route")
	route := routes[0]
	assert.Equal(t, "prod-fd-route", route.Name)
	for _, o := range origins {
		assert.Contains(t, route.Dependencies, o.URN, "a route needs origins in its group")
	}
	assert.Equal(t, domain.ID, route.String("customDomains[0].id"), "the route serves the custom domain")
	assert.Equal(t, "prod-fd-endpoint", route.String("endpointName"))
	assert.Equal(t, group.ID, route.String("originGroup.id"))
	assert.Equal(t, "Http", route.String("supportedProtocols[0]"))
	assert.Equal(t, "Https", route.String("supportedProtocols[1]"))
	assert.Equal(t, "Enabled", route.String("httpsRedirect"), "clients on HTTP are redirected")
	assert.Equal(t, "HttpsOnly", route.String("forwardingProtocol"), "origins are reached over HTTPS only")
	assert.Equal(t, "/*", route.String("patternsToMatch[0]"))
	_, more := route.Input("patternsToMatch[1]")
	assert.False(t, more)

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
	assert.Equal(t, ep.ID, sec.String("parameters.associations[0].domains[0].id"))
	assert.Equal(t, domain.ID, sec.String("parameters.associations[0].domains[1].id"), "the custom domain does not bypass the WAF")
	assert.Equal(t, "/*", sec.String("parameters.associations[0].patternsToMatch[0]"))
	assert.Equal(t, "prod-fd-profile", sec.String("profileName"))
}

func TestStandardFrontDoorHasNoManagedRules(t *testing.T) {
	g := planTwoRegions(t, "dev-fd", false, Spec{Enabled: new(true), HostName: "app.example.com",
		SessionAffinity: true, HealthProbeIntervalSeconds: 100, WAFMode: Detection})
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
	assert.Equal(t, 100.0, number(t, group, "healthProbeSettings.probeIntervalInSeconds"))
	for _, o := range g.ByType(tOrigin) {
		assert.Equal(t, "app.example.com", o.String("originHostHeader"), o.Name)
	}
	assert.NotNil(t, g.Find(tSecurity, "dev-fd-security"))
}

func number(t *testing.T, r *plan.Resource, path string) float64 {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok, "%s: no input %s", r.Name, path)
	require.True(t, v.IsNumber(), "%s: %s is not a number", r.Name, path)
	return v.NumberValue()
}
