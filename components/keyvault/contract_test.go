package keyvault

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were (secrets and pointers included).
func TestContract(t *testing.T) {
	cases := []struct {
		name string
		args func() *VaultArgs
		keys []string
	}{
		{"nil args", func() *VaultArgs { return nil }, []string{ComponentType}},
		{"partial spec", func() *VaultArgs { return testArgs(true) }, nil},
		{"invalid spec", func() *VaultArgs {
			a := testArgs(true)
			a.Spec.SoftDeleteRetentionDays = 3
			a.Spec.Secrets[0].Length = 8
			a.EndpointsSubnetID = nil
			return a
		}, []string{"endpointsSubnetId", "secrets[0].length", "softDeleteRetentionDays"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.args()
			var before Spec
			if a != nil {
				before = a.Spec.clone()
			}
			g, _, err := run(t, a, nil)
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
			vault := g.Find(tVault, "kv-vault")
			require.NotNil(t, vault)
			assert.Equal(t, "standard", vault.String("properties.sku.name"), "default SKU")
			assert.Equal(t, "Disabled", vault.String("properties.publicNetworkAccess"), "prod default")
			pw := g.Find(tPassword, "kv-db-password-value")
			require.NotNil(t, pw)
			assert.Equal(t, float64(DefaultSecretLength), pw.Inputs["length"].NumberValue(), "secret default length")
		})
	}
}
