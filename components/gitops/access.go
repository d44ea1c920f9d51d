package gitops

import (
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What the applications instance is allowed to touch, and who in it is allowed.
const (
	// ControllerServiceAccount and ServerServiceAccount are the applications instance's
	// application-controller and API server ServiceAccounts (in argocd-apps). The chart names
	// them from its values (controller/server.serviceAccount.name) when set, so values pins
	// them rather than relying on the chart's defaults.
	ControllerServiceAccount = "argocd-application-controller"
	ServerServiceAccount     = "argocd-server"
	// ApplicationsProject is the applications instance's AppProject: the only destinations it
	// allows are the namespaces that instance manages, and no cluster-scoped resources.
	ApplicationsProject = "applications"
)

// Rules granted in the namespaces a namespaced instance manages.
var (
	// fullAccess lets Argo CD create, change and prune any namespaced resource: what it needs
	// in each workload namespace. (A Role cannot reach cluster-scoped resources.)
	fullAccess = []string{"*"}
	// readAccess is what the controller needs in its own namespace besides the chart's Role
	// (which covers only Argo CD's own objects): it caches every namespaced resource of every
	// namespace in its cluster secret, and a forbidden list fails the whole cluster's sync.
	readAccess = []string{"get", "list", "watch"}
)

// grant registers, in each namespace the instance manages, a Role and a RoleBinding for the
// instance's controller and server: read access in its own namespace, full access to
// namespaced resources in each workload namespace. The workload namespaces' Roles wait for
// deps, whatever creates those namespaces. It returns the RoleBindings, which the release
// waits for.
func grant(ctx *pulumi.Context, prefix string, in instance, own *corev1.Namespace, deps []pulumi.Resource,
	opts []pulumi.ResourceOption) ([]pulumi.Resource, error) {
	var bindings []pulumi.Resource
	for _, ns := range in.managed {
		name, verbs := in.release+"-deployer", fullAccess
		namespace := pulumi.String(ns).ToStringOutput()
		roleOpts := with(opts, pulumi.DependsOn(deps))
		if ns == in.namespace {
			name, verbs = in.release+"-reader", readAccess
			namespace = own.Metadata.Name().Elem()
			roleOpts = opts
		}
		role, err := rbacv1.NewRole(ctx, prefix+"-"+ns+"-role", &rbacv1.RoleArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(name), Namespace: namespace},
			Rules: rbacv1.PolicyRuleArray{&rbacv1.PolicyRuleArgs{
				ApiGroups: pulumi.ToStringArray([]string{"*"}),
				Resources: pulumi.ToStringArray([]string{"*"}),
				Verbs:     pulumi.ToStringArray(verbs),
			}},
		}, roleOpts...)
		if err != nil {
			return nil, err
		}
		binding, err := rbacv1.NewRoleBinding(ctx, prefix+"-"+ns+"-rolebinding", &rbacv1.RoleBindingArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(name), Namespace: role.Metadata.Namespace()},
			RoleRef: &rbacv1.RoleRefArgs{
				ApiGroup: pulumi.String("rbac.authorization.k8s.io"),
				Kind:     pulumi.String("Role"),
				Name:     role.Metadata.Name().Elem(),
			},
			Subjects: rbacv1.SubjectArray{
				serviceAccount(ControllerServiceAccount, in.namespace),
				serviceAccount(ServerServiceAccount, in.namespace),
			},
		}, opts...)
		if err != nil {
			return nil, err
		}
		bindings = append(bindings, binding)
	}
	return bindings, nil
}

func serviceAccount(name, namespace string) *rbacv1.SubjectArgs {
	return &rbacv1.SubjectArgs{
		Kind:      pulumi.String("ServiceAccount"),
		Name:      pulumi.String(name),
		Namespace: pulumi.String(namespace),
	}
}

// newProject registers the instance's AppProject in its own namespace: any source, only the
// namespaces it manages on this cluster as destinations, any namespaced kind, no
// cluster-scoped kind (an empty clusterResourceWhitelist denies them all).
func newProject(ctx *pulumi.Context, prefix string, in instance, own *corev1.Namespace,
	opts []pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	destinations := pulumi.Array{}
	for _, ns := range in.managed {
		destinations = append(destinations, pulumi.Map{
			"server":    pulumi.String(InClusterServer),
			"namespace": pulumi.String(ns),
		})
	}
	return apiextensions.NewCustomResource(ctx, prefix+"-project", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("argoproj.io/v1alpha1"),
		Kind:       pulumi.String("AppProject"),
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(ApplicationsProject),
			Namespace: own.Metadata.Name(),
		},
		OtherFields: map[string]any{
			"spec": pulumi.Map{
				"description":                pulumi.String("Workloads: only the namespaces the " + in.key + " instance manages."),
				"sourceRepos":                pulumi.ToStringArray([]string{"*"}),
				"destinations":               destinations,
				"clusterResourceWhitelist":   pulumi.Array{},
				"namespaceResourceWhitelist": pulumi.Array{pulumi.Map{"group": pulumi.String("*"), "kind": pulumi.String("*")}},
			},
		},
	}, opts...)
}
