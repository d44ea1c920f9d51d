package identity

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/keyvault"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

var (
	dnsSubdomainRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	armIDRE        = regexp.MustCompile(`^/subscriptions/[^/]+(/[^/]+)*$`)
)

// Kubernetes object names, RFC 1123: namespaces are DNS labels, ServiceAccounts DNS
// subdomains.
// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
var (
	dnsLabel     = nameKind{"a DNS label", 63, "lowercase letters, digits and '-', starting and ending with a letter or digit", validation.IsDNSLabel}
	dnsSubdomain = nameKind{"a DNS subdomain", 253, "dot-separated DNS labels", dnsSubdomainRE.MatchString}
)

// nameKind is one of the RFC 1123 name forms, with its length limit.
type nameKind struct {
	what  string
	max   int
	rule  string
	valid func(string) bool
}

// check returns why v is not a name of this kind, or nil.
func (k nameKind) check(v string) error {
	switch {
	case v == "":
		return fmt.Errorf("is required")
	case len(v) > k.max:
		return fmt.Errorf("%q is %d characters; %s has at most %d", v, len(v), k.what, k.max)
	case !k.valid(v):
		return fmt.Errorf("%q is not %s: %s", v, k.what, k.rule)
	}
	return nil
}

// CheckNamespace returns why ns cannot be a workload's namespace, or nil: it must be a DNS
// label and not one of Kubernetes' own kube-* namespaces. Every check of a workload namespace
// (the workloads' own, the namespaces Argo CD deploys them into) uses it.
func CheckNamespace(ns string) error {
	if err := dnsLabel.check(ns); err != nil {
		return err
	}
	if strings.HasPrefix(ns, "kube-") {
		return fmt.Errorf("%q is reserved for Kubernetes system components", ns)
	}
	return nil
}

// IsNamedScope reports whether scope is one of NamedScopes.
func IsNamedScope(scope string) bool {
	for _, n := range NamedScopes() {
		if scope == n {
			return true
		}
	}
	return false
}

// Validate returns nil or a *validation.Error listing every problem of one workload, keyed
// relative to it ("roles[1].scope"). It expects a spec that went through SetDefaults.
func (s Spec) Validate(production bool) error {
	var ps validation.Problems
	if err := dnsLabel.check(s.Name); err != nil {
		ps.Addf("name", "workload name %v", err)
	}
	if err := CheckNamespace(s.Namespace); err != nil {
		ps.Addf("namespace", "namespace %v", err)
	} else if s.Namespace == "default" && defaults.True(s.CreateNamespace) {
		ps.Addf("createNamespace", "namespace default always exists; set createNamespace to false")
	}
	if err := dnsSubdomain.check(s.ServiceAccount); err != nil {
		ps.Addf("serviceAccount", "service account %v", err)
	}
	pairs := map[RoleSpec]int{}
	for i, r := range s.Roles {
		key := validation.Index("roles", i)
		if !r.Role.Known() {
			ps.Addf(key+".role", "unknown role %q; known roles: %s", r.Role, strings.Join(rbac.Roles(), ", "))
		}
		if !IsNamedScope(r.Scope) && !armIDRE.MatchString(r.Scope) {
			ps.Addf(key+".scope", "scope %q is neither one of %s nor an ARM ID starting with /subscriptions/",
				r.Scope, strings.Join(NamedScopes(), ", "))
		}
		if j, dup := pairs[r]; dup {
			ps.Addf(key, "role %q at scope %q is already granted by roles[%d]", r.Role, r.Scope, j)
		} else {
			pairs[r] = i
		}
	}
	seen := map[string]int{}
	for i, name := range s.Secrets {
		key := validation.Index("secrets", i)
		if err := keyvault.CheckSecretName(name); err != nil {
			ps.Addf(key, "%v", err)
		}
		if j, dup := seen[strings.ToLower(name)]; dup {
			ps.Addf(key, "secret %q is already listed at secrets[%d]", name, j)
		} else {
			seen[strings.ToLower(name)] = i
		}
	}
	return ps.Err()
}

// ValidateAll validates every workload and the rules between them: unique names, one workload
// per namespace/serviceAccount pair, and at most one workload creating each namespace. Keys are
// relative to the list ("[1].name"). It expects specs that went through SetDefaults.
func ValidateAll(specs []Spec, production bool) error {
	var ps validation.Problems
	names := map[string]int{}
	accounts := map[string]int{}
	creators := map[string]int{}
	for i, s := range specs {
		key := validation.Index("", i)
		ps.Merge(key, s.Validate(production))
		if j, dup := names[s.Name]; dup && s.Name != "" {
			ps.Addf(key+".name", "workload %q is already defined at [%d]", s.Name, j)
		} else {
			names[s.Name] = i
		}
		account := s.Namespace + "/" + s.ServiceAccount
		if j, dup := accounts[account]; dup {
			ps.Addf(key+".serviceAccount", "service account %s is already used by workload [%d]; each identity needs its own", account, j)
		} else {
			accounts[account] = i
		}
		if defaults.True(s.CreateNamespace) {
			if j, dup := creators[s.Namespace]; dup {
				ps.Addf(key+".createNamespace", "namespace %q is already created by workload [%d]; set createNamespace to false", s.Namespace, j)
			} else {
				creators[s.Namespace] = i
			}
		}
	}
	return ps.Err()
}
