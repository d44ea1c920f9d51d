package envplan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/registry"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/internal/typetoken"
)

const (
	tRelease  = "kubernetes:helm.sh/v3:Release"
	tRegistry = "azure-native:containerregistry:Registry"
)

// regionOf is the location of the Region component above r, or "" for a global resource.
func regionOf(g *plan.Graph, r *plan.Resource) string {
	for _, a := range g.Ancestors(r) {
		if a.Type == typetoken.Region {
			return a.Name
		}
	}
	return ""
}

// imageValues collects every image reference in Helm values: a string under a key named
// repository or image that holds a registry path (registry/repository).
func imageValues(v resource.PropertyValue, key string, out *[]string) {
	switch {
	case v.IsObject():
		for k, sub := range v.ObjectValue() {
			imageValues(sub, string(k), out)
		}
	case v.IsArray():
		for _, sub := range v.ArrayValue() {
			imageValues(sub, key, out)
		}
	case v.IsString() && (key == "repository" || key == "image") && strings.Contains(v.StringValue(), "/"):
		*out = append(*out, v.StringValue())
	}
}

// uncoveredImages returns every image a Helm release of g deploys that a node could not pull
// without the Internet: one that is neither in a registry the AKS FQDN tag covers nor the
// region's registry (<loginServer>/<repository>) with an artifact cache rule whose
// targetRepository is that repository, in the same region.
func uncoveredImages(t *testing.T, g *plan.Graph) []string {
	t.Helper()
	login := map[string]string{}   // region -> login server
	rules := map[string][]string{} // region -> cache rule target repositories
	for _, r := range g.ByType(tRegistry) {
		v, ok := r.Output("loginServer")
		require.True(t, ok && v.IsString(), "%s has a login server", r.Name)
		login[regionOf(g, r)] = v.StringValue()
	}
	for _, r := range g.ByType(registry.CacheRuleType) {
		rules[regionOf(g, r)] = append(rules[regionOf(g, r)], r.String("targetRepository"))
	}
	var bad []string
	for _, rel := range g.ByType(tRelease) {
		values, ok := rel.Input("values")
		require.True(t, ok, "%s has values", rel.Name)
		var refs []string
		imageValues(values, "", &refs)
		region := regionOf(g, rel)
		for _, ref := range refs {
			host, repo, _ := strings.Cut(ref, "/")
			switch {
			case registry.CoveredByAKS(host):
			case login[region] != "" && host == login[region] && slices.Contains(rules[region], repo):
			default:
				bad = append(bad, fmt.Sprintf("%s (%s): %s", rel.Name, region, ref))
			}
		}
	}
	slices.Sort(bad)
	return bad
}

// Every image the platform deploys comes from the region's registry through one of its cache
// rules, or from MCR, which the AKS FQDN tag lets nodes reach (issue 8, egress): behind the
// hub firewall a node reaches nothing else.
func TestEveryImageComesThroughTheRegionsCache(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			res, err := Plan(load(t, stackFile(stack)), Options{Stack: stack})
			require.NoError(t, err)
			g := res.Graph
			require.NotEmpty(t, g.ByType(tRelease))
			require.NotEmpty(t, g.ByType(registry.CacheRuleType))
			assert.Empty(t, uncoveredImages(t, g))

			var refs []string
			for _, rel := range g.ByType(tRelease) {
				v, _ := rel.Input("values")
				imageValues(v, "", &refs)
			}
			require.NotEmpty(t, refs, "the charts' images are set in their values")

			// Without one cache rule, its image is found uncovered.
			i := slices.IndexFunc(g.Resources, func(r *plan.Resource) bool { return r.Type == registry.CacheRuleType })
			dropped := g.Resources[i]
			g.Resources = slices.Delete(slices.Clone(g.Resources), i, i+1)
			bad := uncoveredImages(t, g)
			require.NotEmpty(t, bad, "dropping %s", dropped.Name)
			assert.Contains(t, strings.Join(bad, "\n"), dropped.String("targetRepository"))
		})
	}
}

// An image straight from a registry the cache does not serve is found, wherever it sits in
// the values.
func TestAnImageFromTheInternetIsFound(t *testing.T) {
	res, err := Plan(load(t, stackFile("dev")), Options{Stack: "dev"})
	require.NoError(t, err)
	g := res.Graph
	rel := g.ByType(tRelease)[0]
	values, _ := rel.Input("values")
	obj := values.ObjectValue().Copy()
	obj["sidecar"] = resource.NewObjectProperty(resource.PropertyMap{
		"image": resource.NewStringProperty("docker.io/library/busybox"),
	})
	rel.Inputs = rel.Inputs.Copy()
	rel.Inputs["values"] = resource.NewObjectProperty(obj)
	bad := uncoveredImages(t, g)
	require.Len(t, bad, 1)
	assert.Contains(t, bad[0], "docker.io/library/busybox")
}
