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
		Applications: Source{RepoURL: "https://dev.azure.com/contoso/apps/_git/apps-gitops", Path: "apps", TargetRevision: "release-1"},
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
		{name: "ssh repo in production", mutate: func(s *Spec) { s.Applications.RepoURL = "git@github.com:contoso/apps.git" }, want: []string{"applications.repoURL"}},
		{name: "helm repositories", mutate: func(s *Spec) {
			s.HelmRepositories = []string{"https://charts.jetstack.io", "oci://ghcr.io/contoso/charts"}
		}},
		{name: "helm repository not a URL", mutate: func(s *Spec) {
			s.HelmRepositories = []string{"https://charts.jetstack.io", "charts.bitnami.com", "http://insecure.example.com"}
		}, want: []string{"helmRepositories[1]", "helmRepositories[2]"}},
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
		}, want: []string{"applications.path", "chartVersion", "platform.repoURL"}}, // platform.path defaults to gitops/platform
		{name: "credential secret not a vault name", mutate: func(s *Spec) {
			s.Platform.CredentialSecret = "git token"
		}, want: []string{"platform.credentialSecret"}},
		{name: "sso incomplete", mutate: func(s *Spec) {
			s.SSO = SSOSpec{Enabled: new(true), URL: "http://argocd.example.com", TenantID: "contoso", ClientSecret: "argocd-sso",
				AdminGroupObjectIDs: []string{"admins"}}
		}, want: []string{"sso.adminGroupObjectIds[0]", "sso.clientId", "sso.tenantId", "sso.url"}},
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

// SSH repositories work only where egress does not go through the hub firewall: production
// refuses them, dev warns. The firewall's application rules match HTTP/HTTPS host names and
// cannot carry TCP 22.
func TestSSHRepositories(t *testing.T) {
	ssh := validSpec(func(s *Spec) { s.Platform.RepoURL = "git@github.com:contoso/platform.git" })
	err := ssh.Validate(true)
	assert.Equal(t, []string{"platform.repoURL"}, keys(t, err))
	assert.ErrorContains(t, err, "TCP 22")
	assert.NoError(t, ssh.Validate(false))
	ws := ssh.Warnings(false)
	require.Len(t, ws, 1)
	assert.Equal(t, "platform.repoURL", ws[0].Key)
	assert.Empty(t, validSpec(nil).Warnings(false))
	assert.Equal(t, []string{"dev.azure.com"}, Needs(ssh).Rules[0].FQDNs, "the SSH host gets no HTTPS rule")
}

func TestWarnings(t *testing.T) {
	other := validSpec(func(s *Spec) { s.ChartVersion = "7.8.0" })
	ws := other.Warnings(true)
	require.Len(t, ws, 1)
	assert.Equal(t, "chartVersion", ws[0].Key, "images are declared for the default chart version")
	assert.Empty(t, Spec{Enabled: new(false)}.Warnings(false))
}

// Unset enabled is not "on": SetDefaults writes the default, IsEnabled reads it.
func TestIsEnabledReadsTheDefault(t *testing.T) {
	assert.False(t, Spec{}.IsEnabled(), "unset is not on before SetDefaults")
	var s Spec
	s.SetDefaults(false)
	assert.True(t, s.IsEnabled())
	off := Spec{Enabled: new(false)}
	off.SetDefaults(true)
	assert.False(t, off.IsEnabled(), "an explicit false stays")
}
