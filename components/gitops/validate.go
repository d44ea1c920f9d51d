package gitops

import (
	"path"
	"regexp"
	"strings"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/validation"
)

// scpLike matches the SSH shorthand git@host:org/repo(.git).
var scpLike = regexp.MustCompile(`^git@([A-Za-z0-9.-]+):[^\s:]+$`)

// sshReason says why SSH repositories do not work behind the hub firewall: its application
// rules, from which the platform builds egress (egress.Rule), match HTTP and HTTPS by host name
// only; SSH would need a network rule for TCP 22 to the Git host's changing IP addresses.
// https://learn.microsoft.com/azure/firewall/rule-processing
const sshReason = "SSH needs outbound TCP 22, which the hub firewall's application rules (HTTP/HTTPS by host name) cannot allow; use the repository's https:// URL"

// Validate returns nil or a *validation.Error listing every problem, each keyed relative to
// aks-platform:gitops. It never defaults: a disabled spec (enabled false or unset) is not
// checked further, so call it after SetDefaults. Production refuses SSH repositories (see
// sshReason): its egress goes through the hub firewall.
func (s Spec) Validate(production bool) error {
	if !s.IsEnabled() {
		return nil
	}
	var ps validation.Problems
	validation.PinnedVersion(&ps, "chartVersion", s.ChartVersion, DefaultChartVersion)
	ps.Merge("platform", s.Platform.Validate(production))
	ps.Merge("applications", s.Applications.Validate(production))
	if s.Platform.RepoURL != "" && s.Platform.RepoURL == s.Applications.RepoURL &&
		path.Clean(s.Platform.Path) == path.Clean(s.Applications.Path) {
		ps.Addf("applications.path", "%q in %s is the platform's root too: the two instances would fight over the same resources",
			s.Applications.Path, s.Applications.RepoURL)
	}
	validateSecrets(&ps, s)
	for i, r := range s.HelmRepositories {
		if helmHost(r) == "" {
			ps.Addf(validation.Index("helmRepositories", i), "%q must be an https:// or oci:// chart repository URL", r)
		}
	}
	return ps.Err()
}

// Warnings returns what does not stop a plan but may stop Argo CD: an SSH repository outside
// production (it works only while the cluster's egress is not behind the hub firewall), and a
// chart version other than the one whose images ChartImages lists (the registry caches those).
func (s Spec) Warnings(production bool) validation.Warnings {
	var ws validation.Warnings
	if !s.IsEnabled() {
		return nil
	}
	for _, src := range []struct {
		key string
		s   Source
	}{{"platform.repoURL", s.Platform}, {"applications.repoURL", s.Applications}} {
		if !production && strings.HasPrefix(src.s.RepoURL, "git@") {
			ws.Addf(src.key, "works only without a hub firewall: %s", sshReason)
		}
	}
	if s.ChartVersion != DefaultChartVersion {
		ws.Addf("chartVersion", "%s: the images cached for Argo CD are those of chart %s; check that this version uses the same image repositories", s.ChartVersion, DefaultChartVersion)
	}
	return ws
}

// Validate returns nil or a *validation.Error keyed relative to the source.
func (s Source) Validate(production bool) error {
	var ps validation.Problems
	switch {
	case s.RepoURL == "":
		ps.Addf("repoURL", "is required: the Git repository the root Application syncs")
	case strings.HasPrefix(s.RepoURL, "git@"):
		if !scpLike.MatchString(s.RepoURL) {
			ps.Addf("repoURL", "%q is not an SSH repository address like git@github.com:org/repo.git", s.RepoURL)
		} else if production {
			ps.Addf("repoURL", "%q: %s", s.RepoURL, sshReason)
		}
	case httpsHost(s.RepoURL) == "":
		ps.Addf("repoURL", "%q must be an https:// URL or git@host:org/repo.git", s.RepoURL)
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

// httpsHost returns the host name of an https:// URL, or "" when raw is not one.
func httpsHost(raw string) string { return egress.Host(raw, "https") }

// helmHost returns the host of a Helm repository URL (https:// or oci://), or "".
func helmHost(raw string) string { return egress.Host(raw, "https", "oci") }

// validateApplicationNamespaces returns nil or a *validation.Error keyed
// ApplicationNamespaces[i]: each is a workload namespace (identity.CheckNamespace: a DNS
// label, not kube-*), listed once, and not one of Argo CD's own.
func validateApplicationNamespaces(namespaces []string) error {
	var ps validation.Problems
	seen := map[string]int{}
	for i, ns := range namespaces {
		key := validation.Index("ApplicationNamespaces", i)
		switch j, dup := seen[ns]; {
		case identity.CheckNamespace(ns) != nil:
			ps.Addf(key, "%v", identity.CheckNamespace(ns))
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
