package ingress

import (
	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/registry"
)

// Images of the pinned charts (DefaultCertManagerChartVersion, DefaultNGINXChartVersion,
// DefaultAGICChartVersion), read from each chart's values.yaml; the tag stays the chart's
// appVersion. A chart upgrade that adds an image must add it here.
var (
	certManagerImages = []registry.ChartImage{
		{Value: "image.repository", Image: egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-controller"}},
		{Value: "webhook.image.repository", Image: egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-webhook"}},
		{Value: "cainjector.image.repository", Image: egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-cainjector"}},
		// The HTTP-01 solver pods the controller starts per challenge.
		{Value: "acmesolver.image.repository", Image: egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-acmesolver"}},
		// The post-install job that waits for the webhook.
		{Value: "startupapicheck.image.repository", Image: egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-startupapicheck"}},
	}
	nginxImages = []registry.ChartImage{
		{Value: "controller.image.repository", Image: egress.Image{Registry: "ghcr.io", Repository: "nginx/kubernetes-ingress"}},
	}
	agicImages = []registry.ChartImage{
		{Value: "image.repository", Image: egress.Image{Registry: "mcr.microsoft.com", Repository: "azure-application-gateway/kubernetes-ingress"}},
	}
)

// Needs is what the ingress layer described by s needs from outside the virtual network: the
// images of the chosen controller's chart and of cert-manager, and the ACME server that
// cert-manager calls. It defaults a copy of s first; no default it reads differs between dev
// and prod. Azure DNS (management.azure.com) and the workload identity token exchange
// (login.microsoftonline.com) are not listed: AKS needs them itself, so the
// AzureKubernetesService FQDN tag already allows them.
// https://learn.microsoft.com/azure/aks/outbound-rules-control-egress#azure-global-required-fqdn--application-rules
func Needs(s Spec) egress.Needs {
	s.SetDefaults(false)
	var n egress.Needs
	switch s.Controller {
	case ControllerNGINX:
		n.Images = registry.Images(nginxImages)
	case ControllerAGIC:
		n.Images = registry.Images(agicImages)
	}
	return egress.Merge(n, s.CertManager.Needs())
}

// Needs is what cert-manager needs from outside the virtual network, or nothing when it is
// disabled; the spec must be defaulted.
func (c CertManagerSpec) Needs() egress.Needs {
	if !c.IsEnabled() {
		return egress.Needs{}
	}
	return egress.Needs{
		Images: registry.Images(certManagerImages),
		Rules: []egress.Rule{{
			Name:     "ingress-cert-manager-acme",
			FQDNs:    []string{acmeHost(c.ACMEServer)},
			Protocol: egress.HTTPS,
			Port:     443,
			Reason:   "cert-manager registers its ACME account and orders certificates from " + c.ACMEServer,
		}},
	}
}
