// Package egress declares what the platform's in-cluster components must reach outside the
// virtual network: the container images their pods pull and the other destinations they call
// (Git over HTTPS, an ACME server). Each component declares its own needs as plain values; the
// hub firewall's application rules and the registry's artifact cache rules are built from the
// merged declarations, so there is one list and no second copy to forget.
//
// Why it matters: with egress forced through Azure Firewall, the AzureKubernetesService FQDN
// tag only covers what AKS itself needs (MCR, the AKS management endpoints); everything else a
// node or pod calls is denied unless a rule allows it.
// https://learn.microsoft.com/azure/aks/outbound-rules-control-egress
package egress

import (
	"cmp"
	"net/url"
	"slices"
)

// Image is a container image a component deploys, named by the registry it comes from.
type Image struct {
	// Registry is the upstream registry's host: quay.io, ghcr.io, docker.io, registry.k8s.io,
	// mcr.microsoft.com.
	Registry string
	// Repository is the image's path in that registry, e.g. jetstack/cert-manager-controller.
	Repository string
}

// String is the image reference without a tag: registry/repository.
func (i Image) String() string { return i.Registry + "/" + i.Repository }

// CacheRepository is the repository that mirrors the image in the platform's registry: the
// upstream reference itself (quay.io/jetstack/cert-manager-controller), so that the registry's
// artifact cache rule and the Helm values that pull through it are derived from the same
// Image and a node pulls <loginServer>/<CacheRepository> without reaching the Internet.
// https://learn.microsoft.com/azure/container-registry/artifact-cache-overview
func (i Image) CacheRepository() string { return i.String() }

// Protocol is an application-rule protocol of Azure Firewall.
type Protocol string

// Protocols that Azure Firewall application rules match.
const (
	HTTPS Protocol = "Https"
	HTTP  Protocol = "Http"
)

// Rule is one outbound destination that a component's pods must reach by FQDN.
type Rule struct {
	// Name is unique within a hub's firewall policy, e.g. "gitops-git".
	Name string
	// FQDNs are the host names allowed; a leading "*." matches subdomains.
	FQDNs    []string
	Protocol Protocol
	Port     int
	// Reason says why the destination is needed; it is shown in plans.
	Reason string
}

// Needs is what one component needs from outside the virtual network.
type Needs struct {
	Images []Image
	Rules  []Rule
}

// Merge combines needs into one, deterministically: images sorted and deduplicated, rules
// sorted by name with rules of the same name merged (their FQDNs unioned).
func Merge(all ...Needs) Needs {
	var out Needs
	rules := map[string]Rule{}
	for _, n := range all {
		out.Images = append(out.Images, n.Images...)
		for _, r := range n.Rules {
			if prev, ok := rules[r.Name]; ok {
				r.FQDNs = append(append([]string(nil), prev.FQDNs...), r.FQDNs...)
				if r.Reason == "" {
					r.Reason = prev.Reason
				}
			}
			rules[r.Name] = r
		}
	}
	slices.SortFunc(out.Images, func(a, b Image) int {
		return cmp.Or(cmp.Compare(a.Registry, b.Registry), cmp.Compare(a.Repository, b.Repository))
	})
	out.Images = slices.Compact(out.Images)
	for _, r := range rules {
		r.FQDNs = slices.Clone(r.FQDNs)
		slices.Sort(r.FQDNs)
		r.FQDNs = slices.Compact(r.FQDNs)
		out.Rules = append(out.Rules, r)
	}
	slices.SortFunc(out.Rules, func(a, b Rule) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// Registries returns the distinct registries of the images, sorted.
func (n Needs) Registries() []string {
	var out []string
	for _, i := range n.Images {
		out = append(out, i.Registry)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Host returns the host name of rawURL when its scheme is one of schemes (https for Git and
// ACME servers, oci for chart registries), and "" otherwise: the FQDN a rule must allow.
func Host(rawURL string, schemes ...string) string {
	u, err := url.Parse(rawURL)
	if err != nil || !slices.Contains(schemes, u.Scheme) {
		return ""
	}
	return u.Hostname()
}
