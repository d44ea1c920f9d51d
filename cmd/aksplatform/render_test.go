package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/envplan"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/stacks"
	"github.com/aksplatform/platform/validation"
)

// What a reviewer must see in the text plan: who gets which role where, what the firewall lets
// out, and which host names Front Door accepts.
func TestPlanTextShowsReviewSettings(t *testing.T) {
	out, err := runPlanCmd(t, "--stack", "prod", "--today", pinnedDay)
	require.NoError(t, err)
	assert.Regexp(t, `-acr-acrpull  azure-native:authorization:RoleAssignment  \[role="AcrPull" principalType=ServicePrincipal principalId=[0-9a-f-]{36} scope=/subscriptions/`, out)
	assert.Regexp(t, `FirewallPolicyRuleCollectionGroup  \[ruleCollections=.*aks-fqdn\(200 Allow\)\{aks-fqdn-tag:AzureKubernetesService/Https:443\}`, out)
	// Each generated secret shows its expiry after its rotation: 30-day windows counted from
	// the epoch put 2026-11-30 in the one that ends on 2026-12-03; 30 days of grace follow.
	assert.Regexp(t, `-kv-orders-db-password  azure-native:keyvault:Secret  \[expires=2027-01-02 rotateAfter=2026-12-03 secretName=orders-db-password`, out)
	assert.Contains(t, out, "properties.networkAcls.defaultAction=Deny")
	assert.Contains(t, out, "policies.exportPolicy.status=disabled")
	assert.Contains(t, out, "as of "+pinnedDay)
}

func TestSettingsRenderFromInputs(t *testing.T) {
	obj := func(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }
	for _, tc := range []struct {
		name string
		res  plan.Resource
		want string
	}{
		{"custom domain", plan.Resource{Type: "azure-native:cdn/v20240901:AFDCustomDomain", Inputs: obj(map[string]any{
			"hostName": "shop.example.com", "tlsSettings": map[string]any{"certificateType": "ManagedCertificate"}})},
			`  [hostName=shop.example.com tlsSettings.certificateType=ManagedCertificate]`},
		{"unknown role", plan.Resource{Type: "azure-native:authorization:RoleAssignment", Inputs: obj(map[string]any{
			"roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/x", "principalId": "p"})},
			`  [role=/providers/Microsoft.Authorization/roleDefinitions/x principalId=p]`},
		{"classic firewall", plan.Resource{Type: "azure-native:network:AzureFirewall", Inputs: obj(map[string]any{
			"applicationRuleCollections": []any{map[string]any{"name": "git", "priority": 300,
				"action": map[string]any{"type": "Allow"}, "rules": []any{map[string]any{"name": "github",
					"targetFqdns": []any{"github.com", "*.github.com"}, "protocols": []any{
						map[string]any{"protocolType": "Https", "port": 443}}}}}}})},
			`  [applicationRuleCollections=git(300 Allow){github:github.com+*.github.com/Https:443}]`},
		{"secret", plan.Resource{Type: "azure-native:keyvault:Secret", Inputs: resource.PropertyMap{
			"properties": resource.NewProperty(resource.PropertyMap{"value": resource.MakeSecret(resource.NewProperty("s"))})}},
			`  [properties.value=[secret]]`},
		{"secret dates", plan.Resource{Type: "azure-native:keyvault:Secret", Inputs: obj(map[string]any{
			"properties": map[string]any{"attributes": map[string]any{"expires": 1798848000}},
			"tags":       map[string]any{"rotateAfter": "2026-12-03"}})},
			`  [expires=2027-01-02 rotateAfter=2026-12-03]`},
		{"nothing to show", plan.Resource{Type: "aksplatform:stacks:Region"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, settings(&tc.res))
		})
	}
}

// Warnings print with their keys, in text and JSON, in the order the environment gives them.
func TestWarningsAreRendered(t *testing.T) {
	env, err := stacks.LoadFile("../../Pulumi.dev.yaml")
	require.NoError(t, err)
	env.Now = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	res, err := envplan.Plan(env, envplan.Options{})
	require.NoError(t, err)
	res.Warnings = validation.Warnings{
		{Key: "aks-platform:aks.kubernetesVersion", Reason: "1.33 leaves AKS support on 2027-01-15"},
		{Key: "aks-platform:aks.networkPolicy", Reason: "azure is being retired"},
	}
	report := &planReport{Result: res, ConfigFile: "Pulumi.dev.yaml"}

	var text bytes.Buffer
	require.NoError(t, renderText(&text, report))
	assert.Contains(t, text.String(), "Warnings (2; the plan goes on, but look at them)\n"+
		"  aks-platform:aks.kubernetesVersion: 1.33 leaves AKS support on 2027-01-15\n"+
		"  aks-platform:aks.networkPolicy: azure is being retired\n")

	var js bytes.Buffer
	require.NoError(t, renderJSON(&js, report))
	var doc struct {
		AsOf     string `json:"asOf"`
		Warnings []struct{ Key, Reason string }
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	assert.Equal(t, "2026-11-30", doc.AsOf)
	require.Len(t, doc.Warnings, 2)
	assert.Equal(t, "aks-platform:aks.networkPolicy", doc.Warnings[1].Key)

	res.Warnings = nil
	text.Reset()
	require.NoError(t, renderText(&text, report))
	assert.NotContains(t, text.String(), "Warnings")
}
