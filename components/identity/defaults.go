package identity

import (
	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/rbac"
)

// SetDefaults fills zero values with the documented defaults:
//
//	key               default
//	namespace         the workload name
//	serviceAccount    the workload name
//	createNamespace   true
//	roles             [{role: Key Vault Secrets User, scope: keyVault}] when secrets are listed,
//	                  otherwise none
//	secrets           none
//
// production is accepted for symmetry with the other specs; no default depends on it yet.
func (s *Spec) SetDefaults(production bool) {
	defaults.Set(&s.Namespace, s.Name)
	defaults.Set(&s.ServiceAccount, s.Name)
	defaults.SetPtr(&s.CreateNamespace, true)
	if len(s.Roles) == 0 && len(s.Secrets) > 0 {
		s.Roles = []RoleSpec{{Role: rbac.KeyVaultSecretsUser, Scope: ScopeKeyVault}}
	}
}

// clone returns a deep copy, so that defaulting args never mutates the caller's spec.
func (s Spec) clone() Spec {
	c := s
	c.Roles = append([]RoleSpec(nil), s.Roles...)
	c.Secrets = append([]string(nil), s.Secrets...)
	if s.CreateNamespace != nil {
		c.CreateNamespace = new(*s.CreateNamespace)
	}
	return c
}
