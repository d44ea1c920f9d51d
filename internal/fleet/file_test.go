package fleet

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

// fleetDir returns a folder holding the named (empty) files, for config paths to point at.
func fleetDir(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte("config: {}\n"), 0o600))
	}
	return dir
}

func TestParseValid(t *testing.T) {
	dir := fleetDir(t, "Pulumi.dev.yaml", "Pulumi.prod.yaml", "policy.json")
	f, err := Parse([]byte(`
defaults:
  backend: file://~/state
  concurrency: 2
environments:
  - name: dev
    config: Pulumi.dev.yaml
    labels: {tier: nonprod}
  - name: prod
    stack: acme/aks-platform/prod
    config: Pulumi.prod.yaml
    policyConfig: policy.json
    labels: {tier: prod}
`), dir)
	require.NoError(t, err)
	require.Len(t, f.Environments, 2)
	assert.Equal(t, 2, f.Concurrency())
	dev, prod := f.Environments[0], f.Environments[1]
	assert.Equal(t, "dev", dev.StackName(), "stack defaults to the name")
	assert.Equal(t, filepath.Join(dir, "Pulumi.dev.yaml"), dev.ConfigPath())
	assert.Equal(t, "", dev.PolicyConfigPath())
	assert.Equal(t, "acme/aks-platform/prod", prod.StackName())
	assert.Equal(t, "prod", prod.ShortStack())
	assert.Equal(t, filepath.Join(dir, "policy.json"), prod.PolicyConfigPath())

	home, err := os.UserHomeDir()
	require.NoError(t, err)
	assert.Equal(t, "file://"+filepath.Join(home, "state"), f.Backend())
}

func TestParseReportsEveryProblemWithItsKey(t *testing.T) {
	dir := fleetDir(t, "Pulumi.dev.yaml")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder"), 0o700))
	tests := []struct {
		name string
		yaml string
		keys []string
	}{
		{"no environments", `defaults: {concurrency: 2}`, []string{"environments"}},
		{"bad concurrency and backend", `
defaults: {concurrency: 100, backend: /var/state}
environments: [{name: dev, config: Pulumi.dev.yaml}]`,
			[]string{"defaults.backend", "defaults.concurrency"}},
		{"negative concurrency", `
defaults: {concurrency: -1}
environments: [{name: dev, config: Pulumi.dev.yaml}]`,
			[]string{"defaults.concurrency"}},
		{"duplicate names and stacks", `
environments:
  - {name: dev, config: Pulumi.dev.yaml}
  - {name: dev, stack: other, config: Pulumi.dev.yaml}
  - {name: qa, stack: dev, config: Pulumi.dev.yaml}`,
			[]string{"environments[1].name", "environments[2].stack"}},
		{"missing and wrong files", `
environments:
  - {name: a, config: Pulumi.nope.yaml}
  - {name: b, config: folder}
  - {name: c}
  - {name: d, config: Pulumi.dev.yaml, policyConfig: nope.json}`,
			[]string{"environments[0].config", "environments[1].config", "environments[2].config",
				"environments[3].policyConfig"}},
		{"bad names, stacks and labels", `
environments:
  - {config: Pulumi.dev.yaml}
  - {name: Dev!, stack: dev2, config: Pulumi.dev.yaml}
  - {name: x, stack: acme/other-project/x, config: Pulumi.dev.yaml}
  - {name: y, stack: a/b, config: Pulumi.dev.yaml}
  - {name: z, config: Pulumi.dev.yaml, labels: {"bad key": v}}`,
			[]string{"environments[0].name", "environments[1].name", "environments[2].stack",
				"environments[3].stack", "environments[4].labels"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), dir)
			require.Error(t, err)
			var verr *validation.Error
			require.ErrorAs(t, err, &verr, "want every problem with its key, got %v", err)
			assert.Equal(t, tc.keys, verr.Keys(), "%v", err)
		})
	}
}

func TestParseRejectsUnknownKeys(t *testing.T) {
	dir := fleetDir(t, "Pulumi.dev.yaml")
	_, err := Parse([]byte("environments:\n  - {name: dev, config: Pulumi.dev.yaml, stak: x}\n"), dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stak")
}

func TestLoadRepoFleetFile(t *testing.T) {
	f, err := Load(filepath.Join("..", "..", "fleet.yaml"))
	require.NoError(t, err)
	envs, err := f.Select(nil, nil)
	require.NoError(t, err)
	var names []string
	for _, e := range envs {
		names = append(names, e.Name)
	}
	assert.Equal(t, []string{"dev", "prod"}, names)
}

func TestSelect(t *testing.T) {
	f := &File{Environments: []Member{
		{Name: "dev", Labels: map[string]string{"tier": "nonprod"}},
		{Name: "staging", Labels: map[string]string{"tier": "nonprod", "region": "weu"}},
		{Name: "prod", Labels: map[string]string{"tier": "prod", "region": "weu"}},
	}}
	tests := []struct {
		name    string
		names   []string
		labels  map[string]string
		want    []string
		wantErr string
	}{
		{"all", nil, nil, []string{"dev", "staging", "prod"}, ""},
		{"by name keeps fleet order", []string{"prod", "dev"}, nil, []string{"dev", "prod"}, ""},
		{"by label", nil, map[string]string{"tier": "nonprod"}, []string{"dev", "staging"}, ""},
		{"labels and", nil, map[string]string{"tier": "nonprod", "region": "weu"}, []string{"staging"}, ""},
		{"names and labels", []string{"dev", "prod"}, map[string]string{"region": "weu"}, []string{"prod"}, ""},
		{"unknown name", []string{"dev", "qa"}, nil, nil, "unknown environment qa"},
		{"nothing matches", nil, map[string]string{"tier": "lab"}, nil, "no environment matches"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.Select(tc.names, tc.labels)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, e := range got {
				names = append(names, e.Name)
			}
			assert.Equal(t, tc.want, names)
		})
	}
}

func TestParseLabels(t *testing.T) {
	got, err := ParseLabels([]string{"tier=prod,region=weu", "team=platform"})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"tier": "prod", "region": "weu", "team": "platform"}, got)
	_, err = ParseLabels([]string{"tier"})
	assert.ErrorContains(t, err, "want key=value")
}

func TestBackend(t *testing.T) {
	t.Setenv("PULUMI_BACKEND_URL", "azblob://state")
	assert.Equal(t, "azblob://state", (&File{}).Backend(), "falls back to PULUMI_BACKEND_URL")
	f := &File{Defaults: Defaults{Backend: "file:///srv/state"}}
	assert.Equal(t, "file:///srv/state", f.Backend(), "the fleet file wins")
	assert.Equal(t, "file://~other/x", expandHome("file://~other/x"), "only ~/ is the home folder")
}

func TestNeedsPassphrase(t *testing.T) {
	tests := []struct {
		backend, provider string
		want              bool
	}{
		{"file:///state", "", true},
		{"azblob://state", "", true},
		{"https://api.pulumi.com", "", false},
		{"", "", false},
		{"file:///state", "azurekeyvault://vault.vault.azure.net/keys/k", false},
		{"https://api.pulumi.com", "passphrase", true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, needsPassphrase(tc.backend, tc.provider), "%s %s", tc.backend, tc.provider)
	}
}
