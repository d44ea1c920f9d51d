package ingress

import (
	"github.com/aksplatform/platform/validation"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// cert-manager installation constants.
const (
	CertManagerNamespace = "cert-manager"
	CertManagerRepo      = "https://charts.jetstack.io"
	// ClusterIssuerName is the ACME ClusterIssuer workloads reference with the annotation
	// cert-manager.io/cluster-issuer.
	ClusterIssuerName = "letsencrypt"
)

// CertManagerArgs configures cert-manager for one cluster.
type CertManagerArgs struct {
	Spec       CertManagerSpec
	Production bool
	// IngressClassName is the class the ACME HTTP-01 solver Ingresses use.
	IngressClassName string
	// KubernetesProvider targets the cluster.
	KubernetesProvider pulumi.ProviderResource
}

// CertManager is cert-manager installed by Helm (with its CRDs) and a Let's Encrypt
// ClusterIssuer that solves HTTP-01 challenges through the cluster's ingress controller.
type CertManager struct {
	pulumi.ResourceState

	// ClusterIssuerName is the name of the ClusterIssuer.
	ClusterIssuerName pulumi.StringOutput
	// Namespace is where cert-manager runs.
	Namespace pulumi.StringOutput
}

// Validate checks the args before anything is registered; spec problems are keyed relative
// to the certManager section.
func (a *CertManagerArgs) Validate() error {
	if a == nil {
		return &validation.Error{Problems: validation.Problems{{Reason: "ingress: cert-manager args are required"}}}
	}
	var ps validation.Problems
	if !a.Spec.IsEnabled() {
		ps.Addf("enabled", "is false; callers skip NewCertManager when cert-manager is disabled")
	}
	ps.Merge("", a.Spec.Validate())
	if a.IngressClassName == "" {
		ps.Addf("IngressClassName", "is required: the HTTP-01 solver needs an ingress class")
	}
	if a.KubernetesProvider == nil {
		ps.Addf("KubernetesProvider", "is required: every Kubernetes resource is created through it")
	}
	return ps.Err()
}

// NewCertManager registers the cert-manager release and the ClusterIssuer, which depends on
// the release so that its CRDs exist first.
func NewCertManager(ctx *pulumi.Context, name string, args *CertManagerArgs, opts ...pulumi.ResourceOption) (*CertManager, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	c := &CertManager{}
	if err := ctx.RegisterComponentResource("aksplatform:ingress:CertManager", name, c, opts...); err != nil {
		return nil, err
	}
	k8s := []pulumi.ResourceOption{pulumi.Parent(c), pulumi.Provider(args.KubernetesProvider)}
	ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(CertManagerNamespace)},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	replicas := pick(args.Production, 2, 1)
	release, err := helm.NewRelease(ctx, name, &helm.ReleaseArgs{
		Name:           pulumi.String("cert-manager"),
		Chart:          pulumi.String("cert-manager"),
		Version:        pulumi.String(args.Spec.ChartVersion),
		RepositoryOpts: &helm.RepositoryOptsArgs{Repo: pulumi.String(CertManagerRepo)},
		Namespace:      ns.Metadata.Name(),
		Values: pulumi.Map{
			"crds":                pulumi.Map{"enabled": pulumi.Bool(true), "keep": pulumi.Bool(true)},
			"replicaCount":        pulumi.Int(replicas),
			"webhook":             pulumi.Map{"replicaCount": pulumi.Int(replicas), "podDisruptionBudget": pulumi.Map{"enabled": pulumi.Bool(args.Production)}},
			"cainjector":          pulumi.Map{"replicaCount": pulumi.Int(replicas), "podDisruptionBudget": pulumi.Map{"enabled": pulumi.Bool(args.Production)}},
			"podDisruptionBudget": pulumi.Map{"enabled": pulumi.Bool(args.Production)},
		},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	_, err = apiextensions.NewCustomResource(ctx, name+"-cluster-issuer", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("cert-manager.io/v1"),
		Kind:       pulumi.String("ClusterIssuer"),
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(ClusterIssuerName)},
		OtherFields: map[string]any{
			"spec": pulumi.Map{
				"acme": pulumi.Map{
					"server":              pulumi.String(args.Spec.ACMEServer),
					"email":               pulumi.String(args.Spec.Email),
					"privateKeySecretRef": pulumi.Map{"name": pulumi.String(ClusterIssuerName + "-account-key")},
					"solvers": pulumi.Array{pulumi.Map{
						"http01": pulumi.Map{"ingress": pulumi.Map{"ingressClassName": pulumi.String(args.IngressClassName)}},
					}},
				},
			},
		},
	}, append(k8s, pulumi.DependsOn([]pulumi.Resource{release}))...)
	if err != nil {
		return nil, err
	}
	c.ClusterIssuerName = pulumi.String(ClusterIssuerName).ToStringOutput()
	c.Namespace = ns.Metadata.Name().Elem()
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterIssuerName": c.ClusterIssuerName,
		"namespace":         c.Namespace,
	})
}
