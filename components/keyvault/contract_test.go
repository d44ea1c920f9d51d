package keyvault

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were (secrets and pointers included).
func TestContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*VaultArgs]{
		Token:   ComponentType,
		New:     contracttest.Build(NewVault, "kv"),
		Copy:    func(a *VaultArgs) any { return a.Spec.clone() },
		Partial: func(contracttest.Env) *VaultArgs { return testArgs(true) },
		Defaults: func(t *testing.T, g *plan.Graph) {
			vault := g.Find(tVault, "kv-vault")
			require.NotNil(t, vault)
			assert.Equal(t, "standard", vault.String("properties.sku.name"), "default SKU")
			assert.Equal(t, "Disabled", vault.String("properties.publicNetworkAccess"), "prod default")
			pw := g.Find(tPassword, "kv-db-password-value")
			require.NotNil(t, pw)
			assert.Equal(t, float64(DefaultSecretLength), pw.Inputs["length"].NumberValue(), "secret default length")
		},
		Invalid: []contracttest.Invalid[*VaultArgs]{{Name: "invalid spec", Args: func(contracttest.Env) *VaultArgs {
			a := testArgs(true)
			a.Spec.SoftDeleteRetentionDays = 3
			a.Spec.Secrets[0].Length = 8
			a.EndpointsSubnetID = nil
			return a
		}, Keys: []string{"endpointsSubnetId", "secrets[0].length", "softDeleteRetentionDays"}}},
	})
}
