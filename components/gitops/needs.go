package gitops

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/egress"
)

// ChartImage is one image the argo-cd chart deploys, and the chart value that names its
// repository (a dotted path into the values; the tag stays the chart's).
type ChartImage struct {
	Value string
	Image egress.Image
}

// ChartImages are the images of argo-cd chart 7.7.11 (DefaultChartVersion) with the values
// this package sets: Argo CD itself (every Argo CD component and the redis secret init job run
// global.image), Dex, and Redis; in production the redis-ha subchart (4.29.4) runs Redis and
// HAProxy instead. The metrics exporters are off by default and not listed. Read from the
// chart's values.yaml at tag argo-cd-7.7.11 and redis-ha-4.29.4's values.yaml.
var ChartImages = []ChartImage{
	{"global.image.repository", egress.Image{Registry: "quay.io", Repository: "argoproj/argocd"}},
	{"dex.image.repository", egress.Image{Registry: "ghcr.io", Repository: "dexidp/dex"}},
	{"redis.image.repository", egress.Image{Registry: "public.ecr.aws", Repository: "docker/library/redis"}},
	{"redis-ha.image.repository", egress.Image{Registry: "public.ecr.aws", Repository: "docker/library/redis"}},
	{"redis-ha.haproxy.image.repository", egress.Image{Registry: "public.ecr.aws", Repository: "docker/library/haproxy"}},
}

// GitRule is the name of the egress rule that lets Argo CD reach its Git and Helm hosts.
const GitRule = "gitops-git"

// Needs is what Argo CD reaches outside the virtual network for spec: the chart's images
// (pulled through the registry's artifact cache, see ChartImages; the HA images are listed in
// dev too, so that switching to production needs no new cache rule), and HTTPS to the hosts of
// the platform and applications repositories and of the Helm repositories. SSH repositories
// add no rule: the firewall cannot carry them (Validate refuses them in production). A
// disabled spec needs nothing.
func Needs(s Spec) egress.Needs {
	if !s.IsEnabled() {
		return egress.Needs{}
	}
	var n egress.Needs
	for _, ci := range ChartImages {
		n.Images = append(n.Images, ci.Image)
	}
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
	return egress.Merge(n)
}

// imageValues sets, in v, every ChartImages value to <loginServer>/<CacheRepository>, so that
// the nodes pull Argo CD through the registry's artifact cache. A nil loginServer leaves the
// chart's upstream images (allowed outside production only, see ArgoCDArgs.Validate).
func imageValues(v pulumi.Map, loginServer pulumi.StringInput) {
	if loginServer == nil {
		return
	}
	for _, ci := range ChartImages {
		setValue(v, ci.Value, pulumi.Sprintf("%s/%s", loginServer, ci.Image.CacheRepository()))
	}
}

// setValue stores x at a dotted path of nested maps in v, creating the maps on the way and
// keeping what they already hold.
func setValue(v pulumi.Map, dotted string, x pulumi.Input) {
	keys := strings.Split(dotted, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := v[k].(pulumi.Map)
		if !ok {
			next = pulumi.Map{}
			v[k] = next
		}
		v = next
	}
	v[keys[len(keys)-1]] = x
}
