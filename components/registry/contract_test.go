package registry

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were.
func TestContract(t *testing.T) {
	cases := []struct {
		name string
		args func() *RegistryArgs
		keys []string
	}{
		{"nil args", func() *RegistryArgs { return nil }, []string{ComponentType}},
		{"partial spec", func() *RegistryArgs { return args(true) }, nil},
		{"invalid spec", func() *RegistryArgs {
			a := args(true)
			a.Spec = Spec{SKU: Standard, AdminUserEnabled: true, Credentials: []Credential{{LoginServer: "docker.io"}}}
			a.KubeletObjectID = nil
			return a
		}, []string{"adminUserEnabled", "credentials[0].keyVaultId", "credentials[0].passwordSecretId",
			"credentials[0].usernameSecretId", "kubeletObjectId", "publicNetworkAccess"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.args()
			var before Spec
			if a != nil {
				before = a.Spec.clone()
			}
			g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
				_, err := NewRegistry(ctx, "acr", a)
				return err
			})
			if a != nil {
				assert.Equal(t, before, a.Spec, "the caller's spec is not modified")
			}
			if tc.keys != nil {
				var verr *validation.Error
				require.ErrorAs(t, err, &verr)
				assert.Equal(t, tc.keys, verr.Keys())
				assert.Empty(t, g.Resources, "nothing registered")
				return
			}
			require.NoError(t, err)
			reg := g.Find("azure-native:containerregistry:Registry", "acr-acr")
			require.NotNil(t, reg)
			assert.Equal(t, "Premium", reg.String("sku.name"), "prod default")
			assert.Equal(t, "Disabled", reg.String("publicNetworkAccess"), "prod default")
		})
	}
}
