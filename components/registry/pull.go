package registry

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/egress"
)

// ChartImage is one image a Helm chart deploys and the chart value that names its repository
// (a dotted path into the values; the tag stays the chart's). Components list their charts'
// images in tables of these and build both their egress needs (Images) and their Helm values
// (PullThroughCache) from them, so an image cannot be pulled without being declared, nor
// declared without being pulled through the cache.
type ChartImage struct {
	Value string
	Image egress.Image
}

// Images returns the images of a chart table, in table order.
func Images(cs []ChartImage) []egress.Image {
	out := make([]egress.Image, len(cs))
	for i, c := range cs {
		out[i] = c.Image
	}
	return out
}

// PullThroughCache sets each chart image's value in values to where nodes pull it, creating
// the nested maps on the way, and returns values: the mirror <loginServer>/<CacheRepository>
// in the platform registry, or the upstream reference for a registry the AKS FQDN tag covers
// (MCR), for which no cache rule is made and a mirror path would not resolve. A nil
// loginServer leaves values as they are (the chart's own upstream images).
func PullThroughCache(values pulumi.Map, loginServer pulumi.StringInput, cs []ChartImage) pulumi.Map {
	if loginServer == nil {
		return values
	}
	for _, c := range cs {
		m := values
		keys := strings.Split(c.Value, ".")
		for _, k := range keys[:len(keys)-1] {
			sub, ok := m[k].(pulumi.Map)
			if !ok {
				sub = pulumi.Map{}
				m[k] = sub
			}
			m = sub
		}
		last := keys[len(keys)-1]
		if CoveredByAKS(c.Image.Registry) {
			m[last] = pulumi.String(c.Image.String())
			continue
		}
		m[last] = pulumi.Sprintf("%s/%s", loginServer, c.Image.CacheRepository())
	}
	return values
}
