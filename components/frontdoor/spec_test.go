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
		{false, Spec{Enabled: ptr(false), SKU: Standard, HealthProbePath: "/healthz", HealthProbeIntervalSeconds: 30, WAFMode: Prevention}},
		{true, Spec{Enabled: ptr(true), SKU: Premium, HealthProbePath: "/healthz", HealthProbeIntervalSeconds: 30, WAFMode: Prevention}},
	} {
		var s Spec
		s.SetDefaults(tc.prod)
		assert.Equal(t, tc.want, s)
		assert.Equal(t, tc.prod, s.IsEnabled())
		assert.NoError(t, s.Validate(tc.prod))
	}
	s := Spec{Enabled: ptr(true), SKU: Standard, HealthProbePath: "/ready", HealthProbeIntervalSeconds: 100, WAFMode: Detection}
	s.SetDefaults(false)
	assert.Equal(t, Spec{Enabled: ptr(true), SKU: Standard, HealthProbePath: "/ready", HealthProbeIntervalSeconds: 100, WAFMode: Detection}, s,
		"explicit values stay")
	assert.NoError(t, s.Validate(false), "Detection is allowed outside production")
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		prod bool
		spec Spec
		key  string
	}{
		{"unknown sku", true, Spec{SKU: "Classic_AzureFrontDoor"}, "sku"},
		{"probe interval too short", true, Spec{HealthProbeIntervalSeconds: 4}, "healthProbeIntervalSeconds"},
		{"probe interval too long", true, Spec{HealthProbeIntervalSeconds: 256}, "healthProbeIntervalSeconds"},
		{"relative probe path", true, Spec{HealthProbePath: "healthz"}, "healthProbePath"},
		{"probe path with query", true, Spec{HealthProbePath: "/healthz?full=1"}, "healthProbePath"},
		{"Detection in prod", true, Spec{WAFMode: Detection}, "wafMode"},
		{"unknown WAF mode", false, Spec{Enabled: ptr(true), WAFMode: "Block"}, "wafMode"},
		{"host header with scheme", true, Spec{OriginHostHeader: "https://app.example.com"}, "originHostHeader"},
		{"host header with path", true, Spec{OriginHostHeader: "app.example.com/x"}, "originHostHeader"},
		{"host header too long", true, Spec{OriginHostHeader: strings.Repeat("a.", 127) + "com"}, "originHostHeader"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.prod)
			err := s.Validate(tc.prod)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Equal(t, []string{tc.key}, verr.Keys())
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	s := Spec{SKU: "Gold", HealthProbeIntervalSeconds: 1, WAFMode: Detection}
	s.SetDefaults(true)
	var verr *validation.Error
	require.True(t, errors.As(s.Validate(true), &verr))
	assert.Equal(t, []string{"healthProbeIntervalSeconds", "sku", "wafMode"}, verr.Keys())
}

func TestDisabledSpecIsNotChecked(t *testing.T) {
	s := Spec{SKU: "Gold", HealthProbeIntervalSeconds: 1}
	s.SetDefaults(false)
	assert.False(t, s.IsEnabled())
	assert.NoError(t, s.Validate(false))
}

func TestValidHostHeader(t *testing.T) {
	s := Spec{OriginHostHeader: "app.example.com"}
	s.SetDefaults(true)
	assert.NoError(t, s.Validate(true))
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
