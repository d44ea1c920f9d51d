package gitops

// DefaultChartVersion is the argo-cd chart installed unless the spec pins another one
// (chart 7.7.11 ships Argo CD v2.13.2).
const DefaultChartVersion = "7.7.11"

// DefaultTargetRevision is the revision synced unless a source names one.
const DefaultTargetRevision = "HEAD"

// SetDefaults fills zero values with the defaults below; production and dev share them.
//
//	key                           default
//	enabled                       true
//	chartVersion                  7.7.11
//	platform.targetRevision       HEAD
//	applications.targetRevision   HEAD
//
// platform.repoURL, platform.path, applications.repoURL and applications.path have no default.
func (s *Spec) SetDefaults(production bool) {
	if s.Enabled == nil {
		enabled := true
		s.Enabled = &enabled
	}
	if s.ChartVersion == "" {
		s.ChartVersion = DefaultChartVersion
	}
	for _, src := range []*Source{&s.Platform, &s.Applications} {
		if src.TargetRevision == "" {
			src.TargetRevision = DefaultTargetRevision
		}
	}
}
