package registry

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were.
func TestContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*RegistryArgs]{
		Token:   ComponentType,
		Stack:   "prod",
		New:     contracttest.Build(NewRegistry, "acr"),
		Copy:    func(a *RegistryArgs) any { return a.Spec.clone() },
		Partial: func(contracttest.Env) *RegistryArgs { return args(true) },
		Defaults: func(t *testing.T, g *plan.Graph) {
			reg := g.Find("azure-native:containerregistry:Registry", "acr-acr")
			require.NotNil(t, reg)
			assert.Equal(t, "Premium", reg.String("sku.name"), "prod default")
			assert.Equal(t, "Disabled", reg.String("publicNetworkAccess"), "prod default")
		},
		Invalid: []contracttest.Invalid[*RegistryArgs]{{Name: "invalid spec", Args: func(contracttest.Env) *RegistryArgs {
			a := args(true)
			a.Spec = Spec{SKU: Standard, AdminUserEnabled: true, Credentials: []Credential{{LoginServer: "docker.io"}}}
			a.KubeletObjectID = nil
			return a
		}, Keys: []string{"adminUserEnabled", "credentials[0].keyVaultId", "credentials[0].passwordSecretId",
			"credentials[0].usernameSecretId", "exportEnabled", "kubeletObjectId", "publicNetworkAccess"}}},
	})
}
