package ingress

import (
	"github.com/aksplatform/platform/components/rbac"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NGINXRepo is the Helm repository of the ingress-nginx chart.
const NGINXRepo = "https://kubernetes.github.io/ingress-nginx"

// Azure cloud-provider annotations on the controller's LoadBalancer Service.
const (
	annotationInternal      = "service.beta.kubernetes.io/azure-load-balancer-internal"
	annotationIPv4          = "service.beta.kubernetes.io/azure-load-balancer-ipv4"
	annotationPIPName       = "service.beta.kubernetes.io/azure-pip-name"
	annotationResourceGroup = "service.beta.kubernetes.io/azure-load-balancer-resource-group"
	annotationProbePath     = "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path"
	healthProbePath         = "/healthz"
)

// NGINX is ingress-nginx installed by Helm behind an Azure load balancer: public on a static
// public IP owned by this component, or internal on Spec.NGINX.PrivateIP.
//
// Behind Azure Front Door (Args.FrontDoorID set) nothing here changes. Checking X-Azure-FDID
// would take configuration snippets, which recent ingress-nginx disables because they let
// Ingress authors inject arbitrary NGINX configuration. What keeps clients from bypassing the
// front door is the spoke's node-subnet NSG admitting only the AzureFrontDoor.Backend service
// tag (network.SpokeArgs.IngressSource); that tag covers every Front Door, not only ours.
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
// lets AKS attach it, the ingress-nginx release and, when enabled, cert-manager.
func NewNGINX(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*NGINX, error) {
	if err := requireController(args, ControllerNGINX); err != nil {
		return nil, err
	}
	n := &NGINX{issuer: issuerName(args.Spec.CertManager)}
	if err := ctx.RegisterComponentResource("aksplatform:ingress:NGINX", name, n, opts...); err != nil {
		return nil, err
	}
	spec := args.Spec.NGINX
	annotations := pulumi.StringMap{annotationProbePath: pulumi.String(healthProbePath)}
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
	controller := pulumi.Map{
		"replicaCount": pulumi.Int(spec.Replicas),
		"ingressClassResource": pulumi.Map{
			"name":            pulumi.String(NGINXIngressClass),
			"enabled":         pulumi.Bool(true),
			"default":         pulumi.Bool(false),
			"controllerValue": pulumi.String("k8s.io/ingress-nginx"),
		},
		"service": pulumi.Map{"annotations": annotations},
	}
	if args.Production {
		controller["topologySpreadConstraints"] = zoneSpread(map[string]string{
			"app.kubernetes.io/name":      "ingress-nginx",
			"app.kubernetes.io/instance":  "ingress-nginx",
			"app.kubernetes.io/component": "controller",
		})
	}
	_, err = helm.NewRelease(ctx, name, &helm.ReleaseArgs{
		Name:           pulumi.String("ingress-nginx"),
		Chart:          pulumi.String("ingress-nginx"),
		Version:        pulumi.String(spec.ChartVersion),
		RepositoryOpts: &helm.RepositoryOptsArgs{Repo: pulumi.String(NGINXRepo)},
		Namespace:      ns.Metadata.Name(),
		Values:         pulumi.Map{"controller": controller},
	}, append(k8s, pulumi.DependsOn(dependsOn))...)
	if err != nil {
		return nil, err
	}
	n.Namespace = ns.Metadata.Name().Elem()
	if n.CertManager, err = withCertManager(ctx, name, args, NGINXIngressClass, n); err != nil {
		return nil, err
	}
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
		Spec:               args.Spec.CertManager,
		Production:         args.Production,
		IngressClassName:   class,
		KubernetesProvider: args.KubernetesProvider,
	}, pulumi.Parent(parent))
}
