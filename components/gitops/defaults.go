package gitops

import "github.com/aksplatform/platform/components/defaults"

// DefaultChartVersion is the argo-cd chart installed unless the spec pins another one
// (chart 7.7.11 ships Argo CD v2.13.2); ChartImages lists the images of this version.
const DefaultChartVersion = "7.7.11"

// DefaultTargetRevision is the revision synced unless a source names one.
const DefaultTargetRevision = "HEAD"

// SetDefaults fills zero values with the defaults below; dev and prod share them.
//
//	key                           default
//	enabled                       true
//	chartVersion                  7.7.11
//	platform.targetRevision       HEAD
//	applications.targetRevision   HEAD
//	helmRepositories              none
//
// platform.repoURL, platform.path, applications.repoURL and applications.path have no default.
func (s *Spec) SetDefaults(production bool) {
	defaults.SetPtr(&s.Enabled, true)
	defaults.Set(&s.ChartVersion, DefaultChartVersion)
	defaults.Set(&s.Platform.TargetRevision, DefaultTargetRevision)
	defaults.Set(&s.Applications.TargetRevision, DefaultTargetRevision)
}
