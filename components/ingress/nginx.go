package ingress

import (
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/components/registry"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// F5 NGINX Ingress Controller chart: repository, chart and release name (the release name
// is the pods' app.kubernetes.io/instance label).
const (
	NGINXRepo    = "https://helm.nginx.com/stable"
	NGINXChart   = "nginx-ingress"
	NGINXRelease = "nginx-ingress"
	// nginxControllerValue is the IngressClass controller of F5's controller.
	nginxControllerValue = "nginx.org/ingress-controller"
)

// Azure cloud-provider annotations on the controller's LoadBalancer Service.
const (
	annotationInternal      = "service.beta.kubernetes.io/azure-load-balancer-internal"
	annotationIPv4          = "service.beta.kubernetes.io/azure-load-balancer-ipv4"
	annotationPIPName       = "service.beta.kubernetes.io/azure-pip-name"
	annotationResourceGroup = "service.beta.kubernetes.io/azure-load-balancer-resource-group"
	annotationProbePath     = "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path"
)

// NGINX is F5's NGINX Ingress Controller (github.com/nginx/kubernetes-ingress, chart
// nginx-ingress from helm.nginx.com/stable, image ghcr.io/nginx/kubernetes-ingress: F5's GitHub
// registry copy, which the artifact cache pulls without the credential set Docker Hub requires)
// installed by Helm behind an Azure load balancer: public on a static public IP owned by this component,
// or internal on Spec.NGINX.PrivateIP.
//
// Why this controller: the community ingress-nginx was retired in March 2026 and gets no
// more security fixes. F5's controller is maintained, open source (Apache 2.0), reads
// standard Ingress resources, and is a Helm chart this package installs and pins like the
// others, its image mirrored through our registry. AKS's application routing add-on was the
// other candidate, but it is itself built on ingress-nginx and is configured on the cluster
// resource, outside this package. Workloads move their nginx.ingress.kubernetes.io/*
// annotations to F5's nginx.org/* ones; configuration snippets stay off.
//
// The default server answers HealthProbePath with 200 (the chart's healthStatus), so the
// load balancer's and Front Door's probes pass before any workload exists, and it presents
// the CertificateHosts certificate (issued by cert-manager into DefaultTLSSecret) so that
// Front Door's certificate name check passes on the origin host name.
//
// Behind Azure Front Door (Args.FrontDoorID set) nothing here checks X-Azure-FDID: that
// would take snippets. What keeps clients from bypassing the front door is the spoke's
// node-subnet NSG admitting only the AzureFrontDoor.Backend service tag
// (network.SpokeArgs.IngressSource); that tag covers every Front Door, not only ours.
type NGINX struct {
	pulumi.ResourceState

	// IP is the load balancer's address (public or private).
	IP pulumi.StringOutput
	// Namespace is where the controller runs.
	Namespace pulumi.StringOutput
	// CertManager is nil when cert-manager is disabled.
	CertManager *CertManager

	issuer string
}

// IngressClassName implements Controller.
func (n *NGINX) IngressClassName() string { return NGINXIngressClass }

// Address implements Controller.
func (n *NGINX) Address() pulumi.StringOutput { return n.IP }

// ClusterIssuer implements Controller.
func (n *NGINX) ClusterIssuer() string { return n.issuer }

// NewNGINX registers the namespace, the static public IP (unless internal) with the role that
// lets AKS attach it, cert-manager when enabled with the default server's certificate, and
// the NGINX Ingress Controller release. Nil args give validation.Required(NGINXType); the
// spec is defaulted on a copy and every problem is returned before anything is registered.
func NewNGINX(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*NGINX, error) {
	args, err := prepareFor(args, ControllerNGINX, NGINXType)
	if err != nil {
		return nil, err
	}
	n := &NGINX{issuer: issuerName(args.Spec.CertManager)}
	if err := ctx.RegisterComponentResource(NGINXType, name, n, opts...); err != nil {
		return nil, err
	}
	spec := args.Spec.NGINX
	// The Azure load balancer probes the same path as Front Door, which the default server
	// answers; with externalTrafficPolicy Local AKS probes the node's health port instead.
	annotations := pulumi.StringMap{annotationProbePath: pulumi.String(args.HealthProbePath)}
	var dependsOn []pulumi.Resource
	if args.Spec.Internal {
		annotations[annotationInternal] = pulumi.String("true")
		annotations[annotationIPv4] = pulumi.String(spec.PrivateIP)
		n.IP = pulumi.String(spec.PrivateIP).ToStringOutput()
	} else {
		pip, err := newPublicIP(ctx, name+"-pip", args, nil, pulumi.Parent(n))
		if err != nil {
			return nil, err
		}
		role, err := rbac.Assign(ctx, name+"-pip-network-contributor", rbac.Assignment{
			Role:        rbac.NetworkContributor,
			Scope:       pip.ID().ToStringOutput(),
			PrincipalID: args.ClusterPrincipalID,
		}, pulumi.Parent(n))
		if err != nil {
			return nil, err
		}
		annotations[annotationPIPName] = pip.Name
		annotations[annotationResourceGroup] = args.ResourceGroupName
		n.IP = pip.IpAddress.Elem()
		dependsOn = append(dependsOn, role)
	}

	k8s := []pulumi.ResourceOption{pulumi.Parent(n), pulumi.Provider(args.KubernetesProvider)}
	ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(NGINXNamespace)},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	if n.CertManager, err = withCertManager(ctx, name, args, NGINXIngressClass, n); err != nil {
		return nil, err
	}
	controller := pulumi.Map{
		"replicaCount": pulumi.Int(spec.Replicas),
		"ingressClass": pulumi.Map{
			"name":                pulumi.String(NGINXIngressClass),
			"create":              pulumi.Bool(true),
			"setAsDefaultIngress": pulumi.Bool(false),
		},
		"healthStatus":    pulumi.Bool(true),
		"healthStatusURI": pulumi.String(args.HealthProbePath),
		"enableSnippets":  pulumi.Bool(false),
		// Telemetry goes to an F5 endpoint that the hub firewall does not allow.
		"telemetryReporting": pulumi.Map{"enable": pulumi.Bool(false)},
		"service":            pulumi.Map{"annotations": annotations},
	}
	if len(args.CertificateHosts) > 0 {
		cert, err := newDefaultCertificate(ctx, name, ns, args.CertificateHosts, n.CertManager, k8s...)
		if err != nil {
			return nil, err
		}
		// The controller refuses to start until the secret exists; cert-manager writes a
		// temporary certificate into it at once (issue-temporary-certificate).
		controller["defaultTLS"] = pulumi.Map{"secret": pulumi.String(NGINXNamespace + "/" + DefaultTLSSecret)}
		dependsOn = append(dependsOn, cert)
	}
	if args.Production {
		controller["topologySpreadConstraints"] = zoneSpread(map[string]string{
			"app.kubernetes.io/name":     NGINXChart,
			"app.kubernetes.io/instance": NGINXRelease,
		})
	}
	_, err = helm.NewRelease(ctx, name, &helm.ReleaseArgs{
		Name:           pulumi.String(NGINXRelease),
		Chart:          pulumi.String(NGINXChart),
		Version:        pulumi.String(spec.ChartVersion),
		RepositoryOpts: &helm.RepositoryOptsArgs{Repo: pulumi.String(NGINXRepo)},
		Namespace:      ns.Metadata.Name(),
		Values:         registry.PullThroughCache(pulumi.Map{"controller": controller}, args.RegistryLoginServer, nginxImages),
	}, append(k8s, pulumi.DependsOn(dependsOn))...)
	if err != nil {
		return nil, err
	}
	n.Namespace = ns.Metadata.Name().Elem()
	return n, ctx.RegisterResourceOutputs(n, pulumi.Map{
		"ingressClassName": pulumi.String(NGINXIngressClass),
		"address":          n.IP,
		"namespace":        n.Namespace,
	})
}

// newPublicIP registers a Standard, static IPv4 public IP. Without zones, Azure makes a
// Standard public IP zone-redundant in regions that have zones (since September 2024).
func newPublicIP(ctx *pulumi.Context, name string, args *Args, zones []string, opts ...pulumi.ResourceOption) (*network.PublicIPAddress, error) {
	var zoneInput pulumi.StringArrayInput
	if len(zones) > 0 {
		zoneInput = pulumi.ToStringArray(zones)
	}
	return network.NewPublicIPAddress(ctx, name, &network.PublicIPAddressArgs{
		ResourceGroupName:        args.ResourceGroupName,
		Location:                 args.Location,
		Sku:                      &network.PublicIPAddressSkuArgs{Name: pulumi.String("Standard"), Tier: pulumi.String("Regional")},
		PublicIPAllocationMethod: pulumi.String("Static"),
		PublicIPAddressVersion:   pulumi.String("IPv4"),
		Zones:                    zoneInput,
		Tags:                     args.Tags,
	}, opts...)
}

// zoneSpread spreads pods with the given labels across availability zones.
func zoneSpread(labels map[string]string) pulumi.Array {
	return pulumi.Array{pulumi.Map{
		"maxSkew":           pulumi.Int(1),
		"topologyKey":       pulumi.String("topology.kubernetes.io/zone"),
		"whenUnsatisfiable": pulumi.String("ScheduleAnyway"),
		"labelSelector":     pulumi.Map{"matchLabels": pulumi.ToStringMap(labels)},
	}}
}

// withCertManager registers cert-manager under parent when the spec enables it.
func withCertManager(ctx *pulumi.Context, name string, args *Args, class string, parent pulumi.Resource) (*CertManager, error) {
	if !args.Spec.CertManager.IsEnabled() {
		return nil, nil
	}
	return NewCertManager(ctx, name+"-cert-manager", &CertManagerArgs{
		Spec:                args.Spec.CertManager,
		Production:          args.Production,
		IngressClassName:    class,
		SharedHostName:      args.SharedHostName,
		ResourceGroupName:   args.ResourceGroupName,
		Location:            args.Location,
		OIDCIssuerURL:       args.OIDCIssuerURL,
		RegistryLoginServer: args.RegistryLoginServer,
		KubernetesProvider:  args.KubernetesProvider,
		Tags:                args.Tags,
	}, pulumi.Parent(parent))
}
