package frontdoor

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

func TestDefaults(t *testing.T) {
	for _, tc := range []struct {
		prod bool
		want Spec
	}{
		{false, Spec{Enabled: new(false), SKU: Standard, Certificate: ManagedCertificate, HealthProbeIntervalSeconds: 30, WAFMode: Prevention, BotProtection: new(false)}},
		{true, Spec{Enabled: new(true), SKU: Premium, Certificate: ManagedCertificate, HealthProbeIntervalSeconds: 30, WAFMode: Prevention, BotProtection: new(true)}},
	} {
		var s Spec
		s.SetDefaults(tc.prod)
		assert.Equal(t, tc.want, s)
		assert.Equal(t, tc.prod, s.IsEnabled())
		again := s
		again.SetDefaults(tc.prod)
		assert.Equal(t, s, again, "idempotent")
	}
	s := Spec{Enabled: new(true), SKU: Standard, HostName: host, Certificate: vault + "/secrets/c", HealthProbeIntervalSeconds: 100, WAFMode: Detection, BotProtection: new(false)}
	want := s
	s.SetDefaults(false)
	assert.Equal(t, want, s, "explicit values stay")
	assert.NoError(t, s.Validate(false), "Detection is allowed outside production")
}

// TestIsEnabledUnsetIsOff: the same word means the same thing everywhere; unset is off, and
// SetDefaults is what turns prod on.
func TestIsEnabledUnsetIsOff(t *testing.T) {
	assert.False(t, Spec{}.IsEnabled())
	assert.True(t, Spec{Enabled: new(true)}.IsEnabled())
	assert.NoError(t, Spec{HostName: ""}.Validate(true), "a spec that is not enabled is not checked")
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prod   bool
		spec   Spec
		key    string
		reason string
	}{
		{"unknown sku", true, Spec{SKU: "Classic_AzureFrontDoor"}, "sku", "is not one of"},
		{"probe interval too short", true, Spec{HealthProbeIntervalSeconds: 4}, "healthProbeIntervalSeconds", "between 5 and 255"},
		{"probe interval too long", true, Spec{HealthProbeIntervalSeconds: 256}, "healthProbeIntervalSeconds", "between 5 and 255"},
		{"Detection in prod", true, Spec{WAFMode: Detection}, "wafMode", "Prevention in production"},
		{"unknown WAF mode", false, Spec{Enabled: new(true), WAFMode: "Block"}, "wafMode", "is not one of"},
		{"no host name", true, Spec{HostName: "-"}, "hostName", "is required"},
		{"host name with scheme", true, Spec{HostName: "https://www.example.com"}, "hostName", "not a host name"},
		{"host name with path", true, Spec{HostName: "www.example.com/x"}, "hostName", "not a host name"},
		{"host name with port", true, Spec{HostName: "www.example.com:443"}, "hostName", "not a host name"},
		{"upper case", true, Spec{HostName: "WWW.example.com"}, "hostName", "not a host name"},
		{"wildcard", true, Spec{HostName: "*.example.com"}, "hostName", "not a host name"},
		{"IP address", true, Spec{HostName: "203.0.113.10"}, "hostName", "not a host name"},
		{"too long", true, Spec{HostName: strings.Repeat("a.", 127) + "com"}, "hostName", "not a host name"},
		{"the endpoint's own name", true, Spec{HostName: "fd-abc.z01.azurefd.net"}, "hostName", "Front Door name"},
		{"apex without a zone", true, Spec{HostName: "example.com"}, "hostName", "apex"},
		{"apex of the zone", true, Spec{HostName: "example.com", DNSZone: zone()}, "hostName", "apex"},
		{"not in the zone", true, Spec{HostName: "www.example.org", DNSZone: zone()}, "hostName", "not in dnsZone.name"},
		{"suffix is not a zone", true, Spec{HostName: "www.badexample.com", DNSZone: zone()}, "hostName", "not in dnsZone.name"},
		{"zone without resource group", true, Spec{DNSZone: &DNSZone{Name: "example.com"}}, "dnsZone.resourceGroup", "is required"},
		{"zone resource group invalid", true, Spec{DNSZone: &DNSZone{ResourceGroup: "rg/dns", Name: "example.com"}}, "dnsZone.resourceGroup", "not a resource group"},
		{"zone without name", true, Spec{DNSZone: &DNSZone{ResourceGroup: "rg-dns"}}, "dnsZone.name", "is required"},
		{"zone name invalid", true, Spec{DNSZone: &DNSZone{ResourceGroup: "rg-dns", Name: "example"}}, "dnsZone.name", "not a DNS zone"},
		{"certificate neither managed nor Key Vault", true, Spec{Certificate: "letsencrypt"}, "certificate", "neither"},
		{"certificate by URL", true, Spec{Certificate: "https://kv-certs.vault.azure.net/secrets/www"}, "certificate", "neither"},
		{"certificate with version", true, Spec{Certificate: vault + "/secrets/www/versions/0123abcd"}, "certificate", "pins a secret version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			if s.HostName == "" {
				s.HostName = host
			} else if s.HostName == "-" {
				s.HostName = ""
			}
			s.SetDefaults(tc.prod)
			err := s.Validate(tc.prod)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Equal(t, []string{tc.key}, verr.Keys())
			assert.Contains(t, verr.Problems[0].Reason, tc.reason)
		})
	}
}

func TestValidSpecs(t *testing.T) {
	for _, s := range []Spec{
		{HostName: host},
		{HostName: host, DNSZone: zone()},
		{HostName: "shop.eu.example.com", DNSZone: zone()},
		{HostName: host, Certificate: vault + "/secrets/www-example-com"},
	} {
		s.SetDefaults(true)
		assert.NoError(t, s.Validate(true), s.HostName)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	s := Spec{SKU: "Gold", HealthProbeIntervalSeconds: 1, WAFMode: Detection, Certificate: "x", DNSZone: &DNSZone{}}
	s.SetDefaults(true)
	var verr *validation.Error
	require.True(t, errors.As(s.Validate(true), &verr))
	assert.Equal(t, []string{"certificate", "dnsZone.name", "dnsZone.resourceGroup", "healthProbeIntervalSeconds", "hostName", "sku", "wafMode"}, verr.Keys())
}

func TestDisabledSpecIsNotChecked(t *testing.T) {
	s := Spec{SKU: "Gold", HealthProbeIntervalSeconds: 1}
	s.SetDefaults(false)
	assert.False(t, s.IsEnabled())
	assert.NoError(t, s.Validate(false))
}

// TestOriginNames: the names the ingress must hold a certificate for, as a function of the spec.
func TestOriginNames(t *testing.T) {
	for _, tc := range []struct {
		spec               Spec
		origin, header     string
		certificateNames   []string
		zoneRelativeOrigin string
	}{
		{Spec{HostName: "www.example.com"}, "westeurope.origin.example.com", "www.example.com",
			[]string{"www.example.com", "westeurope.origin.example.com"}, ""},
		{Spec{HostName: "shop.eu.example.com", DNSZone: zone()}, "westeurope.origin.example.com", "shop.eu.example.com",
			[]string{"shop.eu.example.com", "westeurope.origin.example.com"}, "westeurope.origin"},
		{Spec{HostName: "shop.eu.example.com"}, "westeurope.origin.eu.example.com", "shop.eu.example.com",
			[]string{"shop.eu.example.com", "westeurope.origin.eu.example.com"}, ""},
	} {
		s := tc.spec
		assert.Equal(t, tc.origin, s.OriginHostName("westeurope"))
		assert.Equal(t, tc.header, s.OriginHostHeader())
		assert.Equal(t, tc.certificateNames, s.CertificateNames("westeurope"))
		if s.zoneSet() {
			assert.Equal(t, tc.zoneRelativeOrigin, s.relative(s.OriginHostName("westeurope")))
		}
	}
}

func TestPolicyName(t *testing.T) {
	valid := func(n string) bool {
		if n == "" || len(n) > maxPolicyNameLength || !(n[0] >= 'a' && n[0] <= 'z' || n[0] >= 'A' && n[0] <= 'Z') {
			return false
		}
		for _, r := range n {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
		return true
	}
	for in, want := range map[string]string{
		"prod-frontdoor": "prodfrontdoorwaf",
		"1st-fd":         "waf1stfdwaf",
		"--":             "wafwaf",
	} {
		assert.Equal(t, want, PolicyName(in))
		assert.True(t, valid(PolicyName(in)), in)
	}
	long := PolicyName(strings.Repeat("ab-", 100))
	assert.Len(t, long, maxPolicyNameLength)
	assert.True(t, valid(long))
}
