package provider

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/frontdoor"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/keyvault"
	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/registry"
	"github.com/aksplatform/platform/stacks"
)

// TestSchemaServesTheComponentsTokens: the package serves exactly the components' own type
// tokens, so a YAML program and a Go program build the same resources; each has its outputs,
// the kubeconfigs are secret, and every input is described.
func TestSchemaServesTheComponentsTokens(t *testing.T) {
	raw, err := Schema(context.Background())
	require.NoError(t, err)
	var schema struct {
		Resources map[string]struct {
			Properties map[string]struct {
				Secret      bool   `json:"secret"`
				Description string `json:"description"`
			} `json:"properties"`
			InputProperties map[string]struct {
				Description string `json:"description"`
			} `json:"inputProperties"`
		} `json:"resources"`
	}
	require.NoError(t, json.Unmarshal(raw, &schema))
	want := []string{network.HubType, network.SpokeType, network.PeeringType, aks.ComponentType,
		registry.ComponentType, monitoring.ComponentType, keyvault.ComponentType, identity.ComponentType,
		ingress.AGICType, ingress.NGINXType, gitops.ComponentType, frontdoor.ComponentType, stacks.RegionType}
	var got []string
	for token := range schema.Resources {
		got = append(got, token)
	}
	assert.ElementsMatch(t, want, got)

	for token, r := range schema.Resources {
		assert.NotEmpty(t, r.Properties, "%s exports no output", token)
		for name, in := range r.InputProperties {
			assert.NotEmpty(t, in.Description, "%s input %s", token, name)
		}
	}
	assert.True(t, schema.Resources[aks.ComponentType].Properties["kubeconfig"].Secret)
	assert.True(t, schema.Resources[stacks.RegionType].Properties["kubeconfig"].Secret)
	assert.Contains(t, schema.Resources[aks.ComponentType].InputProperties["networkPlugin"].Description, "Default (dev / prod):")
	outputs := slices.Sorted(func(yield func(string) bool) {
		for k := range schema.Resources[aks.ComponentType].Properties {
			if !yield(k) {
				return
			}
		}
	})
	assert.Equal(t, "clusterId clusterName controlPlanePrincipalId kubeconfig kubeletClientId kubeletObjectId nodeResourceGroup oidcIssuerUrl", strings.Join(outputs, " "))
}
