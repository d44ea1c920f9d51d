// Package identity gives one workload an Azure identity through workload identity federation:
// a user-assigned managed identity, a federated credential trusting the cluster's OIDC issuer
// for exactly one Kubernetes ServiceAccount, that ServiceAccount (annotated with the identity's
// client ID), role assignments of the identity, and a SecretProviderClass that mounts the
// workload's Key Vault secrets through the identity.
//
// The workload's pods opt in themselves: AKS's workload identity webhook injects the token
// only into pods labelled azure.workload.identity/use: "true" (UseLabel; the label on a
// ServiceAccount does nothing) that run as the annotated ServiceAccount. A workload's pod
// template therefore carries WorkloadIdentity.PodLabels and serviceAccountName.
// https://learn.microsoft.com/azure/aks/workload-identity-overview
package identity

import "github.com/aksplatform/platform/components/rbac"

// Named scopes a role can be assigned at; the platform wires their IDs in
// WorkloadIdentityArgs.Scopes. Any other scope must be a full ARM ID.
const (
	ScopeKeyVault      = "keyVault"
	ScopeRegistry      = "registry"
	ScopeResourceGroup = "resourceGroup"
)

// NamedScopes lists the scope names a RoleSpec may use instead of an ARM ID.
func NamedScopes() []string { return []string{ScopeKeyVault, ScopeRegistry, ScopeResourceGroup} }

// Spec is one entry of the config list aks-platform:workloads, as plain values. The JSON tags
// are the config keys. NewWorkloadIdentity defaults a copy; ValidateAll and Validate expect
// a defaulted spec.
type Spec struct {
	// Name names the workload and everything made for it (a DNS label).
	Name string `json:"name"`
	// Namespace is the Kubernetes namespace of the workload (a DNS label, not kube-*).
	Namespace string `json:"namespace,omitempty"`
	// ServiceAccount is the Kubernetes ServiceAccount the pods run as (a DNS subdomain).
	ServiceAccount string `json:"serviceAccount,omitempty"`
	// CreateNamespace creates the namespace; false when it exists already or another workload
	// creates it.
	CreateNamespace *bool `json:"createNamespace,omitempty"`
	// Roles are Azure built-in roles given to the workload's identity.
	Roles []RoleSpec `json:"roles,omitempty"`
	// Secrets are names of Key Vault secrets mounted into the workload's pods.
	Secrets []string `json:"secrets,omitempty"`
}

// RoleSpec grants one built-in role at one scope.
type RoleSpec struct {
	// Role is the built-in role's display name, e.g. "Key Vault Secrets User".
	Role rbac.Role `json:"role"`
	// Scope is keyVault, registry, resourceGroup or an ARM ID starting with /subscriptions/.
	Scope string `json:"scope"`
}

// Subject is the federated credential subject of the workload's ServiceAccount.
func (s Spec) Subject() string { return Subject(s.Namespace, s.ServiceAccount) }

// SecretProviderClassName is the name of the workload's SecretProviderClass, which pods
// reference in their secrets-store CSI volume.
func (s Spec) SecretProviderClassName() string { return s.Name + "-secrets" }
