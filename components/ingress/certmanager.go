package ingress

import (
	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/registry"
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
	// CertManagerServiceAccount is the controller's service account for the release named
	// "cert-manager"; cert-manager's federated credential trusts exactly this subject.
	CertManagerServiceAccount = "cert-manager"
	// ClusterIssuerName is the ACME ClusterIssuer workloads reference with the annotation
	// cert-manager.io/cluster-issuer.
	ClusterIssuerName = "letsencrypt"
	// DefaultTLSSecret is the secret, in the controller's namespace, holding the certificate
	// for Args.CertificateHosts.
	DefaultTLSSecret = "ingress-default-tls"
)

// SetDefaults fills cert-manager's zero values (Spec.SetDefaults documents them; none
// differs between dev and prod).
func (c *CertManagerSpec) SetDefaults() {
	defaults.SetPtr(&c.Enabled, true)
	defaults.Set(&c.ChartVersion, DefaultCertManagerChartVersion)
	defaults.Set(&c.ACMEServer, LetsEncryptProduction)
}

// CertManagerArgs configures cert-manager for one cluster.
type CertManagerArgs struct {
	Spec       CertManagerSpec
	Production bool
	// IngressClassName is the class the ACME HTTP-01 solver Ingresses use; required without
	// Spec.DNSZone.
	IngressClassName string
	// SharedHostName says that more than one region serves the host name: DNS-01 is required.
	SharedHostName bool
	// ResourceGroupName, Location and OIDCIssuerURL place cert-manager's managed identity and
	// its federated credential; required with Spec.DNSZone.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	OIDCIssuerURL     pulumi.StringInput
	// RegistryLoginServer is the registry whose cache serves cert-manager's images. Required.
	RegistryLoginServer pulumi.StringInput
	// KubernetesProvider targets the cluster.
	KubernetesProvider pulumi.ProviderResource
	// Tags go on the managed identity.
	Tags pulumi.StringMapInput
}

// CertManager is cert-manager installed by Helm (with its CRDs) and a Let's Encrypt
// ClusterIssuer. With Spec.DNSZone it solves DNS-01 in Azure DNS as its own managed identity
// (workload identity, DNS Zone Contributor on that zone only); otherwise HTTP-01 through the
// cluster's ingress controller.
type CertManager struct {
	pulumi.ResourceState

	// ClusterIssuerName is the name of the ClusterIssuer.
	ClusterIssuerName pulumi.StringOutput
	// Namespace is where cert-manager runs.
	Namespace pulumi.StringOutput
	// IdentityClientID is the client ID of cert-manager's managed identity (DNS-01 only).
	IdentityClientID pulumi.StringOutput

	issuer pulumi.Resource
}

// Validate checks the args as given (NewCertManager defaults a copy first); spec problems
// are keyed relative to the certManager section, wiring problems by the input's camelCase name.
func (a *CertManagerArgs) Validate() error {
	if a == nil {
		return validation.Required(CertManagerType)
	}
	var ps validation.Problems
	if !a.Spec.IsEnabled() {
		ps.Addf("enabled", "is false; callers skip NewCertManager when cert-manager is disabled")
	}
	ps.Merge("", a.Spec.Validate())
	if a.SharedHostName {
		ps.Merge("", a.Spec.validateSharedHostName())
	}
	need := func(field string, ok bool, why string) {
		if !ok {
			ps.Addf(field, "is required %s", why)
		}
	}
	need("kubernetesProvider", a.KubernetesProvider != nil, "to create every Kubernetes resource through it")
	need("registryLoginServer", a.RegistryLoginServer != nil, "so that cert-manager's images are pulled through the platform registry's cache")
	if a.Spec.DNSZone == nil {
		need("ingressClassName", a.IngressClassName != "", "for the HTTP-01 solver (or set dnsZone for DNS-01)")
	} else {
		need("resourceGroupName", a.ResourceGroupName != nil, "for cert-manager's managed identity")
		need("location", a.Location != nil, "for cert-manager's managed identity")
		need("oidcIssuerUrl", a.OIDCIssuerURL != nil, "for cert-manager's workload identity")
	}
	return ps.Err()
}

// NewCertManager registers cert-manager's namespace, its identity when it solves DNS-01, the
// release and the ClusterIssuer, which waits for the release so that its CRDs exist. Nil
// args give validation.Required(CertManagerType); the spec is defaulted on a copy.
func NewCertManager(ctx *pulumi.Context, name string, args *CertManagerArgs, opts ...pulumi.ResourceOption) (*CertManager, error) {
	if args == nil {
		return nil, validation.Required(CertManagerType)
	}
	a := *args
	a.Spec.SetDefaults()
	if err := a.Validate(); err != nil {
		return nil, err
	}
	c := &CertManager{}
	if err := ctx.RegisterComponentResource(CertManagerType, name, c, opts...); err != nil {
		return nil, err
	}
	k8s := []pulumi.ResourceOption{pulumi.Parent(c), pulumi.Provider(a.KubernetesProvider)}
	ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(CertManagerNamespace)},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	replicas := defaults.Pick(a.Production, 1, 2)
	values := pulumi.Map{
		"crds":                pulumi.Map{"enabled": pulumi.Bool(true), "keep": pulumi.Bool(true)},
		"replicaCount":        pulumi.Int(replicas),
		"webhook":             pulumi.Map{"replicaCount": pulumi.Int(replicas), "podDisruptionBudget": pulumi.Map{"enabled": pulumi.Bool(a.Production)}},
		"cainjector":          pulumi.Map{"replicaCount": pulumi.Int(replicas), "podDisruptionBudget": pulumi.Map{"enabled": pulumi.Bool(a.Production)}},
		"podDisruptionBudget": pulumi.Map{"enabled": pulumi.Bool(a.Production)},
	}
	solver := pulumi.Map{"http01": pulumi.Map{"ingress": pulumi.Map{"ingressClassName": pulumi.String(a.IngressClassName)}}}
	var dependsOn []pulumi.Resource
	if a.Spec.DNSZone != nil {
		dns, err := newDNS01Identity(ctx, name, &a, pulumi.Parent(c))
		if err != nil {
			return nil, err
		}
		dns.addValues(values)
		solver = dns.solver(ctx, *a.Spec.DNSZone)
		c.IdentityClientID = dns.clientID
		dependsOn = dns.dependsOn
	}
	release, err := helm.NewRelease(ctx, name, &helm.ReleaseArgs{
		Name:           pulumi.String("cert-manager"),
		Chart:          pulumi.String("cert-manager"),
		Version:        pulumi.String(a.Spec.ChartVersion),
		RepositoryOpts: &helm.RepositoryOptsArgs{Repo: pulumi.String(CertManagerRepo)},
		Namespace:      ns.Metadata.Name(),
		Values:         registry.PullThroughCache(values, a.RegistryLoginServer, certManagerImages),
	}, append(k8s, pulumi.DependsOn(dependsOn))...)
	if err != nil {
		return nil, err
	}
	issuer, err := apiextensions.NewCustomResource(ctx, name+"-cluster-issuer", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("cert-manager.io/v1"),
		Kind:       pulumi.String("ClusterIssuer"),
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(ClusterIssuerName)},
		OtherFields: map[string]any{
			"spec": pulumi.Map{
				"acme": pulumi.Map{
					"server":              pulumi.String(a.Spec.ACMEServer),
					"email":               pulumi.String(a.Spec.Email),
					"privateKeySecretRef": pulumi.Map{"name": pulumi.String(ClusterIssuerName + "-account-key")},
					"solvers":             pulumi.Array{solver},
				},
			},
		},
	}, append(k8s, pulumi.DependsOn([]pulumi.Resource{release}))...)
	if err != nil {
		return nil, err
	}
	c.issuer = issuer
	c.ClusterIssuerName = pulumi.String(ClusterIssuerName).ToStringOutput()
	c.Namespace = ns.Metadata.Name().Elem()
	outputs := pulumi.Map{"clusterIssuerName": c.ClusterIssuerName, "namespace": c.Namespace}
	if a.Spec.DNSZone != nil {
		outputs["identityClientId"] = c.IdentityClientID
	}
	return c, ctx.RegisterResourceOutputs(c, outputs)
}

// newDefaultCertificate registers the Certificate for the hosts the ingress serves itself,
// in namespace ns as DefaultTLSSecret, after cm's ClusterIssuer. cert-manager puts a
// temporary self-signed certificate in the secret at once, so a controller that needs the
// secret to start does not wait for Let's Encrypt.
// https://cert-manager.io/docs/usage/certificate/
func newDefaultCertificate(ctx *pulumi.Context, name string, ns *corev1.Namespace, hosts []string, cm *CertManager,
	opts ...pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	return apiextensions.NewCustomResource(ctx, name+"-default-tls", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String("cert-manager.io/v1"),
		Kind:       pulumi.String("Certificate"),
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(DefaultTLSSecret),
			Namespace:   ns.Metadata.Name(),
			Annotations: pulumi.StringMap{"cert-manager.io/issue-temporary-certificate": pulumi.String("true")},
		},
		OtherFields: map[string]any{
			"spec": pulumi.Map{
				"secretName": pulumi.String(DefaultTLSSecret),
				"dnsNames":   pulumi.ToStringArray(hosts),
				"issuerRef": pulumi.Map{
					"name":  pulumi.String(ClusterIssuerName),
					"kind":  pulumi.String("ClusterIssuer"),
					"group": pulumi.String("cert-manager.io"),
				},
			},
		},
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{cm.issuer}))...)
}
