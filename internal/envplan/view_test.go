package envplan

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/internal/typetoken"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

type raw struct{ pulumi.CustomResourceState }

type component struct{ pulumi.ResourceState }

// twoRegions registers two regions with a subnet in one and a vault secret in the other;
// wrong makes the secret's value plain and its resource depend on the other region.
func twoRegions(wrong bool) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		weu, neu := &component{}, &component{}
		if err := ctx.RegisterComponentResource(typetoken.Region, "westeurope", weu); err != nil {
			return err
		}
		if err := ctx.RegisterComponentResource(typetoken.Region, "northeurope", neu); err != nil {
			return err
		}
		subnet := &raw{}
		if err := ctx.RegisterResource("azure-native:network/v20240301:Subnet", "weu-aks", pulumi.Map{
			"subnetName":           pulumi.String("aks"),
			"networkSecurityGroup": pulumi.Map{"id": pulumi.String("nsg")},
		}, subnet, pulumi.Parent(weu)); err != nil {
			return err
		}
		value := pulumi.ToSecret(pulumi.String("s3cr3t")).(pulumi.StringOutput)
		opts := []pulumi.ResourceOption{pulumi.Parent(neu)}
		if wrong {
			value = pulumi.String("s3cr3t").ToStringOutput()
			opts = append(opts, pulumi.DependsOn([]pulumi.Resource{subnet}))
		}
		return ctx.RegisterResource("azure-native:keyvault:Secret", "neu-db", pulumi.Map{
			"vaultName":  pulumi.String("kv"),
			"properties": pulumi.Map{"value": value, "attributes": pulumi.Map{"expires": pulumi.Int(4102444800)}}, // 2100-01-01
			"tags": pulumi.StringMap{"environment": pulumi.String("prod"),
				"managedBy": pulumi.String("aks-platform"), "owner": pulumi.String("platform")},
		}, &raw{}, opts...)
	}
}

// Resources hands the rules what the SDK really registered: types without API versions,
// secrets still secret, parents and dependencies as URNs.
func TestResourcesConvertTheGraph(t *testing.T) {
	g, err := plan.Run(stacks.Project, "prod", twoRegions(false))
	require.NoError(t, err)
	rs := Resources(g)
	require.Len(t, rs, len(g.Resources))
	byName := map[string]rules.Resource{}
	for i, r := range rs {
		assert.Equal(t, g.Resources[i].URN, r.URN, "graph order is kept")
		byName[r.Name] = r
	}
	assert.Equal(t, "azure-native:network:Subnet", byName["weu-aks"].Type)
	assert.Equal(t, byName["westeurope"].URN, byName["weu-aks"].Parent)
	assert.True(t, byName["neu-db"].Properties.Get("properties").AsMap().Get("value").Secret())
	assert.Empty(t, Evaluate(g, stacks.Prod, rules.Config{}))

	g, err = plan.Run(stacks.Project, "prod", twoRegions(true))
	require.NoError(t, err)
	got := map[string]rules.Verdict{}
	for _, v := range Evaluate(g, stacks.Prod, rules.Config{}) {
		got[v.Policy] = v
	}
	assert.Equal(t, "neu-db", got["keyvault-secret-value-secret"].Name)
	assert.Contains(t, got["region-independence"].Message, "(region northeurope) depends on")
}

// The kind decides production, not the stack name the graph ran as.
func TestEvaluateUsesTheKind(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		return ctx.RegisterResource("azure-native:containerregistry:Registry", "acr", pulumi.Map{
			"adminUserEnabled": pulumi.Bool(false), "publicNetworkAccess": pulumi.String("Enabled")}, &raw{})
	}
	for _, tc := range []struct {
		stack string
		kind  stacks.Stage
		want  bool
	}{
		{"prod", stacks.Prod, true},
		{"dev", stacks.Prod, true},
		{"prod", stacks.Dev, false},
		{"prod-weu", stacks.Staging, false},
	} {
		g, err := plan.Run(stacks.Project, tc.stack, program)
		require.NoError(t, err)
		var policies []string
		for _, v := range Evaluate(g, tc.kind, rules.Config{}) {
			policies = append(policies, v.Policy)
		}
		assert.Equal(t, tc.want, slices.Contains(policies, "acr-public-network-disabled"), "%s as %s", tc.stack, tc.kind)
	}
}

func TestProviderURN(t *testing.T) {
	assert.Equal(t, "urn:pulumi:dev::p::pulumi:providers:kubernetes::k8s",
		providerURN("urn:pulumi:dev::p::pulumi:providers:kubernetes::k8s::04da6b54-80e4-46f7-96ec-b56ff0331ba9"))
	assert.Equal(t, "", providerURN(""))
	assert.Equal(t, "not-a-urn::x", providerURN("not-a-urn::x"))
}
