package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plan runs `aksplatform plan args...` and returns what it printed and its error.
func runPlanCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(append([]string{"plan"}, args...))
	err := cmd.Execute()
	return out.String(), err
}

func TestPlanDevByDefault(t *testing.T) {
	out, err := runPlanCmd(t)
	require.NoError(t, err)
	assert.Contains(t, out, "stack dev")
	assert.Contains(t, out, "OFFLINE PLAN")
	assert.Contains(t, out, "placeholders")
	// the address plan table
	assert.Regexp(t, `westeurope\s+spoke\s+private\s+10\.1\.0\.0/20\s+4091\s+AKS nodes`, out)
	assert.Regexp(t, `westeurope\s+hub\s+AzureFirewallSubnet\s+10\.0\.0\.0/26\s+59`, out)
	assert.Regexp(t, `westeurope\s+cluster\s+podCidr\s+10\.244\.0\.0/16\s+-\s+pods: one /24 per node, up to 10 of 256 /24s taken \(kubenet\)`, out)
	assert.Regexp(t, `westeurope\s+cluster\s+serviceCidr\s+172\.16\.0\.0/16\s+-\s+service cluster IPs; cluster DNS at 172\.16\.0\.10`, out)
	// the tree: the region component, the cluster under it, with its key settings
	assert.Contains(t, out, "* westeurope  aksplatform:stacks:Region")
	assert.Contains(t, out, "networkProfile.networkPlugin=kubenet")
	assert.Contains(t, out, "Count by type")
	assert.NotContains(t, out, "AzureFirewall ", "dev has no firewall")
}

func TestPlanProdShowsBothRegionsHubAndCluster(t *testing.T) {
	out, err := runPlanCmd(t, "--stack", "prod")
	require.NoError(t, err)
	for _, want := range []string{
		"* northeurope  aksplatform:stacks:Region",
		"* westeurope  aksplatform:stacks:Region",
		"aksplatform:network:Hub",
		"azure-native:network:AzureFirewall",
		"aksplatform:aks:Cluster",
		"azure-native:containerregistry:Registry",
		"networkProfile.networkPlugin=azure",
		"prod-northeurope-aks-pool-apps  azure-native:containerservice/v20240901:AgentPool",
		"prod-westeurope-aks-pool-apps  azure-native:containerservice/v20240901:AgentPool",
	} {
		assert.Contains(t, out, want)
	}
}

func TestPlanFormats(t *testing.T) {
	out, err := runPlanCmd(t, "--format", "mermaid")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out, "%% aks-platform stack dev"))
	assert.Contains(t, out, "flowchart TD")
	assert.Regexp(t, `c\d+ --> c\d+`, out)

	out, err = runPlanCmd(t, "--format", "json")
	require.NoError(t, err)
	var doc struct {
		Offline   bool `json:"offline"`
		Resources []struct {
			Type   string         `json:"type"`
			Inputs map[string]any `json:"inputs"`
		} `json:"resources"`
		AddressPlan []map[string]any `json:"addressPlan"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.True(t, doc.Offline)
	assert.NotEmpty(t, doc.AddressPlan)
	secrets := 0
	for _, r := range doc.Resources {
		if r.Type == "azure-native:keyvault:Secret" {
			props := r.Inputs["properties"].(map[string]any)
			assert.Equal(t, "[secret]", props["value"], "secret values never print")
			secrets++
		}
	}
	assert.Positive(t, secrets, "the dev stack writes a generated secret to the vault")

	_, err = runPlanCmd(t, "--format", "yaml")
	assert.ErrorContains(t, err, "--format")
}

func TestPlanInvalidConfigListsEveryProblem(t *testing.T) {
	b, err := os.ReadFile("../../Pulumi.prod.yaml")
	require.NoError(t, err)
	bad := strings.NewReplacer(
		"addressSpace: 10.21.0.0/16", "addressSpace: 10.11.0.0/16", // overlap across regions
		"controller: agic", "controller: traefik",
		"addressSpace: 10.20.0.0/22", "addressSpace: 10.20.0.0/33",
	).Replace(string(b))
	path := filepath.Join(t.TempDir(), "Pulumi.bad.yaml")
	require.NoError(t, os.WriteFile(path, []byte(bad), 0o600))

	out, err := runPlanCmd(t, "--config", path)
	require.Error(t, err)
	assert.Empty(t, out, "nothing is planned")
	for _, key := range []string{"aks-platform:ingress.controller", "aks-platform:regions[1].hub.addressSpace", "aks-platform:regions[1].spoke.addressSpace"} {
		assert.Contains(t, err.Error(), key)
	}
}
