package rules

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRuleMetadata(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, r := range All() {
		t.Run(r.Name, func(t *testing.T) {
			assert.Regexp(t, kebab, r.Name)
			assert.False(t, seen[r.Name], "duplicate rule name")
			seen[r.Name] = true
			assert.NotEmpty(t, r.Description)
			assert.Contains(t, []Level{Advisory, Mandatory}, r.Level)
			assert.Contains(t, []Severity{Low, Medium, High, Critical}, r.Severity)
			assert.True(t, (r.Check == nil) != (r.CheckStack == nil), "exactly one of Check and CheckStack")
			for name, schema := range r.ConfigSchema() {
				assert.NotEqual(t, "enforcementLevel", name, "reserved by the engine")
				assert.NotEmpty(t, schema["type"], name)
			}
			if r.ProdOnly {
				assert.Contains(t, r.ConfigSchema(), "environment")
				assert.NotContains(t, r.ConfigSchema()["environment"], "default",
					"a default environment would hide the stack's own")
			}
		})
	}
}

func TestParseConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(`{
		"all": "advisory",
		"aks-api-server-access": "mandatory",
		"azure-required-tags": {"enforcementLevel": "disabled", "requiredTags": ["owner"]},
		"aks-kubernetes-version": {},
		"environments": ["platform/prod"]
	}`))
	require.NoError(t, err)
	rbac, _ := Lookup("aks-azure-rbac")
	api, _ := Lookup("aks-api-server-access")
	tags, _ := Lookup("azure-required-tags")
	k8s, _ := Lookup("aks-kubernetes-version")
	assert.Equal(t, Advisory, cfg.LevelFor(rbac), "all overrides the default")
	assert.Equal(t, Mandatory, cfg.LevelFor(api), "a policy's own level overrides all")
	assert.Equal(t, Disabled, cfg.LevelFor(tags))
	assert.Equal(t, Advisory, cfg.LevelFor(k8s), "options without a level keep all's level")
	s, err := cfg.SettingsFor(tags)
	require.NoError(t, err)
	assert.Equal(t, []string{"owner"}, s.RequiredTags)
	s, err = cfg.SettingsFor(k8s)
	require.NoError(t, err)
	assert.Equal(t, DefaultRequiredTags, s.RequiredTags)

	empty, err := ParseConfig(nil)
	require.NoError(t, err)
	assert.Equal(t, Mandatory, empty.LevelFor(api))
}

func TestParseConfigVersion2(t *testing.T) {
	cfg, err := ParseConfig([]byte(`{"version": 2, "policies": {"aks-network-policy": "advisory"}}`))
	require.NoError(t, err)
	r, _ := Lookup("aks-network-policy")
	assert.Equal(t, Advisory, cfg.LevelFor(r))

	_, err = ParseConfig([]byte(`{"version": 2, "policies": {}, "exceptions": {"x": {}}}`))
	assert.ErrorContains(t, err, "exceptions")
	_, err = ParseConfig([]byte(`{"version": 3}`))
	assert.ErrorContains(t, err, "must be 2")
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"not json", `{`, "parsing policy pack config"},
		{"unknown policy", `{"aks-no-such-thing": "mandatory"}`, "aks-no-such-thing: no such policy"},
		{"bad level", `{"aks-azure-rbac": "fatal"}`, `"fatal" is not an enforcement level`},
		{"remediate", `{"aks-azure-rbac": "remediate"}`, "only validate"},
		{"level not a string", `{"aks-azure-rbac": {"enforcementLevel": 1}}`, "must be a string"},
		{"unknown option", `{"aks-azure-rbac": {"foo": 1}}`, `unknown option "foo" (accepted: none)`},
		{"environment on a rule for every stage", `{"aks-azure-rbac": {"environment": "prod"}}`, `unknown option "environment"`},
		{"bad option type", `{"azure-required-tags": {"requiredTags": "owner"}}`, "must be a list of strings"},
		{"static minimum version replaced by the release calendar", `{"aks-kubernetes-version": {"minKubernetesVersion": "1.34"}}`, `unknown option "minKubernetesVersion" (accepted: none)`},
		{"options under all", `{"all": {"enforcementLevel": "advisory", "requiredTags": []}}`, "only an enforcement level"},
		{"neither string nor object", `{"aks-azure-rbac": true}`, "must be an enforcement level or an object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.json))
			assert.ErrorContains(t, err, tc.want)
		})
	}
	// Every problem is reported at once.
	_, err := ParseConfig([]byte(`{"a-missing": "mandatory", "aks-azure-rbac": "fatal"}`))
	assert.ErrorContains(t, err, "a-missing")
	assert.ErrorContains(t, err, "fatal")
}

func TestShippedConfigs(t *testing.T) {
	for _, file := range []string{"config.dev.json", "config.prod.json"} {
		t.Run(file, func(t *testing.T) {
			cfg, err := LoadConfig(filepath.Join("..", file))
			require.NoError(t, err)
			ha, _ := Lookup("aks-system-pool-ha")
			s, err := cfg.SettingsFor(ha)
			require.NoError(t, err)
			assert.Equal(t, file == "config.prod.json", s.Prod(), "prod-only rules know their environment")
		})
	}
	_, err := LoadConfig("does-not-exist.json")
	assert.Error(t, err)
}

func TestIsProd(t *testing.T) {
	for env, want := range map[string]bool{"prod": true, "Prod": true, "production": true, "prod-weu": true,
		"dev": false, "staging": false, "": false, "preprod": false} {
		assert.Equal(t, want, IsProd(env), env)
	}
}
