package stacks

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

// engineConfig encodes a stack config the way the Pulumi engine hands it to a Go program:
// PULUMI_CONFIG, a JSON object of full keys to strings, structured values as JSON text.
func engineConfig(t *testing.T, cfg map[string]any) string {
	t.Helper()
	out := map[string]string{}
	for k, v := range cfg {
		if s, ok := v.(string); ok {
			out[k] = s
			continue
		}
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out[k] = string(b)
	}
	b, err := json.Marshal(out)
	require.NoError(t, err)
	return string(b)
}

func TestRunLoadsTheEnginesConfig(t *testing.T) {
	t.Setenv(pulumi.EnvConfig, engineConfig(t, stackConfig(t, "dev")))
	g, err := plan.Run(Project, "dev", Run)
	require.NoError(t, err)
	require.Len(t, g.ByType(RegionType), 1)
	assert.Equal(t, "westeurope", g.ByType(RegionType)[0].Name)
}

func TestRunRejectsUnknownKeysFromTheEngine(t *testing.T) {
	cfg := stackConfig(t, "dev")
	cfg["aks-platform:ingres"] = map[string]any{"controller": "nginx"}
	cfg["aks-platform:aks"].(map[string]any)["networkPlugn"] = "azure"
	t.Setenv(pulumi.EnvConfig, engineConfig(t, cfg))
	g, err := plan.Run(Project, "dev", Run)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aks-platform:ingres: unknown key")
	assert.Contains(t, err.Error(), "aks-platform:aks.networkPlugn: unknown key")
	assert.Empty(t, g.Resources, "no resource is registered from an invalid config")
}
