package gitops

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/egress"
)

func TestNeeds(t *testing.T) {
	s := validSpec(func(s *Spec) {
		s.Platform.RepoURL = "https://github.com/contoso/platform-gitops.git"
		s.Applications.RepoURL = "https://github.com/contoso/apps-gitops.git"
		s.HelmRepositories = []string{"https://charts.jetstack.io/", "oci://ghcr.io/contoso/charts"}
	})
	n := Needs(s)
	require.Len(t, n.Rules, 3)
	assert.Equal(t, egress.Rule{
		Name:     GitRule,
		FQDNs:    []string{"charts.jetstack.io", "ghcr.io", "github.com"},
		Protocol: egress.HTTPS,
		Port:     443,
		Reason:   n.Rules[0].Reason,
	}, n.Rules[0], "one HTTPS rule over the Git and Helm hosts, each once")
	assert.Equal(t, []string{PlatformChartsRule, DashboardsRule}, []string{n.Rules[1].Name, n.Rules[2].Name},
		"the platform chart's chart hosts and Grafana's dashboards")
	want := egress.Merge(egress.Needs{Images: append([]egress.Image{
		{Registry: "ghcr.io", Repository: "dexidp/dex"},
		{Registry: "public.ecr.aws", Repository: "docker/library/haproxy"},
		{Registry: "public.ecr.aws", Repository: "docker/library/redis"},
		{Registry: "quay.io", Repository: "argoproj/argocd"},
	}, PlatformImages...)}).Images
	assert.Equal(t, want, n.Images, "the images of chart 7.7.11 (the HA ones included) and of the platform chart")
	assert.Equal(t, egress.Needs{}, Needs(Spec{Enabled: new(false)}), "disabled needs nothing")
}

// Every image value of both releases points at the registry's login server, at the cache
// repository of an image that Needs declares: nodes pull nothing from the Internet, and the
// registry caches exactly what the values pull.
func TestEveryImageComesThroughTheRegistry(t *testing.T) {
	for _, production := range []bool{true, false} {
		g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
			return &ArgoCDArgs{Spec: validSpec(nil), Production: production, KubernetesProvider: p,
				RegistryLoginServer: pulumi.String(loginServer)}
		})
		require.NoError(t, err)
		declared := map[string]bool{}
		for _, img := range Needs(validSpec(nil)).Images {
			declared[loginServer+"/"+img.CacheRepository()] = true
		}
		for _, rel := range g.ByType(tRelease) {
			values, ok := rel.Input("values")
			require.True(t, ok)
			found := imageRepositories(values, "")
			require.Len(t, found, len(ChartImages), "%s: every chart image is set", rel.Name)
			for _, ci := range ChartImages {
				got := found[ci.Value]
				assert.Equal(t, loginServer+"/"+ci.Image.CacheRepository(), got, "%s %s", rel.Name, ci.Value)
				assert.True(t, declared[got], "%s: %s is declared in Needs, so the registry caches it", rel.Name, got)
			}
		}
	}
}

// Outside production the registry is optional: without it the chart keeps its images.
func TestNoRegistryKeepsTheChartImages(t *testing.T) {
	g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
		return &ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p}
	})
	require.NoError(t, err)
	values, _ := g.Find(tRelease, "weu-gitops-platform").Input("values")
	assert.Empty(t, imageRepositories(values, ""))
}

// imageRepositories returns every "<...>.image.repository" string in a values tree, by
// dotted path.
func imageRepositories(v resource.PropertyValue, path string) map[string]string {
	out := map[string]string{}
	if !v.IsObject() {
		return out
	}
	for k, child := range v.ObjectValue() {
		p := strings.TrimPrefix(path+"."+string(k), ".")
		if strings.HasSuffix(p, "image.repository") && child.IsString() {
			out[p] = child.StringValue()
			continue
		}
		for kk, vv := range imageRepositories(child, p) {
			out[kk] = vv
		}
	}
	return out
}
