package identity

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

// The component contract: nil args are validation.Required, a partial spec gets its defaults,
// an invalid spec registers nothing and is reported with config keys, the caller's args stay
// as they were.
func TestContract(t *testing.T) {
	cases := []struct {
		name string
		args func() *WorkloadIdentityArgs
		keys []string
	}{
		{"nil args", func() *WorkloadIdentityArgs { return nil }, []string{ComponentType}},
		{"partial spec", func() *WorkloadIdentityArgs { return args(Spec{Name: "orders", Secrets: []string{"db-password"}}) }, nil},
		{"invalid spec", func() *WorkloadIdentityArgs {
			a := args(Spec{Name: "orders", Namespace: "kube-system", Roles: []RoleSpec{{Role: "Owner of Everything", Scope: ScopeKeyVault}}})
			a.OIDCIssuerURL = nil
			return a
		}, []string{"namespace", "oidcIssuerUrl", "roles[0].role"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.args()
			if a == nil {
				err := a.Validate()
				var verr *validation.Error
				require.ErrorAs(t, err, &verr)
				assert.Equal(t, tc.keys, verr.Keys())
				return
			}
			before := a.Spec.clone()
			g, _, err := run(t, a)
			assert.Equal(t, before, a.Spec, "the caller's spec is not modified")
			if tc.keys != nil {
				var verr *validation.Error
				require.ErrorAs(t, err, &verr)
				assert.Equal(t, tc.keys, verr.Keys())
				assert.Empty(t, g.ByType(tComponent), "nothing registered")
				assert.Empty(t, g.ByType(tIdentity), "nothing registered")
				return
			}
			require.NoError(t, err)
			sa := g.Find(tSA, "orders-sa")
			require.NotNil(t, sa)
			assert.Equal(t, "orders", sa.String("metadata.namespace"), "namespace defaults to the name")
			assert.NotNil(t, g.Find(tNamespace, "orders-ns"), "createNamespace defaults to true")
			assert.Len(t, g.ByType(tRole), 1, "secrets default the Key Vault Secrets User role")
		})
	}
}
