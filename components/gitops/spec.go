// Package gitops bootstraps Argo CD on a cluster with the app-of-apps pattern: a platform
// instance that owns cluster-wide add-ons, and a separate applications instance for workloads,
// confined to its own namespace and the workload namespaces it is given. Each instance is a
// Helm release plus one root Application pointing at a Git repository; everything else is
// synced from Git.
package gitops

import "github.com/aksplatform/platform/components/defaults"

// ComponentType is the type token of the ArgoCD component.
const ComponentType = "aksplatform:gitops:ArgoCD"

// Spec is GitOps for one cluster as plain values; its JSON keys are the config keys under
// aks-platform:gitops. NewArgoCD defaults a copy itself; stacks default it first too.
type Spec struct {
	// Enabled installs Argo CD; SetDefaults writes the default (true).
	Enabled *bool `json:"enabled,omitempty"`
	// ChartVersion is the exact argo-cd chart version, used by both instances.
	ChartVersion string `json:"chartVersion,omitempty"`
	// Platform is the repository the platform instance's root Application syncs.
	Platform Source `json:"platform"`
	// Applications is the repository the applications instance's root Application syncs.
	Applications Source `json:"applications"`
	// HelmRepositories are the Helm chart repositories (https:// or oci://) of the apps that
	// the synced Applications install: Argo CD's repo server downloads those charts, so their
	// hosts are part of what it must reach (see Needs).
	HelmRepositories []string `json:"helmRepositories,omitempty"`
	// SSO signs people in to the platform instance's UI with Entra ID (off by default).
	SSO SSOSpec `json:"sso"`
}

// SSOSpec is Argo CD's OpenID Connect sign-in with an Entra ID app registration. The client
// secret is the name of a Key Vault secret in the region's vault, never the value: it
// reaches Argo CD through the secrets store CSI driver (see RepositoryAccess).
type SSOSpec struct {
	Enabled *bool `json:"enabled,omitempty"`
	// URL is the platform Argo CD's external https:// URL (the redirect URI's base).
	URL string `json:"url,omitempty"`
	// TenantID and ClientID are the Entra ID tenant and the app registration's client ID.
	TenantID string `json:"tenantId,omitempty"`
	ClientID string `json:"clientId,omitempty"`
	// ClientSecret names the Key Vault secret that holds the app registration's secret.
	ClientSecret string `json:"clientSecret,omitempty"`
	// AdminGroupObjectIDs are Entra ID groups given Argo CD's admin role; everyone else who
	// signs in reads only.
	AdminGroupObjectIDs []string `json:"adminGroupObjectIds,omitempty"`
}

// Source is where a root Application finds its child Applications.
type Source struct {
	// RepoURL is the Git repository, https://... (or git@host:org/repo.git outside production,
	// see Validate).
	RepoURL string `json:"repoURL"`
	// Path is the directory of the child Applications, relative to the repository root.
	Path string `json:"path"`
	// TargetRevision is the branch, tag or commit to sync.
	TargetRevision string `json:"targetRevision,omitempty"`
	// CredentialSecret names the Key Vault secret (in the region's vault, written there by
	// the repository's owner) holding the HTTPS token, or the SSH private key of a git@
	// repository; empty for a public repository. The value never passes through config or
	// Pulumi state: the CSI driver syncs it into Argo CD's repository secret.
	CredentialSecret string `json:"credentialSecret,omitempty"`
	// Username goes with an HTTPS token (default "git"; GitHub and Azure DevOps accept any).
	Username string `json:"username,omitempty"`
}

// IsEnabled reports whether Argo CD is installed: only when enabled is set and true, which
// SetDefaults makes it unless the config says false.
func (s Spec) IsEnabled() bool { return defaults.True(s.Enabled) }

// clone returns a deep copy, so that defaulting args never mutates the caller's spec.
func (s Spec) clone() Spec {
	c := s
	if s.Enabled != nil {
		c.Enabled = new(*s.Enabled)
	}
	c.HelmRepositories = append([]string(nil), s.HelmRepositories...)
	if s.SSO.Enabled != nil {
		c.SSO.Enabled = new(*s.SSO.Enabled)
	}
	c.SSO.AdminGroupObjectIDs = append([]string(nil), s.SSO.AdminGroupObjectIDs...)
	return c
}
