// Package ingress builds the entry point of a cluster: either an Application Gateway WAF_v2
// driven by AGIC, or ingress-nginx behind an Azure load balancer, plus cert-manager with a
// Let's Encrypt ClusterIssuer. Callers pick one by Spec.Controller and consume it through the
// Controller interface.
package ingress

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Ingress class names and namespaces the controllers install into.
const (
	AGICIngressClass  = "azure-application-gateway"
	NGINXIngressClass = "nginx"
	AGICNamespace     = "ingress-azure"
	NGINXNamespace    = "ingress-nginx"
	// AGICServiceAccount is the service account the ingress-azure release named
	// "ingress-azure" runs as; the federated credential trusts exactly this subject.
	AGICServiceAccount = "ingress-azure"
)

// Controller is what workloads need from the ingress layer: the class to put on their
// Ingresses, the address to point DNS at, and the issuer to annotate for TLS certificates.
type Controller interface {
	pulumi.Resource
	// IngressClassName is the IngressClass served by the controller.
	IngressClassName() string
	// Address is the IP of the entry point: public, or private when Spec.Internal.
	Address() pulumi.StringOutput
	// ClusterIssuer is the cert-manager ClusterIssuer name, or "" when cert-manager is disabled.
	ClusterIssuer() string
}

// Args is what every controller takes: the validated spec and the wiring to the spoke and
// the cluster. Fields a controller does not need may be nil.
type Args struct {
	Spec       Spec
	Production bool

	// ResourceGroupName and Location place the Azure resources (gateway, public IPs, identity).
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// PublicSubnetID is the spoke's public subnet, dedicated to the Application Gateway (agic).
	PublicSubnetID pulumi.StringInput
	// OIDCIssuerURL is the cluster's OIDC issuer, trusted by AGIC's federated credential (agic).
	OIDCIssuerURL pulumi.StringInput
	// ClusterPrincipalID is the AKS control-plane identity, granted Network Contributor on
	// NGINX's static public IP so that the cloud provider can attach it (public nginx).
	ClusterPrincipalID pulumi.StringInput
	// FrontDoorID is the ID of the Azure Front Door in front of the ingress
	// (frontdoor.FrontDoor.FrontDoorID), or nil when there is none. With agic, the WAF policy
	// then blocks every request whose X-Azure-FDID header is not this ID, so that only this
	// front door (not another customer's) gets through. With nginx it changes nothing: the
	// spoke's NSG admitting only the AzureFrontDoor.Backend service tag protects it.
	FrontDoorID pulumi.StringInput
	// KubernetesProvider targets the cluster; every Kubernetes child uses it.
	KubernetesProvider pulumi.ProviderResource
	// Tags are applied to every Azure resource.
	Tags pulumi.StringMapInput
}

// New registers the controller chosen by args.Spec.Controller (with cert-manager when
// enabled) and returns it behind the Controller interface.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (Controller, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	// Return untyped nil on error, never a nil *AGIC or *NGINX inside the interface.
	switch args.Spec.Controller {
	case ControllerAGIC:
		c, err := NewAGIC(ctx, name, args, opts...)
		if err != nil {
			return nil, err
		}
		return c, nil
	case ControllerNGINX:
		c, err := NewNGINX(ctx, name, args, opts...)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
	return nil, fmt.Errorf("ingress: unknown controller %q", args.Spec.Controller)
}

// requireController validates args and checks that they ask for the controller being built.
func requireController(args *Args, want string) error {
	if err := args.Validate(); err != nil {
		return err
	}
	if args.Spec.Controller != want {
		return fmt.Errorf("ingress: spec asks for controller %q, not %q; use ingress.New", args.Spec.Controller, want)
	}
	return nil
}

// issuerName is the ClusterIssuer name when cert-manager is enabled, otherwise "".
func issuerName(s CertManagerSpec) string {
	if s.IsEnabled() {
		return ClusterIssuerName
	}
	return ""
}
