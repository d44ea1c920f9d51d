package gitops

import (
	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/registry"
)

// ChartImages are the images of argo-cd chart 7.7.11 (DefaultChartVersion) with the values
// this package sets: Argo CD itself (every Argo CD component and the redis secret init job run
// global.image), Dex, and Redis; in production the redis-ha subchart (4.29.4) runs Redis and
// HAProxy instead. The metrics exporters are off by default and not listed. Read from the
// chart's values.yaml at tag argo-cd-7.7.11 and redis-ha-4.29.4's values.yaml.
var ChartImages = []registry.ChartImage{
	{Value: "global.image.repository", Image: egress.Image{Registry: "quay.io", Repository: "argoproj/argocd"}},
	{Value: "dex.image.repository", Image: egress.Image{Registry: "ghcr.io", Repository: "dexidp/dex"}},
	{Value: "redis.image.repository", Image: egress.Image{Registry: "public.ecr.aws", Repository: "docker/library/redis"}},
	{Value: "redis-ha.image.repository", Image: egress.Image{Registry: "public.ecr.aws", Repository: "docker/library/redis"}},
	{Value: "redis-ha.haproxy.image.repository", Image: egress.Image{Registry: "public.ecr.aws", Repository: "docker/library/haproxy"}},
}

// GitRule is the name of the egress rule that lets Argo CD reach its Git and Helm hosts.
const GitRule = "gitops-git"

// Needs is what Argo CD reaches outside the virtual network for spec: the chart's images
// (pulled through the registry's artifact cache, see ChartImages; the HA images are listed in
// dev too, so that switching to production needs no new cache rule), and HTTPS to the hosts of
// the platform and applications repositories and of the Helm repositories. SSH repositories
// add no rule: the firewall cannot carry them (Validate refuses them in production). A
// disabled spec needs nothing. The platform chart's images and hosts (platformNeeds) are
// included: the platform instance syncs it by default.
func Needs(s Spec) egress.Needs {
	if !s.IsEnabled() {
		return egress.Needs{}
	}
	n := egress.Needs{Images: registry.Images(ChartImages)}
	var hosts []string
	for _, src := range []Source{s.Platform, s.Applications} {
		if h := httpsHost(src.RepoURL); h != "" {
			hosts = append(hosts, h)
		}
	}
	for _, r := range s.HelmRepositories {
		if h := helmHost(r); h != "" {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) > 0 {
		n.Rules = []egress.Rule{{
			Name:     GitRule,
			FQDNs:    hosts,
			Protocol: egress.HTTPS,
			Port:     443,
			Reason:   "Argo CD's repo server fetches the GitOps repositories and the Helm charts of the apps it syncs",
		}}
	}
	return egress.Merge(n, platformNeeds())
}
