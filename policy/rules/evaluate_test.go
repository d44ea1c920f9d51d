package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/typetoken"
)

var prodTags = obj{"environment": "prod", "managedBy": "aks-platform", "owner": "platform"}

// compliantPlatform is one region of a production platform that satisfies every rule.
func compliantPlatform() []Resource {
	region := res(typetoken.Region, "westeurope", obj{})
	under := func(r Resource) Resource { r.Parent = region.URN; return r }
	password := under(res(typeRandomPassword, "db-password", obj{"length": 32}))
	secretRes := under(res(typeVaultSecret, "db", with(goodSecret(), "tags", prodTags)))
	secretRes.Dependencies = []string{password.URN}
	return observed(region.URN, []Resource{
		region,
		under(cluster(goodCluster())),
		under(vault(goodVault())),
		password,
		secretRes,
		under(res(typeNSG, "nsg", obj{"securityRules": []any{sshRule()}, "tags": prodTags})),
		under(subnetRes("aks", obj{"networkSecurityGroup": obj{"id": "nsg-id"}})),
		under(subnetRes("fw", obj{"subnetName": "AzureFirewallSubnet"})),
		under(res(typeAppGateway, "gw", with(goodGateway(), "tags", prodTags))),
		under(res(typeWAFPolicy, "waf", obj{"policySettings": obj{"mode": "Prevention", "state": "Enabled"},
			"managedRules": obj{"managedRuleSets": []any{obj{"ruleSetType": "Microsoft_DefaultRuleSet"},
				obj{"ruleSetType": botManagerRuleSet}}},
			"tags": prodTags})),
		under(res(typeRegistry, "acr", with(goodRegistry(), "tags", prodTags))),
		under(res(typeHelmRelease, "argocd", obj{"chart": "argo-cd", "version": "7.7.3"})),
		under(res(typeServiceAccount, "sa", obj{"metadata": obj{"name": "app", "labels": obj{wiUseLabel: "true"},
			"annotations": obj{wiClientIDAnnotation: "id"}}})),
	})
}

func TestCompliantPlatformHasNoVerdicts(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		t.Run(env, func(t *testing.T) {
			assert.Empty(t, Evaluate(compliantPlatform(), Config{Stage: env}))
		})
	}
}

func TestEvaluateLevels(t *testing.T) {
	rs := append(compliantPlatform(), cluster(with(goodCluster(), "disableLocalAccounts", false)))
	vs := Evaluate(rs, Config{Stage: "prod"})
	require.Len(t, vs, 1)
	assert.Equal(t, Verdict{Policy: "aks-local-accounts-disabled", Level: Mandatory, Severity: High,
		URN: rs[len(rs)-1].URN, Type: typeManagedCluster, Name: "aks",
		Message: "disableLocalAccounts must be true, is false"}, vs[0])
	assert.True(t, HasMandatory(vs))
	assert.Equal(t, "mandatory aks-local-accounts-disabled azure-native:containerservice:ManagedCluster aks: "+
		"disableLocalAccounts must be true, is false", vs[0].String())

	advisory, err := ParseConfig([]byte(`{"aks-local-accounts-disabled": "advisory"}`))
	require.NoError(t, err)
	vs = Evaluate(rs, advisory)
	require.Len(t, vs, 1)
	assert.Equal(t, Advisory, vs[0].Level)
	assert.False(t, HasMandatory(vs))
	assert.Empty(t, Blocking(vs))

	off, err := ParseConfig([]byte(`{"aks-local-accounts-disabled": "disabled"}`))
	require.NoError(t, err)
	assert.Empty(t, Evaluate(rs, off))
}

func TestEvaluateInvalidConfigFailsClosed(t *testing.T) {
	cfg := Config{Policies: map[string]PolicyConfig{"azure-required-tags": {Options: obj{"requiredTags": 7}}}}
	vs := Evaluate(compliantPlatform(), cfg)
	require.Len(t, vs, 1)
	assert.Equal(t, "azure-required-tags", vs[0].Policy)
	assert.Equal(t, Mandatory, vs[0].Level)
	assert.Contains(t, vs[0].Message, "invalid policy config")
}

func TestRulesJudgeVersionedAzureNativeTypes(t *testing.T) {
	rule, ok := Lookup("aks-azure-rbac")
	if !ok || !rule.Applies("azure-native:containerservice/v20240901:ManagedCluster") {
		t.Errorf("aks-azure-rbac must judge versioned ManagedCluster tokens")
	}
}
