package ingress

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSetDefaults(t *testing.T) {
	cases := []struct {
		name       string
		controller string
		production bool
		check      func(t *testing.T, s Spec)
	}{
		{"nginx prod", ControllerNGINX, true, func(t *testing.T, s Spec) {
			assert.Equal(t, NGINXSpec{ChartVersion: DefaultNGINXChartVersion, Replicas: 2}, s.NGINX)
			assert.True(t, s.AppGateway.IsZero(), "the unused appGateway section stays empty")
		}},
		{"nginx dev", ControllerNGINX, false, func(t *testing.T, s Spec) {
			assert.Equal(t, 1, s.NGINX.Replicas)
		}},
		{"agic prod", ControllerAGIC, true, func(t *testing.T, s Spec) {
			assert.Equal(t, AppGatewaySpec{MinCapacity: 2, MaxCapacity: 10, Zones: []string{"1", "2", "3"},
				WAFMode: WAFPrevention, WAFRuleSet: RuleSetDefault21, AGICChartVersion: DefaultAGICChartVersion,
				BotProtection: new(true)}, s.AppGateway)
			assert.True(t, s.NGINX.IsZero(), "the unused nginx section stays empty")
		}},
		{"agic dev", ControllerAGIC, false, func(t *testing.T, s Spec) {
			assert.Equal(t, 0, s.AppGateway.MinCapacity)
			assert.Empty(t, s.AppGateway.Zones)
			assert.Equal(t, WAFDetection, s.AppGateway.WAFMode)
			assert.Equal(t, new(true), s.AppGateway.BotProtection, "free, so on in dev too")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Spec{Controller: tc.controller}
			s.SetDefaults(tc.production)
			tc.check(t, s)
			require.NotNil(t, s.CertManager.Enabled)
			assert.True(t, *s.CertManager.Enabled)
			assert.Equal(t, DefaultCertManagerChartVersion, s.CertManager.ChartVersion)
			assert.Equal(t, LetsEncryptProduction, s.CertManager.ACMEServer)
		})
	}
}

func TestSetDefaultsKeepsExplicitValues(t *testing.T) {
	off := false
	s := Spec{Controller: ControllerAGIC, AppGateway: AppGatewaySpec{MaxCapacity: 20, Zones: []string{"2"}, WAFMode: WAFDetection},
		CertManager: CertManagerSpec{Enabled: &off, ACMEServer: LetsEncryptStaging}}
	s.SetDefaults(true)
	assert.Equal(t, 20, s.AppGateway.MaxCapacity)
	assert.Equal(t, []string{"2"}, s.AppGateway.Zones)
	assert.Equal(t, WAFDetection, s.AppGateway.WAFMode)
	assert.False(t, s.CertManager.IsEnabled())
	assert.Equal(t, LetsEncryptStaging, s.CertManager.ACMEServer)
}

func TestSpecValidate(t *testing.T) {
	off := false
	cases := []struct {
		name       string
		controller string
		production bool
		mutate     func(*Spec) // applied before defaulting
		after      func(*Spec) // applied after defaulting
		want       []string
	}{
		{name: "nginx dev ok", controller: ControllerNGINX},
		{name: "nginx prod ok", controller: ControllerNGINX, production: true},
		{name: "nginx internal ok", controller: ControllerNGINX, production: true,
			mutate: func(s *Spec) { s.Internal = true; s.NGINX.PrivateIP = "10.240.0.200" }},
		{name: "agic dev ok", controller: ControllerAGIC},
		{name: "agic prod ok", controller: ControllerAGIC, production: true},
		{name: "cert-manager disabled needs no email", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.CertManager = CertManagerSpec{Enabled: &off} }},

		{name: "controller missing", controller: "", want: []string{"controller"}},
		{name: "controller unknown", controller: "traefik", want: []string{"controller"}},
		{name: "nginx chart latest", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.NGINX.ChartVersion = "latest" }, want: []string{"nginx.chartVersion"}},
		{name: "nginx chart range", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.NGINX.ChartVersion = "^4.11" }, want: []string{"nginx.chartVersion"}},
		{name: "nginx replicas negative", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.NGINX.Replicas = -1 }, want: []string{"nginx.replicas"}},
		{name: "nginx one replica in prod", controller: ControllerNGINX, production: true,
			mutate: func(s *Spec) { s.NGINX.Replicas = 1 }, want: []string{"nginx.replicas"}},
		{name: "internal without private IP", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.Internal = true }, want: []string{"nginx.privateIP"}},
		{name: "private IP without internal", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.NGINX.PrivateIP = "10.0.0.10" }, want: []string{"nginx.privateIP"}},
		{name: "private IP is public", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.Internal = true; s.NGINX.PrivateIP = "8.8.8.8" }, want: []string{"nginx.privateIP"}},
		{name: "private IP garbage", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.Internal = true; s.NGINX.PrivateIP = "10.0.0" }, want: []string{"nginx.privateIP"}},
		{name: "appGateway set with nginx", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.AppGateway.MaxCapacity = 5 }, want: []string{"appGateway"}},
		{name: "internal with agic", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.Internal = true }, want: []string{"internal"}},
		{name: "nginx set with agic", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.NGINX.Replicas = 3 }, want: []string{"nginx"}},
		{name: "min capacity negative", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.MinCapacity = -1 }, want: []string{"appGateway.minCapacity"}},
		{name: "min capacity one in prod", controller: ControllerAGIC, production: true,
			mutate: func(s *Spec) { s.AppGateway.MinCapacity = 1 }, want: []string{"appGateway.minCapacity"}},
		{name: "max capacity above 125", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.MaxCapacity = 126 }, want: []string{"appGateway.maxCapacity"}},
		{name: "max capacity 1", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.MaxCapacity = 1 }, want: []string{"appGateway.maxCapacity"}},
		{name: "max below min", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.MinCapacity = 5; s.AppGateway.MaxCapacity = 3 }, want: []string{"appGateway.maxCapacity"}},
		{name: "unknown zone", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.Zones = []string{"1", "4"} }, want: []string{"appGateway.zones[1]"}},
		{name: "duplicate zone", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.Zones = []string{"2", "2"} }, want: []string{"appGateway.zones[1]"}},
		{name: "unknown WAF mode", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.WAFMode = "Block" }, want: []string{"appGateway.wafMode"}},
		{name: "detection in prod", controller: ControllerAGIC, production: true,
			mutate: func(s *Spec) { s.AppGateway.WAFMode = WAFDetection }, want: []string{"appGateway.wafMode"}},
		{name: "unknown rule set", controller: ControllerAGIC,
			mutate: func(s *Spec) { s.AppGateway.WAFRuleSet = "OWASP_2.2.9" }, want: []string{"appGateway.wafRuleSet"}},
		{name: "AGIC chart unpinned", controller: ControllerAGIC,
			after: func(s *Spec) { s.AppGateway.AGICChartVersion = "" }, want: []string{"appGateway.agicChartVersion"}},
		{name: "email missing", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.CertManager.Email = "" }, want: []string{"certManager.email"}},
		{name: "email without @", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.CertManager.Email = "platform" }, want: []string{"certManager.email"}},
		{name: "ACME over http", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.CertManager.ACMEServer = "http://acme.example/directory" }, want: []string{"certManager.acmeServer"}},
		{name: "cert-manager chart unpinned", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.CertManager.ChartVersion = "v1.16" }, want: []string{"certManager.chartVersion"}},
		{name: "dns zone incomplete", controller: ControllerNGINX,
			mutate: func(s *Spec) {
				s.CertManager.DNSZone = &DNSZoneSpec{SubscriptionID: "sub", ResourceGroup: "dns rg", Name: "example"}
			},
			want: []string{"certManager.dnsZone.name", "certManager.dnsZone.resourceGroup", "certManager.dnsZone.subscriptionId"}},
		{name: "dns zone complete", controller: ControllerNGINX,
			mutate: func(s *Spec) {
				s.CertManager.DNSZone = &DNSZoneSpec{ResourceGroup: "dns-rg", Name: "aksplatform.example"}
			}},
		{name: "dns zone ignored when cert-manager is off", controller: ControllerNGINX,
			mutate: func(s *Spec) { s.CertManager.Enabled, s.CertManager.DNSZone = new(false), &DNSZoneSpec{} }},
		{name: "all problems at once", controller: ControllerAGIC, production: true,
			mutate: func(s *Spec) {
				s.AppGateway = AppGatewaySpec{MinCapacity: 8, MaxCapacity: 4, WAFMode: WAFDetection}
				s.CertManager.Email = ""
				s.Internal = true
			},
			want: []string{"appGateway.maxCapacity", "appGateway.wafMode", "certManager.email", "internal"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := spec(tc.controller, tc.production, tc.mutate)
			if tc.after != nil {
				tc.after(&s)
			}
			err := s.Validate(tc.production)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.want, keys(t, err))
		})
	}
}

func TestUnknownControllerListsAllowedValues(t *testing.T) {
	err := Spec{Controller: "traefik"}.Validate(false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `controller: unknown value "traefik": one of agic, nginx`)
}

// TestZonesNilMeansDefaultEmptyMeansNone checks the one meaning of zone lists across the
// platform: absent takes the default, an explicit [] opts out of zones.
func TestZonesNilMeansDefaultEmptyMeansNone(t *testing.T) {
	cases := []struct {
		name       string
		zones      []string
		production bool
		want       []string
	}{
		{"absent in prod: all three", nil, true, []string{"1", "2", "3"}},
		{"explicit [] in prod: none", []string{}, true, []string{}},
		{"absent in dev: none", nil, false, []string{}},
		{"explicit list kept", []string{"2"}, true, []string{"2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Spec{Controller: ControllerAGIC, AppGateway: AppGatewaySpec{Zones: tc.zones}}
			s.SetDefaults(tc.production)
			assert.Equal(t, tc.want, s.AppGateway.Zones)
			s.SetDefaults(tc.production)
			assert.Equal(t, tc.want, s.AppGateway.Zones, "SetDefaults is idempotent")
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
				return fullArgs(Spec{Controller: ControllerAGIC, AppGateway: AppGatewaySpec{Zones: tc.zones},
					CertManager: CertManagerSpec{Email: "platform@example.com"}}, tc.production, p)
			})
			require.NoError(t, err)
			if len(tc.want) == 0 {
				tc.want = nil // no zones: the input is left out
			}
			assert.Equal(t, tc.want, stringList(one(t, g, tGateway), "zones"))
		})
	}
}

func TestValidateSharedHostName(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Spec)
		want   []string
	}{
		{"HTTP-01 refused", nil, []string{"certManager.dnsZone"}},
		{"DNS-01 accepted", func(s *Spec) { s.CertManager.DNSZone = &DNSZoneSpec{ResourceGroup: "dns", Name: "aksplatform.example"} }, nil},
		{"no cert-manager, no certificates to solve", func(s *Spec) { s.CertManager.Enabled = new(false) }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := spec(ControllerAGIC, true, tc.mutate)
			assert.Equal(t, tc.want, keys(t, s.ValidateSharedHostName()))
			var p pulumi.ProviderResource = &pulumi.ProviderResourceState{}
			a := fullArgs(s, true, p)
			a.SharedHostName = true
			assert.Equal(t, tc.want, keys(t, a.Validate()), "the constructors refuse it too")
		})
	}
}
