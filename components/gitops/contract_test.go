package gitops

import (
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
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
	contracttest.Run(t, contracttest.Contract[*ArgoCDArgs]{
		Token: ComponentType,
		Provider: func(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
			return kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("offline")})
		},
		New:  contracttest.Build(NewArgoCD, "weu-gitops"),
		Copy: func(a *ArgoCDArgs) any { return a.Spec.clone() },
		Partial: func(e contracttest.Env) *ArgoCDArgs {
			return &ArgoCDArgs{Spec: partial, Production: true, KubernetesProvider: e.Provider, RegistryLoginServer: pulumi.String(loginServer)}
		},
		Defaults: func(t *testing.T, g *plan.Graph) {
			for _, rel := range g.ByType(tRelease) {
				assert.Equal(t, DefaultChartVersion, rel.String("version"), "%s: default chart", rel.Name)
			}
			for _, app := range g.ByType(tApp) {
				assert.Equal(t, DefaultTargetRevision, app.String("spec.source.targetRevision"), app.Name)
			}
		},
		Invalid: []contracttest.Invalid[*ArgoCDArgs]{{Name: "invalid spec", Args: func(e contracttest.Env) *ArgoCDArgs {
			s := partial
			s.ChartVersion, s.Applications.Path = "7.x", "/apps"
			return &ArgoCDArgs{Spec: s, Production: true, KubernetesProvider: e.Provider}
		}, Keys: []string{"applications.path", "chartVersion", "registryLoginServer"}}},
	})
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
