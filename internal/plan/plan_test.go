package plan

import (
	"testing"

	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type box struct{ pulumi.ResourceState }

func TestRunRecordsParentsInputsSecretsAndDependencies(t *testing.T) {
	g, err := Run("proj", "dev", func(ctx *pulumi.Context) error {
		b := &box{}
		if err := ctx.RegisterComponentResource("test:index:Box", "box", b); err != nil {
			return err
		}
		pw, err := random.NewRandomPassword(ctx, "box-pw", &random.RandomPasswordArgs{Length: pulumi.Int(24)}, pulumi.Parent(b))
		if err != nil {
			return err
		}
		_, err = random.NewRandomString(ctx, "box-str", &random.RandomStringArgs{
			Length:  pulumi.Int(8),
			Keepers: pulumi.StringMap{"pw": pw.Result, "plain": pulumi.ToSecret(pulumi.String("s")).(pulumi.StringOutput)},
		}, pulumi.Parent(b), pulumi.DependsOn([]pulumi.Resource{pw}))
		return err
	})
	require.NoError(t, err)
	require.Len(t, g.Resources, 3)

	comp := g.Find("test:index:Box", "box")
	require.NotNil(t, comp)
	assert.False(t, comp.Custom)
	assert.Equal(t, "urn:pulumi:dev::proj::test:index:Box::box", comp.URN)

	pw := g.Find("random:index/randomPassword:RandomPassword", "box-pw")
	require.NotNil(t, pw)
	assert.Equal(t, comp.URN, pw.Parent)
	assert.Equal(t, "urn:pulumi:dev::proj::test:index:Box$random:index/randomPassword:RandomPassword::box-pw", pw.URN)
	out, ok := pw.Outputs["result"]
	require.True(t, ok)
	assert.True(t, out.IsSecret(), "generated password must come back secret")
	assert.True(t, pw.IsPlaceholder("result"))

	str := g.Find("random:index/randomString:RandomString", "box-str")
	require.NotNil(t, str)
	assert.Contains(t, str.Dependencies, pw.URN)
	assert.True(t, str.InputIsSecret("keepers.pw"), "a keeper fed from a secret stays secret")
	assert.True(t, str.InputIsSecret("keepers.plain"))
	l, ok := str.Input("length")
	require.True(t, ok)
	assert.Equal(t, 8.0, l.NumberValue())
	assert.Equal(t, []*Resource{pw, str}, g.Children(comp.URN))
	assert.Equal(t, []*Resource{comp}, g.Ancestors(pw))
}

func TestRunReturnsProgramError(t *testing.T) {
	_, err := Run("proj", "dev", func(ctx *pulumi.Context) error {
		return assert.AnError
	})
	assert.ErrorIs(t, err, assert.AnError)
}

func TestPlaceholderIDIsShapedLikeARMID(t *testing.T) {
	id := placeholderID(pulumiArgs("azure-native:network:VirtualNetwork", "hub-vnet", map[string]string{
		"resourceGroupName": "rg-hub", "virtualNetworkName": "vnet-hub",
	}))
	assert.Equal(t, "/subscriptions/"+PlaceholderSubscription+"/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub", id)
	assert.Equal(t, placeholderGUID("a", "b"), placeholderGUID("a", "b"))
	assert.NotEqual(t, placeholderGUID("a", "b"), placeholderGUID("a", "c"))
}

func TestSplitPath(t *testing.T) {
	assert.Equal(t, []string{"agentPoolProfiles", "[0]", "count"}, splitPath("agentPoolProfiles[0].count"))
	assert.Equal(t, []string{"a", "[1]", "[2]"}, splitPath("a[1][2]"))
}

func TestPlural(t *testing.T) {
	for in, want := range map[string]string{
		"userAssignedIdentity": "userAssignedIdentities",
		"publicIPAddress":      "publicIPAddresses",
		"vault":                "vaults",
		"managedCluster":       "managedClusters",
		"applicationGateway":   "applicationGateways",
	} {
		assert.Equal(t, want, plural(in))
	}
}

// The graph's order is canonical: parents first, siblings after what they depend on and else
// by URN, whatever order the registrations arrived in.
func TestRunOrdersTheGraphCanonically(t *testing.T) {
	names := func(g *Graph) []string {
		var out []string
		for _, r := range g.Resources {
			out = append(out, r.Name)
		}
		return out
	}
	program := func(order []string) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			b := &box{}
			if err := ctx.RegisterComponentResource("test:index:Box", "box", b); err != nil {
				return err
			}
			made := map[string]pulumi.Resource{}
			for _, n := range order {
				opts := []pulumi.ResourceOption{pulumi.Parent(b)}
				if c, ok := made["c"]; ok && n == "a" {
					opts = append(opts, pulumi.DependsOn([]pulumi.Resource{c}))
				}
				r, err := random.NewRandomString(ctx, n, &random.RandomStringArgs{Length: pulumi.Int(4)}, opts...)
				if err != nil {
					return err
				}
				made[n] = r
			}
			return nil
		}
	}
	g1, err := Run("proj", "dev", program([]string{"c", "b", "a"}))
	require.NoError(t, err)
	assert.Equal(t, []string{"box", "b", "c", "a"}, names(g1),
		"a waits for c, which it depends on; b comes first by URN")
	g2, err := Run("proj", "dev", program([]string{"c", "a", "b"}))
	require.NoError(t, err)
	assert.Equal(t, names(g1), names(g2))
}

// TestSystemAssignedIdentitiesAndDomainTokensArePlaceholders: what Azure computes for a
// system-assigned identity (any resource type) and a Front Door custom domain is filled and
// listed as a placeholder; a user-assigned-only identity gets no principal, as in Azure.
func TestSystemAssignedIdentitiesAndDomainTokensArePlaceholders(t *testing.T) {
	m := resource.PropertyMap{"identity": resource.NewProperty(resource.PropertyMap{"type": resource.NewProperty("SystemAssigned")})}
	filled := fillPlaceholders("azure-native:containerregistry/v20230701:CredentialSet", "cs", m)
	assert.Contains(t, filled, "identity.principalId")
	assert.NotEmpty(t, m["identity"].ObjectValue()["principalId"].StringValue())

	u := resource.PropertyMap{"identity": resource.NewProperty(resource.PropertyMap{"type": resource.NewProperty("UserAssigned")})}
	assert.NotContains(t, fillPlaceholders("azure-native:containerservice:ManagedCluster", "aks", u), "identity.principalId")

	d := resource.PropertyMap{}
	assert.Contains(t, fillPlaceholders("azure-native:cdn:AFDCustomDomain", "www", d), "validationProperties")
	assert.Contains(t, d["validationProperties"].ObjectValue()["validationToken"].StringValue(), "offline-")
}
