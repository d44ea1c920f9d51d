package stacks

import (
	"net/netip"
	"slices"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/registry"
)

// Needs is what the environment's Helm components reach outside the virtual network, the one
// list both the hub firewall (its Rules) and the registry's artifact cache (its Images) are
// built from: the ingress layer's and, when GitOps is on, Argo CD's. Call it after
// SetDefaults; it changes nothing.
func (e *Environment) Needs() egress.Needs {
	all := []egress.Needs{ingress.Needs(e.Ingress)}
	if e.GitOps.IsEnabled() {
		all = append(all, gitops.Needs(e.GitOps))
	}
	return egress.Merge(all...)
}

// cacheImages are the images of Needs that come through the registry's artifact cache: every
// one but those of a registry the AKS FQDN tag already lets nodes reach (registry.CoveredByAKS).
func (e *Environment) cacheImages() []egress.Image {
	var out []egress.Image
	for _, img := range e.Needs().Images {
		if !registry.CoveredByAKS(img.Registry) {
			out = append(out, img)
		}
	}
	return out
}

// githubReleaseHosts are where github.com release downloads redirect to: the Argo CD chart
// repository (argoproj.github.io) lists its chart archives as GitHub release assets.
// https://docs.github.com/en/get-started/using-github/troubleshooting-connectivity-problems
var githubReleaseHosts = []string{"github.com", "objects.githubusercontent.com", "release-assets.githubusercontent.com"}

// helmChartRule is the management subnet's rule for the Helm chart downloads: the runner that
// runs `pulumi up` fetches every chart itself (the Helm release resource renders it there), so
// the hosts come from the chart locations the components export, never retyped: cert-manager's
// and the chosen controller's repository, the AGIC chart's OCI registry with its data endpoint,
// and Argo CD's repository with the GitHub hosts its archives are served from.
func (e *Environment) helmChartRule() egress.Rule {
	var repos []string
	if e.Ingress.CertManager.IsEnabled() {
		repos = append(repos, ingress.CertManagerRepo)
	}
	var fqdns []string
	switch e.Ingress.Controller {
	case ingress.ControllerNGINX:
		repos = append(repos, ingress.NGINXRepo)
	case ingress.ControllerAGIC:
		// An OCI registry serves blobs from its data endpoint (*.data.mcr.microsoft.com).
		host := egress.Host(ingress.AGICChart, "https", "oci")
		fqdns = append(fqdns, host, "*.data."+host)
	}
	if e.GitOps.IsEnabled() {
		repos = append(repos, gitops.ChartRepo)
		fqdns = append(fqdns, githubReleaseHosts...)
	}
	for _, r := range repos {
		fqdns = append(fqdns, egress.Host(r, "https", "oci"))
	}
	slices.Sort(fqdns)
	return egress.Rule{Name: "helm-charts", FQDNs: slices.Compact(fqdns), Protocol: egress.HTTPS, Port: 443,
		Reason: "the runner downloads the Helm charts it installs"}
}

// managementEgress is what the management subnet's runners reach through the hub firewall:
// network.DefaultManagementEgress and the Helm chart downloads.
func (e *Environment) managementEgress() []egress.Rule {
	return egress.Merge(egress.Needs{Rules: network.DefaultManagementEgress},
		egress.Needs{Rules: []egress.Rule{e.helmChartRule()}}).Rules
}

// hubArgs is the hub of one region as the environment configures it, without the resource
// group and placement: NewRegion adds those, and Validate and Warnings check it as it is.
func (e *Environment) hubArgs(rp network.RegionPlan) *network.HubArgs {
	return &network.HubArgs{
		Plan:              rp.Hub,
		Production:        e.Kind.Production(),
		Firewall:          e.Hub.Firewall,
		FirewallSKU:       e.Hub.FirewallSKU,
		ThreatIntelMode:   e.Hub.ThreatIntelMode,
		IDPS:              e.Hub.IDPS,
		DNSProxy:          e.Hub.DNSProxy,
		FirewallPublicIPs: e.Hub.FirewallPublicIPs,
		Zones:             e.AKS.SystemPool.Zones,
		Egress:            e.Needs(),
		// Only the node subnet leaves through the platform's rules; never any address.
		EgressSources:    []netip.Prefix{rp.Spoke.Private.Prefix},
		ManagementEgress: e.managementEgress(),
	}
}
