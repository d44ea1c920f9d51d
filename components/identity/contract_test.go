package identity

import (
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were.
func TestContract(t *testing.T) {
	// withProvider is args(s) on the contract's Kubernetes provider.
	withProvider := func(s Spec, p pulumi.ProviderResource) *WorkloadIdentityArgs {
		a := args(s)
		a.KubernetesProvider = p
		return a
	}
	contracttest.Run(t, contracttest.Contract[*WorkloadIdentityArgs]{
		Token:    ComponentType,
		Validate: (*WorkloadIdentityArgs).Validate,
		Provider: func(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
			return kubernetes.NewProvider(ctx, "cluster", &kubernetes.ProviderArgs{})
		},
		New:  contracttest.Build(NewWorkloadIdentity, "orders"),
		Copy: func(a *WorkloadIdentityArgs) any { return a.Spec.clone() },
		Partial: func(e contracttest.Env) *WorkloadIdentityArgs {
			return withProvider(Spec{Name: "orders", Secrets: []string{"db-password"}}, e.Provider)
		},
		Defaults: func(t *testing.T, g *plan.Graph) {
			sa := g.Find(tSA, "orders-sa")
			require.NotNil(t, sa)
			assert.Equal(t, "orders", sa.String("metadata.namespace"), "namespace defaults to the name")
			assert.NotNil(t, g.Find(tNamespace, "orders-ns"), "createNamespace defaults to true")
			assert.Len(t, g.ByType(tRole), 1, "secrets default the Key Vault Secrets User role")
		},
		Invalid: []contracttest.Invalid[*WorkloadIdentityArgs]{{Name: "invalid spec", Args: func(e contracttest.Env) *WorkloadIdentityArgs {
			a := withProvider(Spec{Name: "orders", Namespace: "kube-system", Roles: []RoleSpec{{Role: "Owner of Everything", Scope: ScopeKeyVault}}}, e.Provider)
			a.OIDCIssuerURL = nil
			return a
		}, Keys: []string{"namespace", "oidcIssuerUrl", "roles[0].role"}}},
	})
}
