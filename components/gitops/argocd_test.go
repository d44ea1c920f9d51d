package gitops

import (
	"strings"
	"testing"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	loginServer = "platformacr.azurecr.io"
	tRelease    = "kubernetes:helm.sh/v3:Release"
	tNS         = "kubernetes:core/v1:Namespace"
	tApp        = "kubernetes:argoproj.io/v1alpha1:Application"
)

func runArgoCD(t *testing.T, args func(p pulumi.ProviderResource) *ArgoCDArgs) (*plan.Graph, error) {
	t.Helper()
	return plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("offline")})
		if err != nil {
			return err
		}
		_, err = NewArgoCD(ctx, "weu-gitops", args(p))
		return err
	})
}

func boolInput(r *plan.Resource, path string) (value, ok bool) {
	v, ok := r.Input(path)
	if !ok || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// mustBool returns the boolean at path and fails when it is absent: for chart values whose
// default is true (crds.install, createClusterRoles), absent is not false.
func mustBool(t *testing.T, r *plan.Resource, path string) bool {
	t.Helper()
	v, ok := boolInput(r, path)
	require.True(t, ok, "%s has no boolean at %s", r.Name, path)
	return v
}

func TestArgoCD(t *testing.T) {
	for _, production := range []bool{true, false} {
		t.Run(map[bool]string{true: "prod", false: "dev"}[production], func(t *testing.T) {
			s := validSpec(nil)
			g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
				return &ArgoCDArgs{Spec: s, Production: production, KubernetesProvider: p, RegistryLoginServer: pulumi.String(loginServer)}
			})
			require.NoError(t, err)
			root := g.ByType("aksplatform:gitops:ArgoCD")
			require.Len(t, root, 1)
			provider := g.ByType("pulumi:providers:kubernetes")[0]
			for _, r := range g.Resources {
				if r == root[0] || r == provider {
					continue
				}
				assert.Equal(t, root[0].URN, r.Parent, "%s is a child of the component", r.Name)
				assert.True(t, strings.HasPrefix(r.Name, "weu-gitops-"), "%s is named from the component", r.Name)
				assert.True(t, strings.HasPrefix(r.Provider, provider.URN+"::"), "%s uses the cluster provider", r.Name)
			}
			assert.Len(t, g.ByType(tRelease), 2)
			assert.Len(t, g.ByType(tApp), 2)

			instances := []struct {
				key, namespace, release string
				src                     Source
				clusterWide             bool
			}{
				{"platform", "argocd", "argocd", s.Platform, true},
				{"applications", "argocd-apps", "argocd-apps", s.Applications, false},
			}
			for _, in := range instances {
				ns := g.Find(tNS, "weu-gitops-"+in.key+"-ns")
				require.NotNil(t, ns, in.key)
				assert.Equal(t, in.namespace, ns.String("metadata.name"))

				rel := g.Find(tRelease, "weu-gitops-"+in.key)
				require.NotNil(t, rel, in.key)
				assert.Equal(t, in.release, rel.String("name"))
				assert.Equal(t, "argo-cd", rel.String("chart"))
				assert.Equal(t, ChartRepo, rel.String("repositoryOpts.repo"))
				assert.Equal(t, "7.7.11", rel.String("version"), "chart version pinned")
				assert.Equal(t, in.namespace, rel.String("namespace"))
				assert.Equal(t, in.key, rel.String("values.configs.cm.installationID"))
				cm, _ := rel.Input("values.configs.cm")
				assert.Equal(t, "annotation", cm.ObjectValue()["application.resourceTrackingMethod"].StringValue())
				assert.Equal(t, in.clusterWide, mustBool(t, rel, "values.crds.install"),
					"only the platform instance installs CRDs (the chart installs them unless told not to)")
				assert.Equal(t, in.clusterWide, mustBool(t, rel, "values.createClusterRoles"),
					"only the platform instance has cluster roles (the chart creates them unless told not to)")
				_, hasCreds := rel.Input("values.configs.clusterCredentials")
				assert.Equal(t, !in.clusterWide, hasCreds)
				if !in.clusterWide {
					assert.Equal(t, in.namespace, rel.String("values.configs.clusterCredentials.in-cluster.namespaces"))
					assert.True(t, dependsOn(rel, g.Find(tRelease, "weu-gitops-platform").URN),
						"the applications instance waits for the platform's CRDs")
				}
				redis, _ := boolInput(rel, "values.redis-ha.enabled")
				assert.Equal(t, production, redis, "HA only in production")
				if production {
					assert.Equal(t, float64(2), mustNumber(t, rel, "values.server.replicas"))
					assert.Equal(t, float64(2), mustNumber(t, rel, "values.repoServer.replicas"))
				}

				app := g.Find(tApp, "weu-gitops-"+in.key+"-root")
				require.NotNil(t, app, in.key)
				assert.Equal(t, in.key+"-root", app.String("metadata.name"))
				assert.Equal(t, in.namespace, app.String("metadata.namespace"))
				assert.Equal(t, in.src.RepoURL, app.String("spec.source.repoURL"))
				assert.Equal(t, in.src.Path, app.String("spec.source.path"))
				assert.Equal(t, in.src.TargetRevision, app.String("spec.source.targetRevision"))
				assert.Equal(t, InClusterServer, app.String("spec.destination.server"))
				assert.Equal(t, in.namespace, app.String("spec.destination.namespace"))
				assert.True(t, mustBool(t, app, "spec.syncPolicy.automated.prune") &&
					mustBool(t, app, "spec.syncPolicy.automated.selfHeal"), "root app syncs automatically with prune and self-heal")
				assert.True(t, dependsOn(app, rel.URN), "the root Application waits for its release")
			}
		})
	}
}

func TestArgoCDArgsValidate(t *testing.T) {
	off := false
	var p pulumi.ProviderResource = &pulumi.ProviderResourceState{}
	cases := []struct {
		name string
		args *ArgoCDArgs
		want []string
	}{
		{"complete", &ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p}, nil},
		{"no provider", &ArgoCDArgs{Spec: validSpec(nil)}, []string{"kubernetesProvider"}},
		{"disabled", &ArgoCDArgs{Spec: Spec{Enabled: &off}, KubernetesProvider: p}, []string{"enabled"}},
		{"bad spec", &ArgoCDArgs{Spec: validSpec(func(s *Spec) { s.Platform.RepoURL = "ftp://x" }), KubernetesProvider: p},
			[]string{"platform.repoURL"}},
		{"workload namespaces", &ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p,
			ApplicationNamespaces: []string{"orders", "payments", "default"}, NamespaceResources: []pulumi.Resource{p}}, nil},
		{"bad workload namespaces", &ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p,
			ApplicationNamespaces: []string{"orders", "Orders", "kube-system", "argocd", "argocd-apps", "orders", "",
				strings.Repeat("a", 64), "-orders"}},
			[]string{"ApplicationNamespaces[1]", "ApplicationNamespaces[2]", "ApplicationNamespaces[3]",
				"ApplicationNamespaces[4]", "ApplicationNamespaces[5]", "ApplicationNamespaces[6]",
				"ApplicationNamespaces[7]", "ApplicationNamespaces[8]"}},
		{"nil namespace resource", &ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p,
			ApplicationNamespaces: []string{"orders"}, NamespaceResources: []pulumi.Resource{nil}},
			[]string{"NamespaceResources[0]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, keys(t, tc.args.Validate()))
		})
	}
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
		return &ArgoCDArgs{Spec: validSpec(func(s *Spec) { s.ChartVersion = "latest" }), KubernetesProvider: p}
	})
	require.Error(t, err)
	assert.Equal(t, []string{"chartVersion"}, keys(t, err))
	require.Len(t, g.Resources, 1)
	assert.Equal(t, "pulumi:providers:kubernetes", g.Resources[0].Type)
}

func TestInvalidNamespacesRegisterNothing(t *testing.T) {
	g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
		return &ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p, ApplicationNamespaces: []string{"orders", "kube-public"}}
	})
	require.Error(t, err)
	assert.Equal(t, []string{"ApplicationNamespaces[1]"}, keys(t, err))
	assert.Contains(t, err.Error(), `ApplicationNamespaces[1]: "kube-public" is reserved`)
	require.Len(t, g.Resources, 1)
}

func dependsOn(r *plan.Resource, urn string) bool {
	for _, d := range r.Dependencies {
		if d == urn {
			return true
		}
	}
	return false
}

func mustNumber(t *testing.T, r *plan.Resource, path string) float64 {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok && v.IsNumber(), "%s has no number at %s", r.Name, path)
	return v.NumberValue()
}
