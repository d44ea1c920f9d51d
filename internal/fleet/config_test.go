package fleet

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	return p
}

func TestStackConfig(t *testing.T) {
	p := writeFile(t, t.TempDir(), "Pulumi.x.yaml", `
config:
  azure-native:location: westeurope
  environment: dev
  aks-platform:hub:
    firewall: false
  aks-platform:regions:
    - location: westeurope
  aks-platform:retries: 3
  aks-platform:ratio: 0.5
  aks-platform:debug: true
`)
	got, err := stackConfig(p)
	require.NoError(t, err)
	assert.Equal(t, auto.ConfigMap{
		"azure-native:location":    {Value: "westeurope"},
		"aks-platform:environment": {Value: "dev"},
		"aks-platform:hub":         {Value: `{"firewall":false}`},
		"aks-platform:regions":     {Value: `[{"location":"westeurope"}]`},
		"aks-platform:retries":     {Value: "3"},
		"aks-platform:ratio":       {Value: "0.5"},
		"aks-platform:debug":       {Value: "true"},
	}, got)
	var regions []map[string]any
	require.NoError(t, json.Unmarshal([]byte(got["aks-platform:regions"].Value), &regions))
}

func TestStackConfigRejectsCiphertext(t *testing.T) {
	p := writeFile(t, t.TempDir(), "Pulumi.x.yaml", `
config:
  aks-platform:password:
    secure: v1:abc
`)
	_, err := stackConfig(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aks-platform:password: secure values are not supported")
}

// TestRepoConfigRoundTrips checks that every value of the repository's stack files survives
// the trip through config text: what stacks.Load parses back equals what the YAML holds.
func TestRepoConfigRoundTrips(t *testing.T) {
	for _, name := range []string{"Pulumi.dev.yaml", "Pulumi.prod.yaml"} {
		t.Run(name, func(t *testing.T) {
			cfg, err := stackConfig(filepath.Join("..", "..", name))
			require.NoError(t, err)
			assert.Contains(t, cfg, "aks-platform:environment")
			assert.Contains(t, cfg, "azure-native:location")
			for k, v := range cfg {
				if len(v.Value) > 0 && (v.Value[0] == '{' || v.Value[0] == '[') {
					assert.True(t, json.Valid([]byte(v.Value)), "%s: %s", k, v.Value)
				}
			}
		})
	}
}
