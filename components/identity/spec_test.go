package identity

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

func TestSetDefaults(t *testing.T) {
	s := Spec{Name: "orders", Secrets: []string{"db-password"}}
	s.SetDefaults(true)
	assert.Equal(t, "orders", s.Namespace)
	assert.Equal(t, "orders", s.ServiceAccount)
	assert.True(t, *s.CreateNamespace)
	assert.Equal(t, []RoleSpec{{Role: rbac.KeyVaultSecretsUser, Scope: ScopeKeyVault}}, s.Roles)
	assert.Equal(t, "system:serviceaccount:orders:orders", s.Subject())

	bare := Spec{Name: "batch", Namespace: "jobs", ServiceAccount: "runner", CreateNamespace: new(false)}
	bare.SetDefaults(false)
	assert.Empty(t, bare.Roles, "no secrets, no default role")
	assert.False(t, *bare.CreateNamespace, "explicit false kept")
	assert.Equal(t, "system:serviceaccount:jobs:runner", bare.Subject())

	explicit := Spec{Name: "x", Secrets: []string{"a"}, Roles: []RoleSpec{{Role: rbac.AcrPull, Scope: ScopeRegistry}}}
	explicit.SetDefaults(false)
	assert.Equal(t, []RoleSpec{{Role: rbac.AcrPull, Scope: ScopeRegistry}}, explicit.Roles, "explicit roles replace the default")
}

func validSpec() Spec {
	s := Spec{
		Name:    "orders",
		Secrets: []string{"db-password"},
		Roles: []RoleSpec{
			{Role: rbac.KeyVaultSecretsUser, Scope: ScopeKeyVault},
			{Role: rbac.Reader, Scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/data"},
		},
	}
	s.SetDefaults(true)
	return s
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Spec)
		keys   []string
		reason string
	}{
		{"valid", func(*Spec) {}, nil, ""},
		{"name not a DNS label", func(s *Spec) { s.Name = "Orders_API" }, []string{"name"}, "not a DNS label"},
		{"name missing", func(s *Spec) { s.Name = "" }, []string{"name"}, "is required"},
		{"namespace not a DNS label", func(s *Spec) { s.Namespace = "team.orders" }, []string{"namespace"}, `"team.orders" is not a DNS label`},
		{"namespace too long", func(s *Spec) { s.Namespace = strings.Repeat("a", 64) }, []string{"namespace"}, "64 characters"},
		{"namespace reserved", func(s *Spec) { s.Namespace = "kube-system" }, []string{"namespace"}, "reserved"},
		{"create default namespace", func(s *Spec) { s.Namespace = "default" }, []string{"createNamespace"}, "always exists"},
		{"use default namespace", func(s *Spec) { s.Namespace = "default"; s.CreateNamespace = new(false) }, nil, ""},
		{"service account subdomain", func(s *Spec) { s.ServiceAccount = "orders.api" }, nil, ""},
		{"service account invalid", func(s *Spec) { s.ServiceAccount = "-orders" }, []string{"serviceAccount"}, "DNS subdomain"},
		{"unknown role", func(s *Spec) { s.Roles[0].Role = "Key Vault Reader Writer" }, []string{"roles[0].role"}, `unknown role "Key Vault Reader Writer"; known roles: AcrPull`},
		{"bad scope", func(s *Spec) { s.Roles[1].Scope = "vault" }, []string{"roles[1].scope"}, "neither one of keyVault, registry, resourceGroup nor an ARM ID"},
		{"scope with trailing slash", func(s *Spec) { s.Roles[1].Scope = "/subscriptions/x/" }, []string{"roles[1].scope"}, "ARM ID"},
		{"duplicate role", func(s *Spec) { s.Roles = append(s.Roles, s.Roles[0]) }, []string{"roles[2]"}, "already granted by roles[0]"},
		{"bad secret name", func(s *Spec) { s.Secrets = []string{"db_password"} }, []string{"secrets[0]"}, "letters, digits and hyphens"},
		{"duplicate secret", func(s *Spec) { s.Secrets = []string{"db", "DB"} }, []string{"secrets[1]"}, "already listed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := validSpec()
			tc.mutate(&s)
			err := s.Validate(true)
			if tc.keys == nil {
				assert.NoError(t, err)
				return
			}
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Equal(t, tc.keys, verr.Keys())
			assert.Contains(t, err.Error(), tc.reason)
		})
	}
}

func TestValidateAll(t *testing.T) {
	specs := []Spec{
		{Name: "orders", Namespace: "shop"},
		{Name: "payments", Namespace: "shop", CreateNamespace: new(false)},
		{Name: "orders", Namespace: "orders-2"},                        // duplicate name
		{Name: "billing", Namespace: "shop", ServiceAccount: "orders"}, // same SA as [0], creates shop again
		{Name: "Bad", Namespace: "shop", CreateNamespace: new(false)},  // per-spec problem, prefixed
	}
	for i := range specs {
		specs[i].SetDefaults(true)
	}
	err := ValidateAll(specs, true)
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
	// [4]'s service account defaulted to its invalid name, so it is wrong twice.
	assert.Equal(t, []string{"[2].name", "[3].createNamespace", "[3].serviceAccount", "[4].name", "[4].serviceAccount"}, verr.Keys())
	assert.Contains(t, err.Error(), `[2].name: workload "orders" is already defined at [0]`)
	assert.Contains(t, err.Error(), "service account shop/orders is already used by workload [0]")

	var prefixed validation.Problems
	prefixed.Merge("aks-platform:workloads", err)
	assert.Equal(t, "aks-platform:workloads[2].name", prefixed[0].Key)

	assert.NoError(t, ValidateAll(specs[:2], true))
}

func TestObjectsParameter(t *testing.T) {
	raw := ObjectsParameter([]string{"db-password", "null", "123"})
	var doc struct{ Array []string }
	require.NoError(t, yaml.Unmarshal([]byte(raw), &doc), raw)
	require.Len(t, doc.Array, 3)
	for i, want := range []string{"db-password", "null", "123"} {
		var obj map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(doc.Array[i]), &obj), doc.Array[i])
		assert.Equal(t, map[string]any{"objectName": want, "objectType": "secret"}, obj)
	}
}

func TestConfigKeysDecodeStrictly(t *testing.T) {
	raw := `[{"name": "orders", "namespace": "shop", "serviceAccount": "orders-api", "createNamespace": false,
		"roles": [{"role": "Key Vault Secrets User", "scope": "keyVault"}], "secrets": ["db-password"]}]`
	var specs []Spec
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&specs))
	require.Len(t, specs, 1)
	assert.Equal(t, rbac.KeyVaultSecretsUser, specs[0].Roles[0].Role)
	assert.False(t, *specs[0].CreateNamespace)

	dec = json.NewDecoder(strings.NewReader(`[{"name": "orders", "identity": "x"}]`))
	dec.DisallowUnknownFields()
	assert.Error(t, dec.Decode(&specs))
}

func TestSubject(t *testing.T) {
	assert.Equal(t, "system:serviceaccount:ingress-azure:ingress-azure", Subject("ingress-azure", "ingress-azure"))
	s := Spec{Namespace: "shop", ServiceAccount: "orders-api"}
	assert.Equal(t, Subject("shop", "orders-api"), s.Subject(), "the spec's subject is its ServiceAccount's")
}
