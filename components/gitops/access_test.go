package gitops

import (
	"fmt"
	"testing"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tRole        = "kubernetes:rbac.authorization.k8s.io/v1:Role"
	tRoleBinding = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
	tProject     = "kubernetes:argoproj.io/v1alpha1:AppProject"
)

// runWithWorkloads plans NewArgoCD after registering one Namespace per workload namespace
// outside the component, as the stack's identity components do, and passes them as
// NamespaceResources.
func runWithWorkloads(t *testing.T, namespaces []string) (*plan.Graph, error) {
	t.Helper()
	return plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("offline")})
		if err != nil {
			return err
		}
		var created []pulumi.Resource
		for _, ns := range namespaces {
			r, err := corev1.NewNamespace(ctx, "wi-"+ns+"-ns", &corev1.NamespaceArgs{
				Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(ns)},
			}, pulumi.Provider(p))
			if err != nil {
				return err
			}
			created = append(created, r)
		}
		_, err = NewArgoCD(ctx, "weu-gitops", &ArgoCDArgs{
			Spec: validSpec(nil), Production: true, KubernetesProvider: p, RegistryLoginServer: pulumi.String(loginServer),
			ApplicationNamespaces: namespaces, NamespaceResources: created,
		})
		return err
	})
}

func TestApplicationsInstanceReachesWorkloadNamespaces(t *testing.T) {
	cases := []struct {
		name       string
		workloads  []string
		namespaces string // the cluster secret's namespaces
	}{
		{"own namespace only", nil, "argocd-apps"},
		{"two workloads", []string{"orders", "payments"}, "argocd-apps,orders,payments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := runWithWorkloads(t, tc.workloads)
			require.NoError(t, err)
			managed := append([]string{ApplicationsNamespace}, tc.workloads...)

			rel := g.Find(tRelease, "weu-gitops-applications")
			require.NotNil(t, rel)
			assert.Equal(t, tc.namespaces, rel.String("values.configs.clusterCredentials.in-cluster.namespaces"))
			assert.Equal(t, "false", rel.String("values.configs.clusterCredentials.in-cluster.clusterResources"))
			assert.Equal(t, ControllerServiceAccount, rel.String("values.controller.serviceAccount.name"), "pinned, not left to the chart")
			assert.Equal(t, ServerServiceAccount, rel.String("values.server.serviceAccount.name"), "pinned, not left to the chart")
			assert.Equal(t, float64(2), mustNumber(t, rel, "values.server.replicas"), "HA values survive the pinning")
			_, platformSA := g.Find(tRelease, "weu-gitops-platform").Input("values.controller.serviceAccount")
			assert.False(t, platformSA, "the platform instance keeps the chart's names")

			require.Len(t, g.ByType(tRole), len(managed), "one Role per managed namespace")
			require.Len(t, g.ByType(tRoleBinding), len(managed), "one RoleBinding per managed namespace")
			for _, ns := range managed {
				role := g.Find(tRole, "weu-gitops-applications-"+ns+"-role")
				require.NotNil(t, role, ns)
				wantName, wantVerbs := "argocd-apps-deployer", []string{"*"}
				if ns == ApplicationsNamespace {
					wantName, wantVerbs = "argocd-apps-reader", []string{"get", "list", "watch"}
				}
				assert.Equal(t, ns, role.String("metadata.namespace"))
				assert.Equal(t, wantName, role.String("metadata.name"))
				assert.Equal(t, []string{"*"}, stringsAt(t, role, "rules[0].apiGroups"))
				assert.Equal(t, []string{"*"}, stringsAt(t, role, "rules[0].resources"))
				assert.Equal(t, wantVerbs, stringsAt(t, role, "rules[0].verbs"))
				_, more := role.Input("rules[1]")
				assert.False(t, more, "%s: one rule", ns)
				if ns != ApplicationsNamespace {
					assert.True(t, dependsOn(role, g.Find(tNS, "wi-"+ns+"-ns").URN), "%s: the Role waits for its namespace", ns)
				}

				binding := g.Find(tRoleBinding, "weu-gitops-applications-"+ns+"-rolebinding")
				require.NotNil(t, binding, ns)
				assert.Equal(t, ns, binding.String("metadata.namespace"))
				assert.Equal(t, "Role", binding.String("roleRef.kind"))
				assert.Equal(t, "rbac.authorization.k8s.io", binding.String("roleRef.apiGroup"))
				assert.Equal(t, wantName, binding.String("roleRef.name"))
				assert.Equal(t, []string{
					"ServiceAccount argocd-apps/argocd-application-controller",
					"ServiceAccount argocd-apps/argocd-server",
				}, subjects(t, binding))
				assert.True(t, dependsOn(rel, binding.URN), "%s: the release waits for the RoleBinding", ns)
			}

			projects := g.ByType(tProject)
			require.Len(t, projects, 1, "only the applications instance has its own project")
			project := projects[0]
			assert.Equal(t, "weu-gitops-applications-project", project.Name)
			assert.Equal(t, ApplicationsProject, project.String("metadata.name"))
			assert.Equal(t, ApplicationsNamespace, project.String("metadata.namespace"))
			var destinations []string
			for i := range managed {
				d := fmt.Sprintf("spec.destinations[%d]", i)
				destinations = append(destinations, project.String(d+".server")+" "+project.String(d+".namespace"))
			}
			var want []string
			for _, ns := range managed {
				want = append(want, InClusterServer+" "+ns)
			}
			assert.Equal(t, want, destinations)
			_, extra := project.Input(fmt.Sprintf("spec.destinations[%d]", len(managed)))
			assert.False(t, extra, "no destination beyond the managed namespaces")
			cluster, ok := project.Input("spec.clusterResourceWhitelist")
			assert.True(t, !ok || (cluster.IsArray() && len(cluster.ArrayValue()) == 0),
				"no cluster-scoped resource is whitelisted")
			assert.Equal(t, "*", project.String("spec.namespaceResourceWhitelist[0].group"))
			assert.Equal(t, "*", project.String("spec.namespaceResourceWhitelist[0].kind"))

			root := g.Find(tApp, "weu-gitops-applications-root")
			require.NotNil(t, root)
			assert.Equal(t, ApplicationsProject, root.String("spec.project"))
			assert.True(t, dependsOn(root, project.URN), "the root Application waits for its project")
			assert.Equal(t, "default", g.Find(tApp, "weu-gitops-platform-root").String("spec.project"))
		})
	}
}

// stringsAt returns the string array at path, failing when there is none.
func stringsAt(t *testing.T, r *plan.Resource, path string) []string {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok && v.IsArray(), "%s has no array at %s", r.Name, path)
	var out []string
	for _, e := range v.ArrayValue() {
		out = append(out, e.StringValue())
	}
	return out
}

// subjects returns a RoleBinding's subjects as "Kind namespace/name".
func subjects(t *testing.T, r *plan.Resource) []string {
	t.Helper()
	v, ok := r.Input("subjects")
	require.True(t, ok && v.IsArray(), "%s has no subjects", r.Name)
	var out []string
	for _, s := range v.ArrayValue() {
		m := s.ObjectValue()
		str := func(k resource.PropertyKey) string { return m[k].StringValue() }
		out = append(out, str("kind")+" "+str("namespace")+"/"+str("name"))
	}
	return out
}
