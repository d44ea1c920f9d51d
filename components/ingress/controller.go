// Package ingress builds the entry point of a cluster: either an Application Gateway WAF_v2
// driven by AGIC, or F5's NGINX Ingress Controller behind an Azure load balancer, plus
// cert-manager with a Let's Encrypt ClusterIssuer (DNS-01 in Azure DNS or HTTP-01). Every
// image comes through the platform registry's cache (see Needs). Callers pick one by Spec.Controller and consume it through the
// Controller interface.
package ingress

import (
	"fmt"

	"github.com/aksplatform/platform/validation"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type tokens of the components; ModuleToken keys the nil-args error of New, which builds
// either controller.
const (
	ModuleToken      = "aksplatform:ingress"
	AGICType         = "aksplatform:ingress:AGIC"
	NGINXType        = "aksplatform:ingress:NGINX"
	CertManagerType  = "aksplatform:ingress:CertManager"
	DefaultProbePath = "/healthz"
)

// Ingress class names and namespaces the controllers install into.
const (
	AGICIngressClass  = "azure-application-gateway"
	NGINXIngressClass = "nginx"
	AGICNamespace     = "ingress-azure"
	NGINXNamespace    = "nginx-ingress"
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

// New registers the controller chosen by args.Spec.Controller (with cert-manager when
// enabled) and returns it behind the Controller interface. Like NewAGIC and NewNGINX it
// defaults a copy of the spec and reports every problem before registering anything.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (Controller, error) {
	if args == nil {
		return nil, validation.Required(ModuleToken)
	}
	a, err := args.prepare()
	if err != nil {
		return nil, err
	}
	// Return untyped nil on error, never a nil *AGIC or *NGINX inside the interface.
	switch a.Spec.Controller {
	case ControllerAGIC:
		c, err := NewAGIC(ctx, name, a, opts...)
		if err != nil {
			return nil, err
		}
		return c, nil
	case ControllerNGINX:
		c, err := NewNGINX(ctx, name, a, opts...)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
	return nil, fmt.Errorf("ingress: unknown controller %q", a.Spec.Controller)
}

// prepareFor is prepare for the constructor of one controller: nil args give the
// component's Required error, and the spec must ask for that controller.
func prepareFor(args *Args, want, typeToken string) (*Args, error) {
	if args == nil {
		return nil, validation.Required(typeToken)
	}
	a, err := args.prepare()
	if err != nil {
		return nil, err
	}
	if a.Spec.Controller != want {
		return nil, fmt.Errorf("ingress: spec asks for controller %q, not %q; use ingress.New", a.Spec.Controller, want)
	}
	return a, nil
}

// issuerName is the ClusterIssuer name when cert-manager is enabled, otherwise "".
func issuerName(s CertManagerSpec) string {
	if s.IsEnabled() {
		return ClusterIssuerName
	}
	return ""
}
