package gitops

import (
	"strings"

	"github.com/aksplatform/platform/components/defaults"
)

// DefaultChartVersion is the argo-cd chart installed unless the spec pins another one
// (chart 7.7.11 ships Argo CD v2.13.2); ChartImages lists the images of this version.
const DefaultChartVersion = "7.7.11"

// DefaultTargetRevision is the revision synced unless a source names one.
const DefaultTargetRevision = "HEAD"

// DefaultPlatformPath is the platform root Application's path unless the spec names another:
// gitops/platform, the app-of-apps chart this repository ships, pushed as it is to the
// platform repository (see PlatformValues for what Pulumi hands it).
const DefaultPlatformPath = "gitops/platform"

// SetDefaults fills zero values with the defaults below; dev and prod share them.
//
//	key                           default
//	enabled                       true
//	chartVersion                  7.7.11
//	platform.path                 gitops/platform
//	platform.targetRevision       HEAD
//	applications.targetRevision   HEAD
//	helmRepositories              none
//	platform.username,            git (with a credentialSecret over HTTPS)
//	applications.username
//	sso.enabled                   false
//
// platform.repoURL, applications.repoURL and applications.path have no default.
func (s *Spec) SetDefaults(production bool) {
	defaults.SetPtr(&s.Enabled, true)
	defaults.Set(&s.ChartVersion, DefaultChartVersion)
	defaults.Set(&s.Platform.Path, DefaultPlatformPath)
	defaults.Set(&s.Platform.TargetRevision, DefaultTargetRevision)
	defaults.Set(&s.Applications.TargetRevision, DefaultTargetRevision)
	for _, src := range []*Source{&s.Platform, &s.Applications} {
		if src.CredentialSecret != "" && !strings.HasPrefix(src.RepoURL, "git@") {
			defaults.Set(&src.Username, "git")
		}
	}
	defaults.SetPtr(&s.SSO.Enabled, false)
}
