package ingress

import (
	"strings"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/registry"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// chartImage is one image a chart deploys: the Helm value holding its repository (a dotted
// path) and the upstream image. The Helm values and Needs are both built from these tables,
// so an image cannot be pulled without being declared, nor declared without being pulled
// through the cache.
type chartImage struct {
	valuePath string
	image     egress.Image
}

// Images of the pinned charts (DefaultCertManagerChartVersion, DefaultNGINXChartVersion,
// DefaultAGICChartVersion), read from each chart's values.yaml; the tag stays the chart's
// appVersion. A chart upgrade that adds an image must add it here.
var (
	certManagerImages = []chartImage{
		{"image.repository", egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-controller"}},
		{"webhook.image.repository", egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-webhook"}},
		{"cainjector.image.repository", egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-cainjector"}},
		// The HTTP-01 solver pods the controller starts per challenge.
		{"acmesolver.image.repository", egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-acmesolver"}},
		// The post-install job that waits for the webhook.
		{"startupapicheck.image.repository", egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-startupapicheck"}},
	}
	nginxImages = []chartImage{
		{"controller.image.repository", egress.Image{Registry: "ghcr.io", Repository: "nginx/kubernetes-ingress"}},
	}
	agicImages = []chartImage{
		{"image.repository", egress.Image{Registry: "mcr.microsoft.com", Repository: "azure-application-gateway/kubernetes-ingress"}},
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
		n.Images = images(nginxImages)
	case ControllerAGIC:
		n.Images = images(agicImages)
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
		Images: images(certManagerImages),
		Rules: []egress.Rule{{
			Name:     "ingress-cert-manager-acme",
			FQDNs:    []string{acmeHost(c.ACMEServer)},
			Protocol: egress.HTTPS,
			Port:     443,
			Reason:   "cert-manager registers its ACME account and orders certificates from " + c.ACMEServer,
		}},
	}
}

func images(cs []chartImage) []egress.Image {
	out := make([]egress.Image, len(cs))
	for i, c := range cs {
		out[i] = c.image
	}
	return out
}

// withCachedImages sets every image repository of a chart in values to its mirror in the
// platform registry, <loginServer>/<CacheRepository>, creating the nested maps on the way. An
// image of a registry the AKS FQDN tag covers (MCR) keeps its upstream reference: the registry
// makes no cache rule for it (registry.CoveredByAKS), so a mirror path would not resolve.
func withCachedImages(values pulumi.Map, loginServer pulumi.StringInput, cs []chartImage) pulumi.Map {
	for _, c := range cs {
		m := values
		keys := strings.Split(c.valuePath, ".")
		for _, k := range keys[:len(keys)-1] {
			sub, ok := m[k].(pulumi.Map)
			if !ok {
				sub = pulumi.Map{}
				m[k] = sub
			}
			m = sub
		}
		if registry.CoveredByAKS(c.image.Registry) {
			m[keys[len(keys)-1]] = pulumi.String(c.image.String())
			continue
		}
		m[keys[len(keys)-1]] = pulumi.Sprintf("%s/%s", loginServer, c.image.CacheRepository())
	}
	return values
}
