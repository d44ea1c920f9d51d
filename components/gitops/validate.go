package gitops

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/aksplatform/platform/validation"
)

// scpLike matches the SSH shorthand git@host:org/repo(.git).
var scpLike = regexp.MustCompile(`^git@[A-Za-z0-9.-]+:[^\s:]+$`)

// Validate returns nil or a *validation.Error listing every problem, each keyed relative to
// aks-platform:gitops. A disabled spec is not checked further. Call it after SetDefaults.
func (s Spec) Validate(production bool) error {
	if !s.IsEnabled() {
		return nil
	}
	var ps validation.Problems
	validation.PinnedVersion(&ps, "chartVersion", s.ChartVersion, DefaultChartVersion)
	ps.Merge("platform", s.Platform.Validate())
	ps.Merge("applications", s.Applications.Validate())
	if s.Platform.RepoURL != "" && s.Platform.RepoURL == s.Applications.RepoURL &&
		path.Clean(s.Platform.Path) == path.Clean(s.Applications.Path) {
		ps.Addf("applications.path", "%q in %s is the platform's root too: the two instances would fight over the same resources",
			s.Applications.Path, s.Applications.RepoURL)
	}
	return ps.Err()
}

// Validate returns nil or a *validation.Error keyed relative to the source.
func (s Source) Validate() error {
	var ps validation.Problems
	switch {
	case s.RepoURL == "":
		ps.Addf("repoURL", "is required: the Git repository the root Application syncs")
	case strings.HasPrefix(s.RepoURL, "git@"):
		if !scpLike.MatchString(s.RepoURL) {
			ps.Addf("repoURL", "%q is not an SSH repository address like git@github.com:org/repo.git", s.RepoURL)
		}
	default:
		u, err := url.Parse(s.RepoURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			ps.Addf("repoURL", "%q must be an https:// URL or git@host:org/repo.git", s.RepoURL)
		}
	}
	switch {
	case s.Path == "":
		ps.Addf("path", "is required: the directory of the child Applications (\".\" for the repository root)")
	case strings.HasPrefix(s.Path, "/") || strings.Contains(s.Path, "://"):
		ps.Addf("path", "%q must be relative to the repository root", s.Path)
	case path.Clean(s.Path) == ".." || strings.HasPrefix(path.Clean(s.Path), "../"):
		ps.Addf("path", "%q leaves the repository", s.Path)
	}
	if s.TargetRevision == "" || strings.ContainsAny(s.TargetRevision, " \t\n") {
		ps.Addf("targetRevision", "%q is not a branch, tag or commit", s.TargetRevision)
	}
	return ps.Err()
}

// validateApplicationNamespaces returns nil or a *validation.Error keyed
// ApplicationNamespaces[i]: each namespace must be a DNS label, listed once, and neither a
// Kubernetes system namespace nor one of Argo CD's own.
func validateApplicationNamespaces(namespaces []string) error {
	var ps validation.Problems
	seen := map[string]int{}
	for i, ns := range namespaces {
		key := validation.Index("ApplicationNamespaces", i)
		switch j, dup := seen[ns]; {
		case ns == "":
			ps.Addf(key, "is empty: name the workload namespace")
		case len(ns) > 63:
			ps.Addf(key, "%q is %d characters; a namespace name has at most 63", ns, len(ns))
		case !validation.IsDNSLabel(ns):
			ps.Addf(key, "%q is not a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit", ns)
		case strings.HasPrefix(ns, "kube-"):
			ps.Addf(key, "%q is reserved for Kubernetes system components", ns)
		case ns == PlatformNamespace:
			ps.Addf(key, "%q is the platform instance's namespace: the applications instance must not reach it", ns)
		case ns == ApplicationsNamespace:
			ps.Addf(key, "%q is the applications instance's own namespace, which it always manages; leave it out", ns)
		case dup:
			ps.Addf(key, "%q is listed already at [%d]", ns, j)
		default:
			seen[ns] = i
		}
	}
	return ps.Err()
}
