// Package gitops bootstraps Argo CD on a cluster with the app-of-apps pattern: a platform
// instance that owns cluster-wide add-ons, and a separate applications instance for workloads,
// confined to its own namespace and the workload namespaces it is given. Each instance is a
// Helm release plus one root Application pointing at a Git repository; everything else is
// synced from Git.
package gitops

// Spec is GitOps for one cluster as plain values; its JSON keys are the config keys under
// aks-platform:gitops. Call SetDefaults, then Validate, before handing it to NewArgoCD.
type Spec struct {
	// Enabled installs Argo CD; nil means the default (true).
	Enabled *bool `json:"enabled,omitempty"`
	// ChartVersion is the exact argo-cd chart version, used by both instances.
	ChartVersion string `json:"chartVersion,omitempty"`
	// Platform is the repository the platform instance's root Application syncs.
	Platform Source `json:"platform"`
	// Applications is the repository the applications instance's root Application syncs.
	Applications Source `json:"applications"`
}

// Source is where a root Application finds its child Applications.
type Source struct {
	// RepoURL is the Git repository, https://... or git@host:org/repo.git.
	RepoURL string `json:"repoURL"`
	// Path is the directory of the child Applications, relative to the repository root.
	Path string `json:"path"`
	// TargetRevision is the branch, tag or commit to sync.
	TargetRevision string `json:"targetRevision,omitempty"`
}

// IsEnabled reports whether Argo CD is installed (true unless explicitly disabled).
func (s Spec) IsEnabled() bool { return s.Enabled == nil || *s.Enabled }
