package gitops

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

// The component contract (COMMON: one contract for every component): nil args are
// validation.Required, a partial spec gets its defaults, an invalid spec registers nothing and
// is reported with config keys, and the caller's args are never modified.
func TestContract(t *testing.T) {
	partial := Spec{
		Platform:     Source{RepoURL: "https://github.com/contoso/platform.git", Path: "platform"},
		Applications: Source{RepoURL: "https://github.com/contoso/apps.git", Path: "apps"},
	}
	cases := []struct {
		name string
		args func(p pulumi.ProviderResource) *ArgoCDArgs
		keys []string
	}{
		{"nil args", func(pulumi.ProviderResource) *ArgoCDArgs { return nil }, []string{ComponentType}},
		{"partial spec", func(p pulumi.ProviderResource) *ArgoCDArgs {
			return &ArgoCDArgs{Spec: partial, Production: true, KubernetesProvider: p, RegistryLoginServer: pulumi.String(loginServer)}
		}, nil},
		{"invalid spec", func(p pulumi.ProviderResource) *ArgoCDArgs {
			s := partial
			s.ChartVersion, s.Applications.Path = "7.x", "/apps"
			return &ArgoCDArgs{Spec: s, Production: true, KubernetesProvider: p}
		}, []string{"applications.path", "chartVersion", "registryLoginServer"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var given *ArgoCDArgs
			var before Spec
			g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
				given = tc.args(p)
				if given != nil {
					before = given.Spec.clone()
				}
				return given
			})
			if given != nil {
				assert.Equal(t, before, given.Spec, "the caller's spec is not modified")
			}
			if tc.keys != nil {
				require.Error(t, err)
				var verr *validation.Error
				require.ErrorAs(t, err, &verr)
				assert.Equal(t, tc.keys, verr.Keys())
				assert.Len(t, g.Resources, 1, "only the test's provider: nothing registered")
				return
			}
			require.NoError(t, err)
			for _, rel := range g.ByType(tRelease) {
				assert.Equal(t, DefaultChartVersion, rel.String("version"), "%s: default chart", rel.Name)
			}
			for _, app := range g.ByType(tApp) {
				assert.Equal(t, DefaultTargetRevision, app.String("spec.source.targetRevision"), app.Name)
			}
		})
	}
}

func TestArgsWarnings(t *testing.T) {
	var p pulumi.ProviderResource = &pulumi.ProviderResourceState{}
	noRegistry := &ArgoCDArgs{Spec: validSpec(nil), Production: true, KubernetesProvider: p}
	var ve *validation.Error
	require.ErrorAs(t, noRegistry.Validate(), &ve, "production pulls only through the registry")
	assert.Equal(t, "registryLoginServer", ve.Problems[0].Key)
	noRegistry.RegistryLoginServer = pulumi.String(loginServer)
	assert.NoError(t, noRegistry.Validate())
	assert.Empty(t, noRegistry.Warnings())
	assert.NoError(t, (&ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p}).Validate(), "dev may pull upstream")
}
