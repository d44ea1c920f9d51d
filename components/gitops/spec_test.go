package gitops

import (
	"testing"

	"github.com/aksplatform/platform/validation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validSpec is a defaulted spec with both sources set.
func validSpec(mutate func(*Spec)) Spec {
	s := Spec{
		Platform:     Source{RepoURL: "https://github.com/contoso/platform-gitops.git", Path: "clusters/prod"},
		Applications: Source{RepoURL: "git@github.com:contoso/apps-gitops.git", Path: "apps", TargetRevision: "release-1"},
	}
	if mutate != nil {
		mutate(&s)
	}
	s.SetDefaults(true)
	return s
}

func keys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	return verr.Keys()
}

func TestSetDefaults(t *testing.T) {
	for _, production := range []bool{true, false} {
		var s Spec
		s.SetDefaults(production)
		require.NotNil(t, s.Enabled)
		assert.True(t, *s.Enabled)
		assert.Equal(t, DefaultChartVersion, s.ChartVersion)
		assert.Equal(t, "HEAD", s.Platform.TargetRevision)
		assert.Equal(t, "HEAD", s.Applications.TargetRevision)
	}
	s := validSpec(nil)
	assert.Equal(t, "release-1", s.Applications.TargetRevision, "explicit values are kept")
}

func TestSpecValidate(t *testing.T) {
	off := false
	cases := []struct {
		name   string
		mutate func(*Spec) // before defaulting
		after  func(*Spec) // after defaulting
		want   []string
	}{
		{name: "valid"},
		{name: "repository root path", mutate: func(s *Spec) { s.Platform.Path = "." }},
		{name: "disabled needs nothing", mutate: func(s *Spec) { *s = Spec{Enabled: &off} }},
		{name: "chart latest", mutate: func(s *Spec) { s.ChartVersion = "latest" }, want: []string{"chartVersion"}},
		{name: "chart range", mutate: func(s *Spec) { s.ChartVersion = "7.x" }, want: []string{"chartVersion"}},
		{name: "chart constraint", mutate: func(s *Spec) { s.ChartVersion = ">=7.7.0" }, want: []string{"chartVersion"}},
		{name: "repo missing", mutate: func(s *Spec) { s.Platform.RepoURL = "" }, want: []string{"platform.repoURL"}},
		{name: "repo over http", mutate: func(s *Spec) { s.Platform.RepoURL = "http://github.com/contoso/p.git" }, want: []string{"platform.repoURL"}},
		{name: "repo on disk", mutate: func(s *Spec) { s.Applications.RepoURL = "/srv/git/apps" }, want: []string{"applications.repoURL"}},
		{name: "malformed ssh repo", mutate: func(s *Spec) { s.Applications.RepoURL = "git@github.com" }, want: []string{"applications.repoURL"}},
		{name: "path missing", mutate: func(s *Spec) { s.Applications.Path = "" }, want: []string{"applications.path"}},
		{name: "absolute path", mutate: func(s *Spec) { s.Platform.Path = "/clusters/prod" }, want: []string{"platform.path"}},
		{name: "path leaves repo", mutate: func(s *Spec) { s.Platform.Path = "clusters/../../etc" }, want: []string{"platform.path"}},
		{name: "revision with spaces", mutate: func(s *Spec) { s.Platform.TargetRevision = "main branch" }, want: []string{"platform.targetRevision"}},
		{name: "revision emptied", after: func(s *Spec) { s.Applications.TargetRevision = "" }, want: []string{"applications.targetRevision"}},
		{name: "both instances on the same root", mutate: func(s *Spec) {
			s.Applications = Source{RepoURL: s.Platform.RepoURL, Path: "clusters/prod/"}
		}, want: []string{"applications.path"}},
		{name: "all problems at once", mutate: func(s *Spec) {
			s.ChartVersion = "latest"
			s.Platform = Source{}
			s.Applications.Path = "/apps"
		}, want: []string{"applications.path", "chartVersion", "platform.path", "platform.repoURL"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := validSpec(tc.mutate)
			if tc.after != nil {
				tc.after(&s)
			}
			assert.Equal(t, tc.want, keys(t, s.Validate(true)))
		})
	}
}
