package gitops

import (
	"github.com/aksplatform/platform/validation"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Where and from what the two Argo CD instances are installed.
const (
	ChartRepo             = "https://argoproj.github.io/argo-helm"
	ChartName             = "argo-cd"
	PlatformNamespace     = "argocd"
	ApplicationsNamespace = "argocd-apps"
	// PlatformRelease and ApplicationsRelease are the instances' Helm release names, the
	// prefix of every workload the chart names (argocd-server, argocd-apps-repo-server).
	PlatformRelease     = "argocd"
	ApplicationsRelease = "argocd-apps"
	// InClusterServer is the API server address Argo CD uses for the cluster it runs in.
	InClusterServer = "https://kubernetes.default.svc"
)

// ArgoCDArgs configures the GitOps bootstrap of one cluster.
type ArgoCDArgs struct {
	Spec       Spec
	Production bool
	// ApplicationNamespaces are the workload namespaces the applications instance deploys into,
	// besides its own (argocd-apps): DNS labels, each listed once, none kube-*, argocd or
	// argocd-apps. Empty confines the instance to argocd-apps.
	ApplicationNamespaces []string
	// NamespaceResources are what creates the ApplicationNamespaces (the Namespaces, or the
	// components that own them); the Roles granted in those namespaces wait for them. Leave it
	// empty only when the namespaces exist before the stack runs.
	NamespaceResources []pulumi.Resource
	// KubernetesProvider targets the cluster; every child uses it.
	KubernetesProvider pulumi.ProviderResource
	// RegistryLoginServer is the platform registry's login server (registry.Registry's
	// LoginServer): every chart image is pulled from <RegistryLoginServer>/<CacheRepository>
	// through its artifact cache, whose rules come from Needs. Nil keeps the chart's upstream
	// images, which production must not do (see Warnings).
	RegistryLoginServer pulumi.StringInput
	// PlatformValues, when set, are handed to the platform root Application as Helm values
	// (the platform path is then a Helm chart such as gitops/platform, synced with
	// ValuesFile(Production)); nil syncs the platform path as plain manifests.
	PlatformValues *PlatformValues
	// RepositoryCredentials deliver the private repositories' credentials from Key Vault; see
	// RepositoryAccess. Nil when the repositories are public.
	RepositoryCredentials *RepositoryAccess
}

// ArgoCD is two Argo CD instances, each with its namespace, Helm release and app-of-apps root
// Application: "platform" (cluster-wide, in argocd) and "applications" (no CRDs, no cluster
// roles: confined to argocd-apps plus the ApplicationNamespaces by its cluster secret, its
// namespaced Roles and its AppProject).
type ArgoCD struct {
	pulumi.ResourceState

	// PlatformNamespace and ApplicationsNamespace are where the instances run.
	PlatformNamespace     pulumi.StringOutput
	ApplicationsNamespace pulumi.StringOutput
	// PlatformRoot and ApplicationsRoot are the names of the root Applications.
	PlatformRoot     pulumi.StringOutput
	ApplicationsRoot pulumi.StringOutput
	// ApplicationsProject is the AppProject child Applications of the applications instance
	// should name: it allows only the namespaces that instance manages.
	ApplicationsProject pulumi.StringOutput
}

// spec returns the spec with defaults applied, without touching the caller's.
func (a *ArgoCDArgs) spec() Spec {
	s := a.Spec.clone()
	s.SetDefaults(a.Production)
	return s
}

// Validate checks the spec (with defaults) and the wiring before anything is registered. Spec
// problems are keyed relative to aks-platform:gitops; wiring problems by the input's camelCase name.
func (a *ArgoCDArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	s := a.spec()
	var ps validation.Problems
	if !s.IsEnabled() {
		ps.Addf("enabled", "is false; callers skip NewArgoCD when GitOps is disabled")
	}
	ps.Merge("", s.Validate(a.Production))
	ps.Merge("", validateApplicationNamespaces(a.ApplicationNamespaces))
	for i, r := range a.NamespaceResources {
		if r == nil {
			ps.Addf(validation.Index("NamespaceResources", i), "is nil")
		}
	}
	if a.KubernetesProvider == nil {
		ps.Addf("kubernetesProvider", "is required: every Kubernetes resource is created through it")
	}
	if a.PlatformValues != nil {
		for _, k := range a.PlatformValues.missing() {
			ps.Addf("platformValues."+k, "is required: the platform chart reads it")
		}
		if a.RegistryLoginServer == nil {
			ps.Addf("registryLoginServer", "is required with platformValues: every platform chart pulls through the registry's cache")
		}
	}
	ps.Merge("", a.RepositoryCredentials.validate(s))
	if a.RegistryLoginServer == nil && a.Production {
		ps.Addf("registryLoginServer", "is required in production: behind the hub firewall nodes pull Argo CD's images only through the registry's artifact cache")
	}
	return ps.Err()
}

// Warnings returns what does not stop the plan but breaks Argo CD behind the hub firewall:
// the spec's warnings. (A production install without RegistryLoginServer is a Validate
// problem now that stacks wires the registry.)
func (a *ArgoCDArgs) Warnings() validation.Warnings {
	if a == nil {
		return nil
	}
	return a.spec().Warnings(a.Production)
}

// instance is one Argo CD installation.
type instance struct {
	key         string // "platform" or "applications": child-name suffix and installation ID
	namespace   string
	release     string // Helm release name; also the prefix of the chart's resource names
	source      Source
	clusterWide bool
	// managed are the namespaces a namespaced instance may deploy into, its own first; nil
	// when clusterWide.
	managed []string
	// parent is the ArgoCD component: the Azure resources of the instance take it without the
	// Kubernetes provider.
	parent pulumi.ResourceOption
}

// installed is what install registered for one instance.
type installed struct {
	release *helm.Release
	root    *apiextensions.CustomResource
	project pulumi.StringOutput // the AppProject the root Application belongs to
}

// NewArgoCD registers the platform instance, then the applications instance (which needs the
// CRDs the platform release installs), each followed by its root Application.
func NewArgoCD(ctx *pulumi.Context, name string, args *ArgoCDArgs, opts ...pulumi.ResourceOption) (*ArgoCD, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	spec := args.spec()
	a := &ArgoCD{}
	if err := ctx.RegisterComponentResource(ComponentType, name, a, opts...); err != nil {
		return nil, err
	}
	k8s := []pulumi.ResourceOption{pulumi.Parent(a), pulumi.Provider(args.KubernetesProvider)}
	platform := instance{key: "platform", namespace: PlatformNamespace, release: PlatformRelease,
		source: spec.Platform, clusterWide: true, parent: pulumi.Parent(a)}
	apps := instance{key: "applications", namespace: ApplicationsNamespace, release: ApplicationsRelease,
		source: spec.Applications, parent: pulumi.Parent(a),
		managed: append([]string{ApplicationsNamespace}, args.ApplicationNamespaces...)}

	p, err := install(ctx, name, platform, spec, args, k8s)
	if err != nil {
		return nil, err
	}
	ap, err := install(ctx, name, apps, spec, args, with(k8s, pulumi.DependsOn([]pulumi.Resource{p.release})))
	if err != nil {
		return nil, err
	}
	a.PlatformNamespace = pulumi.String(PlatformNamespace).ToStringOutput()
	a.ApplicationsNamespace = pulumi.String(ApplicationsNamespace).ToStringOutput()
	a.PlatformRoot = p.root.Metadata.Name().Elem()
	a.ApplicationsRoot = ap.root.Metadata.Name().Elem()
	a.ApplicationsProject = ap.project
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{
		"platformNamespace":     a.PlatformNamespace,
		"applicationsNamespace": a.ApplicationsNamespace,
		"platformRoot":          a.PlatformRoot,
		"applicationsRoot":      a.ApplicationsRoot,
		"applicationsProject":   a.ApplicationsProject,
	})
}

// install registers one instance: namespace, release, and the root Application after it. A
// namespaced instance also gets its Roles (before the release, so that its controller never
// starts without them) and its AppProject (before the root Application, which belongs to it).
func install(ctx *pulumi.Context, name string, in instance, spec Spec, args *ArgoCDArgs, opts []pulumi.ResourceOption) (*installed, error) {
	prefix := name + "-" + in.key
	ns, err := corev1.NewNamespace(ctx, prefix+"-ns", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(in.namespace)},
	}, opts...)
	if err != nil {
		return nil, err
	}
	var grants []pulumi.Resource
	project := pulumi.String("default").ToStringOutput()
	if !in.clusterWide {
		if grants, err = grant(ctx, prefix, in, ns, args.NamespaceResources, opts); err != nil {
			return nil, err
		}
		appProject, err := newProject(ctx, prefix, in, ns, opts)
		if err != nil {
			return nil, err
		}
		project = appProject.Metadata.Name().Elem()
	}
	vals := values(in, args.Production, args.RegistryLoginServer)
	secrets, err := deliverSecrets(ctx, prefix, in, spec, args.RepositoryCredentials, ns, vals, opts)
	if err != nil {
		return nil, err
	}
	release, err := helm.NewRelease(ctx, prefix, &helm.ReleaseArgs{
		Name:           pulumi.String(in.release),
		Chart:          pulumi.String(ChartName),
		Version:        pulumi.String(spec.ChartVersion),
		RepositoryOpts: &helm.RepositoryOptsArgs{Repo: pulumi.String(ChartRepo)},
		Namespace:      ns.Metadata.Name(),
		Values:         vals,
	}, with(opts, pulumi.DependsOn(append(grants, secrets...)))...)
	if err != nil {
		return nil, err
	}
	source := pulumi.Map{
		"repoURL":        pulumi.String(in.source.RepoURL),
		"path":           pulumi.String(in.source.Path),
		"targetRevision": pulumi.String(in.source.TargetRevision),
	}
	if in.clusterWide && args.PlatformValues != nil {
		source["helm"] = pulumi.Map{
			"valueFiles":   pulumi.ToStringArray([]string{ValuesFile(args.Production)}),
			"valuesObject": pulumi.Map{"cluster": args.PlatformValues.toMap(in.source, args.RegistryLoginServer)},
		}
	}
	root, err := apiextensions.NewCustomResource(ctx, prefix+"-root", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("argoproj.io/v1alpha1"),
		Kind:       pulumi.String("Application"),
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(in.key + "-root"),
			Namespace: ns.Metadata.Name(),
		},
		OtherFields: map[string]any{
			"spec": pulumi.Map{
				"project": project,
				"source":  source,
				"destination": pulumi.Map{
					"server":    pulumi.String(InClusterServer),
					"namespace": pulumi.String(in.namespace),
				},
				"syncPolicy": pulumi.Map{
					"automated": pulumi.Map{"prune": pulumi.Bool(true), "selfHeal": pulumi.Bool(true)},
				},
			},
		},
	}, with(opts, pulumi.DependsOn([]pulumi.Resource{release}))...)
	if err != nil {
		return nil, err
	}
	return &installed{release: release, root: root, project: project}, nil
}

// with returns opts followed by more, in a new slice: appending to a shared opts slice could
// overwrite another caller's options.
func with(opts []pulumi.ResourceOption, more ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append(append([]pulumi.ResourceOption(nil), opts...), more...)
}
