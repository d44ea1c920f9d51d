package rules

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

var prodTags = obj{"environment": "prod", "managedBy": "aks-platform", "owner": "platform"}

// compliantPlatform is one region of a production platform that satisfies every rule.
func compliantPlatform() []Resource {
	region := res(RegionType, "westeurope", obj{})
	under := func(r Resource) Resource { r.Parent = region.URN; return r }
	password := under(res(typeRandomPassword, "db-password", obj{"length": 32}))
	secretRes := under(res(typeVaultSecret, "db", obj{"properties": obj{"value": secret("x")}, "tags": prodTags}))
	secretRes.Dependencies = []string{password.URN}
	return []Resource{
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
			"tags": prodTags})),
		under(res(typeRegistry, "acr", obj{"adminUserEnabled": false, "publicNetworkAccess": "Disabled",
			"tags": prodTags})),
		under(res(typeHelmRelease, "argocd", obj{"chart": "argo-cd", "version": "7.7.3"})),
		under(res(typeServiceAccount, "sa", obj{"metadata": obj{"name": "app", "labels": obj{wiUseLabel: "true"},
			"annotations": obj{wiClientIDAnnotation: "id"}}})),
	}
}

func TestCompliantPlatformHasNoVerdicts(t *testing.T) {
	for _, env := range []string{"dev", "prod"} {
		t.Run(env, func(t *testing.T) {
			assert.Empty(t, Evaluate(compliantPlatform(), Config{Environment: env}))
		})
	}
}

func TestEvaluateLevels(t *testing.T) {
	rs := append(compliantPlatform(), cluster(with(goodCluster(), "disableLocalAccounts", false)))
	vs := Evaluate(rs, Config{Environment: "prod"})
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

// rawResource is any custom resource registered by type token, for programs under mocks.
type rawResource struct{ pulumi.CustomResourceState }

type regionComponent struct{ pulumi.ResourceState }

// platformProgram registers two regions; bad turns on the violations the issue names.
func platformProgram(bad bool) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		regions := map[string]*regionComponent{}
		for _, loc := range []string{"westeurope", "northeurope"} {
			regions[loc] = &regionComponent{}
			if err := ctx.RegisterComponentResource(RegionType, loc, regions[loc]); err != nil {
				return err
			}
		}
		tags := pulumi.StringMap{"environment": pulumi.String("prod"), "managedBy": pulumi.String("aks-platform"),
			"owner": pulumi.String("platform")}
		ranges := pulumi.StringArray{pulumi.String("203.0.113.0/24")}
		purge := true
		value := pulumi.ToSecret(pulumi.String("s3cr3t")).(pulumi.StringOutput)
		if bad {
			ranges = append(ranges, pulumi.String("0.0.0.0/0"))
			purge = false
			value = pulumi.String("s3cr3t").ToStringOutput()
		}
		weuSubnet := &rawResource{}
		if err := ctx.RegisterResource(typeSubnet, "weu-aks", pulumi.Map{
			"subnetName":           pulumi.String("aks"),
			"networkSecurityGroup": pulumi.Map{"id": pulumi.String("nsg")},
		}, weuSubnet, pulumi.Parent(regions["westeurope"])); err != nil {
			return err
		}
		clusterOpts := []pulumi.ResourceOption{pulumi.Parent(regions["northeurope"])}
		if bad {
			clusterOpts = append(clusterOpts, pulumi.DependsOn([]pulumi.Resource{weuSubnet}))
		}
		props := resourceMap(goodCluster())
		props["apiServerAccessProfile"] = pulumi.Map{"enablePrivateCluster": pulumi.Bool(false),
			"authorizedIPRanges": ranges}
		props["tags"] = tags
		if err := ctx.RegisterResource(typeManagedCluster, "neu-aks", props, &rawResource{}, clusterOpts...); err != nil {
			return err
		}
		vaultProps := resourceMap(goodVault())
		vaultProps["properties"].(pulumi.Map)["enablePurgeProtection"] = pulumi.Bool(purge)
		kv := &rawResource{}
		if err := ctx.RegisterResource(typeVault, "neu-kv", vaultProps, kv,
			pulumi.Parent(regions["northeurope"])); err != nil {
			return err
		}
		return ctx.RegisterResource(typeVaultSecret, "neu-db", pulumi.Map{
			"vaultName":  pulumi.String("kv-weu"),
			"properties": pulumi.Map{"value": value},
			"tags":       tags,
		}, &rawResource{}, pulumi.Parent(kv))
	}
}

// resourceMap turns plain test values into pulumi inputs.
func resourceMap(o obj) pulumi.Map {
	var conv func(x any) pulumi.Input
	conv = func(x any) pulumi.Input {
		switch x := x.(type) {
		case bool:
			return pulumi.Bool(x)
		case int:
			return pulumi.Int(x)
		case string:
			return pulumi.String(x)
		case []any:
			arr := pulumi.Array{}
			for _, e := range x {
				arr = append(arr, conv(e))
			}
			return arr
		case map[string]any:
			m := pulumi.Map{}
			for k, e := range x {
				m[k] = conv(e)
			}
			return m
		}
		panic("resourceMap: unsupported value")
	}
	return conv(o).(pulumi.Map)
}

func TestEvaluateGraph(t *testing.T) {
	good, err := plan.Run("aks-platform", "prod", platformProgram(false))
	require.NoError(t, err)
	assert.Empty(t, EvaluateGraph(good, Config{}))

	bad, err := plan.Run("aks-platform", "prod", platformProgram(true))
	require.NoError(t, err)
	vs := EvaluateGraph(bad, Config{})
	got := map[string]Verdict{}
	for _, v := range vs {
		got[v.Policy] = v
	}
	require.Len(t, got, 4, "verdicts: %v", vs)
	api := got["aks-api-server-access"]
	assert.Equal(t, Mandatory, api.Level)
	assert.Equal(t, "neu-aks", api.Name)
	assert.True(t, strings.HasSuffix(api.URN, "::neu-aks"), api.URN)
	assert.Contains(t, api.Message, "0.0.0.0/0")
	assert.Equal(t, "neu-kv", got["keyvault-purge-protection"].Name)
	assert.Equal(t, "neu-db", got["keyvault-secret-value-secret"].Name)
	assert.Contains(t, got["region-independence"].Message, "(region northeurope) depends on")
	assert.True(t, HasMandatory(vs))
}

func TestEvaluateGraphEnvironmentFromStack(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		return ctx.RegisterResource(typeRegistry, "acr", pulumi.Map{"adminUserEnabled": pulumi.Bool(false),
			"publicNetworkAccess": pulumi.String("Enabled")}, &rawResource{})
	}
	policies := func(vs []Verdict) (names []string) {
		for _, v := range vs {
			if v.Policy != "azure-required-tags" {
				names = append(names, v.Policy)
			}
		}
		return names
	}
	for _, tc := range []struct {
		stack, env string
		want       []string
	}{
		{"prod", "", []string{"acr-public-network-disabled"}},
		{"prod-weu", "", []string{"acr-public-network-disabled"}},
		{"dev", "", nil},
		{"dev", "prod", []string{"acr-public-network-disabled"}},
		{"prod", "dev", nil},
	} {
		t.Run(tc.stack+"/"+tc.env, func(t *testing.T) {
			g, err := plan.Run("aks-platform", tc.stack, program)
			require.NoError(t, err)
			assert.Equal(t, tc.want, policies(EvaluateGraph(g, Config{Environment: tc.env})))
		})
	}
}

func TestRulesJudgeVersionedAzureNativeTypes(t *testing.T) {
	rule, ok := Lookup("aks-azure-rbac")
	if !ok || !rule.Applies("azure-native:containerservice/v20240901:ManagedCluster") {
		t.Errorf("aks-azure-rbac must judge versioned ManagedCluster tokens")
	}
}
