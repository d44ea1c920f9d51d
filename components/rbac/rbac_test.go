package rbac

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

func TestDefinitionIDUsesTheScopesSubscription(t *testing.T) {
	scope := "/subscriptions/1234/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
	assert.Equal(t, "/subscriptions/1234/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6",
		DefinitionID(KeyVaultSecretsUser, scope))
	assert.True(t, AcrPull.Known())
	assert.False(t, Role("Key Vault Superuser").Known())
	assert.Contains(t, Roles(), "AcrPull")
}

func TestAssign(t *testing.T) {
	scope := "/subscriptions/1234/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr"
	g, err := plan.Run("p", "s", func(ctx *pulumi.Context) error {
		if _, err := Assign(ctx, "pull", Assignment{Role: AcrPull, Scope: pulumi.String(scope), PrincipalID: pulumi.String("kubelet")}); err != nil {
			return err
		}
		_, err := Assign(ctx, "bad", Assignment{Role: "Owner of Everything", Scope: pulumi.String(scope), PrincipalID: pulumi.String("x")})
		assert.ErrorContains(t, err, `unknown built-in role "Owner of Everything"`)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, g.Resources, 1, "an unknown role registers nothing")
	ra := g.Resources[0]
	assert.Equal(t, scope, ra.String("scope"))
	assert.Equal(t, "kubelet", ra.String("principalId"))
	assert.Equal(t, "ServicePrincipal", ra.String("principalType"))
	assert.Equal(t, DefinitionID(AcrPull, scope), ra.String("roleDefinitionId"))
}

func TestSubscriptionScope(t *testing.T) {
	sub, ok := SubscriptionScope("/subscriptions/1234/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s")
	assert.True(t, ok)
	assert.Equal(t, "/subscriptions/1234", sub)
	_, ok = SubscriptionScope("resourceGroups/rg")
	assert.False(t, ok)
}

// TestPrincipalTypes: the default is ServicePrincipal (managed identities), a given type is
// sent as is, and AnyPrincipal sends none, so Azure resolves a user or a service principal.
func TestPrincipalTypes(t *testing.T) {
	scope := "/subscriptions/1234/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"
	for _, tc := range []struct {
		in   PrincipalType
		want string // "" when absent
	}{
		{"", "ServicePrincipal"},
		{Group, "Group"},
		{User, "User"},
		{AnyPrincipal, ""},
	} {
		t.Run(string(tc.in), func(t *testing.T) {
			g, err := plan.Run("p", "s", func(ctx *pulumi.Context) error {
				_, err := Assign(ctx, "a", Assignment{Role: AKSRBACClusterAdmin, Scope: pulumi.String(scope),
					PrincipalID: pulumi.String("p"), PrincipalType: tc.in})
				return err
			})
			require.NoError(t, err)
			require.Len(t, g.Resources, 1)
			v, ok := g.Resources[0].Input("principalType")
			if tc.want == "" {
				assert.False(t, ok, "principalType is left to Azure, got %v", v)
				return
			}
			assert.Equal(t, tc.want, v.StringValue())
		})
	}
}
