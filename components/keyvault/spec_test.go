package keyvault

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

func TestSetDefaults(t *testing.T) {
	for _, production := range []bool{false, true} {
		s := Spec{Secrets: []SecretSpec{{Name: "db"}, {Name: "api", Length: 64, Special: new(false)}}}
		s.SetDefaults(production)
		assert.Equal(t, SKUStandard, s.SKU)
		assert.Equal(t, 90, s.SoftDeleteRetentionDays)
		require.NotNil(t, s.PublicNetworkAccess)
		assert.False(t, *s.PublicNetworkAccess, "without allowed ranges a vault is private in every environment")
		assert.Equal(t, 32, s.Secrets[0].Length)
		assert.Equal(t, 64, s.Secrets[1].Length, "explicit length kept")
		assert.True(t, *s.Secrets[0].Special)
		assert.False(t, *s.Secrets[1].Special, "explicit false kept")
		assert.True(t, *s.Secrets[1].Upper)
		assert.Equal(t, "text/plain", s.Secrets[0].ContentType)
		assert.Equal(t, 90, s.Secrets[0].RotationDays)
		assert.Equal(t, 120, s.Secrets[0].ExpiresAfterDays, "a month of grace after the rotation")
		assert.NoError(t, s.Validate(production))
		again := s.clone()
		again.SetDefaults(production)
		assert.Equal(t, s, again, "idempotent")
	}
	for _, tc := range []struct {
		production bool
		public     bool
	}{{false, true}, {true, false}} {
		s := Spec{AllowedIPRanges: []string{"203.0.113.0/24"}, Secrets: []SecretSpec{{Name: "db", RotationDays: 30}}}
		s.SetDefaults(tc.production)
		assert.Equal(t, tc.public, *s.PublicNetworkAccess, "listed ranges open a dev vault's public endpoint only (production %v)", tc.production)
		assert.Equal(t, 60, s.Secrets[0].ExpiresAfterDays, "expiry follows an explicit rotation")
	}
}

func TestValidate(t *testing.T) {
	valid := func() Spec {
		s := Spec{
			AdminGroupObjectIDs: []string{"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"},
			Secrets:             []SecretSpec{{Name: "db-password", RotationDays: 30}},
		}
		s.SetDefaults(true)
		return s
	}
	cases := []struct {
		name       string
		production bool
		mutate     func(*Spec)
		keys       []string
		reason     string
	}{
		{"valid", true, func(*Spec) {}, nil, ""},
		{"retention too short", true, func(s *Spec) { s.SoftDeleteRetentionDays = 6 }, []string{"softDeleteRetentionDays"}, "6 days is outside the 7-90"},
		{"retention too long", true, func(s *Spec) { s.SoftDeleteRetentionDays = 91 }, []string{"softDeleteRetentionDays"}, "91 days"},
		{"unknown sku", true, func(s *Spec) { s.SKU = "gold" }, []string{"sku"}, `"gold"`},
		{"vault name too long", true, func(s *Spec) { s.Name = strings.Repeat("a", 25) }, []string{"name"}, "25 characters"},
		{"vault name starts with digit", true, func(s *Spec) { s.Name = "1vault" }, []string{"name"}, "start with a letter"},
		{"vault name double hyphen", true, func(s *Spec) { s.Name = "my--vault" }, []string{"name"}, "consecutive hyphens"},
		{"secret too short", true, func(s *Spec) { s.Secrets[0].Length = 15 }, []string{"secrets[0].length"}, "length 15 is outside 16-1024"},
		{"secret name invalid", true, func(s *Spec) { s.Secrets[0].Name = "db_password" }, []string{"secrets[0].name"}, "letters, digits and hyphens"},
		{"secret name too long", true, func(s *Spec) { s.Secrets[0].Name = strings.Repeat("a", 128) }, []string{"secrets[0].name"}, "128 characters"},
		{"secret name duplicate ignoring case", true, func(s *Spec) {
			s.Secrets = append(s.Secrets, SecretSpec{Name: "DB-Password", Length: 20, Upper: new(true), RotationDays: 7, ExpiresAfterDays: 14})
		}, []string{"secrets[1].name"}, "already defined at secrets[0]"},
		{"no character class", true, func(s *Spec) {
			f := new(false)
			s.Secrets[0].Upper, s.Secrets[0].Lower, s.Secrets[0].Numeric, s.Secrets[0].Special = f, f, f, f
		}, []string{"secrets[0].upper"}, "every character class"},
		{"negative rotation", true, func(s *Spec) { s.Secrets[0].RotationDays = -1 }, []string{"secrets[0].rotationDays"}, "-1"},
		{"expiry before rotation", true, func(s *Spec) { s.Secrets[0].ExpiresAfterDays = 20 }, []string{"secrets[0].expiresAfterDays"},
			"20 days after the window starts the secret expires, on or before its rotation at 30 days"},
		{"expiry on the rotation day", false, func(s *Spec) { s.Secrets[0].ExpiresAfterDays = 30 }, []string{"secrets[0].expiresAfterDays"}, "above rotationDays"},
		{"expiry a day after rotation", true, func(s *Spec) { s.Secrets[0].ExpiresAfterDays = 31 }, nil, ""},
		{"expiry too far", true, func(s *Spec) { s.Secrets[0].ExpiresAfterDays = MaxExpiryDays + 1 }, []string{"secrets[0].expiresAfterDays"}, "more than"},
		{"admin not a GUID", true, func(s *Spec) { s.AdminGroupObjectIDs = []string{"platform-admins"} }, []string{"adminGroupObjectIds[0]"}, "GUID"},
		{"admin duplicate", true, func(s *Spec) {
			s.AdminGroupObjectIDs = append(s.AdminGroupObjectIDs, strings.ToUpper(s.AdminGroupObjectIDs[0]))
		}, []string{"adminGroupObjectIds[1]"}, "already listed"},
		{"prod public without ranges", true, func(s *Spec) { s.PublicNetworkAccess = new(true) }, []string{"allowedIpRanges"}, "admits no reader"},
		{"prod public with ranges", true, func(s *Spec) {
			s.PublicNetworkAccess = new(true)
			s.AllowedIPRanges = []string{"203.0.113.0/24"}
		}, nil, ""},
		{"dev public without ranges", false, func(s *Spec) { s.PublicNetworkAccess = new(true) }, []string{"allowedIpRanges"}, "set publicNetworkAccess false for a private endpoint"},
		{"dev public with ranges", false, func(s *Spec) {
			s.PublicNetworkAccess = new(true)
			s.AllowedIPRanges = []string{"203.0.113.0/24"}
		}, nil, ""},
		{"ranges while closed", true, func(s *Spec) { s.AllowedIPRanges = []string{"203.0.113.7"} }, []string{"allowedIpRanges"}, "never applies"},
		{"bad ranges", false, func(s *Spec) {
			s.PublicNetworkAccess = new(true)
			s.AllowedIPRanges = []string{"203.0.113.7/24", "2001:db8::/32", "nope", "198.51.100.0/24", "198.51.100.0/24"}
		}, []string{"allowedIpRanges[0]", "allowedIpRanges[1]", "allowedIpRanges[2]", "allowedIpRanges[4]"}, "did you mean 203.0.113.0/24"},
		{"internet-wide ranges in prod", true, func(s *Spec) {
			s.PublicNetworkAccess = new(true)
			s.AllowedIPRanges = []string{"0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8"}
		}, []string{"allowedIpRanges[0]", "allowedIpRanges[1]", "allowedIpRanges[2]"}, "admits a large part of the internet"},
		{"every problem at once", true, func(s *Spec) {
			s.SoftDeleteRetentionDays = 1
			s.Secrets[0].Length = 8
			s.Secrets[0].Name = "bad name"
		}, []string{"secrets[0].length", "secrets[0].name", "softDeleteRetentionDays"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := valid()
			tc.mutate(&s)
			err := s.Validate(tc.production)
			if tc.keys == nil {
				assert.NoError(t, err)
				return
			}
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Equal(t, tc.keys, verr.Keys())
			assert.Contains(t, err.Error(), tc.reason)
		})
	}
}

func TestSecretNames(t *testing.T) {
	s := Spec{Secrets: []SecretSpec{{Name: "a"}, {Name: "b"}}}
	assert.Equal(t, []string{"a", "b"}, s.SecretNames())
}

func TestDeriveVaultName(t *testing.T) {
	cases := []struct{ name, wantPrefix string }{
		{"platform", "platform-"},
		{"Platform_EastUS.kv", "platform-eastus-k-"},
		{"prod-westeurope-platform-vault", "prod-westeurope-p-"},
		{"7-eleven", "kv-7-eleven-"},
		{"---", "kv-"},
		{"a-b-c-d-e-f-g-h-i-j-k-l", "a-b-c-d-e-f-g-h-i-"},
		{"abcdefghijklmnop-rest", "abcdefghijklmnop-"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := DeriveVaultName("aks-platform", "prod", tc.name)
			assert.NoError(t, CheckVaultName(got), got)
			assert.True(t, strings.HasPrefix(got, tc.wantPrefix), "%s lacks prefix %s", got, tc.wantPrefix)
			assert.Len(t, got, len(tc.wantPrefix)+hashLen)
			assert.Equal(t, got, DeriveVaultName("aks-platform", "prod", tc.name), "deterministic")
			assert.NotEqual(t, got, DeriveVaultName("aks-platform", "dev", tc.name), "stacks differ")
		})
	}
}

func TestConfigKeysDecodeStrictly(t *testing.T) {
	raw := `{"sku": "premium", "softDeleteRetentionDays": 30, "publicNetworkAccess": false,
		"allowedIpRanges": [], "adminGroupObjectIds": ["aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"],
		"secrets": [{"name": "db", "length": 40, "upper": true, "lower": true, "numeric": true,
			"special": false, "rotationDays": 30, "expiresAfterDays": 45, "contentType": "password"}]}`
	var s Spec
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&s))
	assert.Equal(t, SKUPremium, s.SKU)
	assert.Equal(t, 30, s.Secrets[0].RotationDays)
	assert.Equal(t, 45, s.Secrets[0].ExpiresAfterDays)
	assert.False(t, *s.Secrets[0].Special)

	dec = json.NewDecoder(strings.NewReader(`{"enablePurgeProtection": false}`))
	dec.DisallowUnknownFields()
	assert.Error(t, dec.Decode(&Spec{}), "purge protection has no key")
}
