package ingress

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/registry"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// imageRefs walks Helm values and returns every image reference in them, by value path: the
// strings under a key named "repository" or "image", and any other string that names one of
// the upstream registries.
func imageRefs(path string, v resource.PropertyValue, out map[string]string) {
	switch {
	case v.IsObject():
		for k, e := range v.ObjectValue() {
			p := string(k)
			if path != "" {
				p = path + "." + p
			}
			if e.IsString() && (k == "repository" || k == "image" || k == "registry") {
				out[p] = e.StringValue()
				continue
			}
			imageRefs(p, e, out)
		}
	case v.IsArray():
		for i, e := range v.ArrayValue() {
			imageRefs(path+"["+strconv.Itoa(i)+"]", e, out)
		}
	case v.IsString():
		for _, r := range []string{"quay.io/", "docker.io/", "ghcr.io/", "registry.k8s.io/", "mcr.microsoft.com/"} {
			if strings.HasPrefix(v.StringValue(), r) {
				out[path] = v.StringValue()
			}
		}
	}
}

// TestEveryImageComesThroughTheCache renders each controller with cert-manager and checks
// that every image value of every Helm release points at the platform registry, and that
// the images pulled are exactly the ones Needs declares: a chart value that pulls from
// elsewhere, or an image missing from Needs, fails here.
func TestEveryImageComesThroughTheCache(t *testing.T) {
	for _, tc := range []struct {
		name   string
		spec   Spec
		charts int
	}{
		{"nginx with cert-manager (HTTP-01)", spec(ControllerNGINX, true, nil), 2},
		{"agic with cert-manager (DNS-01)", spec(ControllerAGIC, true, func(s *Spec) { s.CertManager.DNSZone = testZone() }), 2},
		{"nginx alone", spec(ControllerNGINX, true, func(s *Spec) { s.CertManager.Enabled = new(false) }), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args { return fullArgs(tc.spec, true, p) })
			require.NoError(t, err)
			releases := g.ByType(tRelease)
			require.Len(t, releases, tc.charts)
			var pulled []egress.Image
			for _, rel := range releases {
				values, ok := rel.Input("values")
				require.True(t, ok)
				refs := map[string]string{}
				imageRefs("", values, refs)
				require.NotEmpty(t, refs, "%s sets its image repositories", rel.Name)
				for path, ref := range refs {
					if host, repo, _ := strings.Cut(ref, "/"); registry.CoveredByAKS(host) {
						// MCR has no cache rule: nodes pull it through the AKS FQDN tag.
						pulled = append(pulled, egress.Image{Registry: host, Repository: repo})
						continue
					}
					cached, ok := strings.CutPrefix(ref, testLoginServer+"/")
					if assert.True(t, ok, "%s: %s = %q does not come through %s", rel.Name, path, ref, testLoginServer) {
						registry, repo, _ := strings.Cut(cached, "/")
						pulled = append(pulled, egress.Image{Registry: registry, Repository: repo})
					}
				}
			}
			assert.Equal(t, Needs(tc.spec).Images, egress.Merge(egress.Needs{Images: pulled}).Images,
				"the images pulled are exactly those declared")
		})
	}
}

// TestChartImageTablesCoverTheCharts pins the image values of each chart version: when a
// default chart version changes, this test says to re-read its values.yaml for new images.
func TestChartImageTablesCoverTheCharts(t *testing.T) {
	paths := func(cs []registry.ChartImage) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Value)
		}
		return out
	}
	assert.Equal(t, "v1.21.1", DefaultCertManagerChartVersion, "re-read the cert-manager chart's images")
	assert.Equal(t, []string{"image.repository", "webhook.image.repository", "cainjector.image.repository",
		"acmesolver.image.repository", "startupapicheck.image.repository"}, paths(certManagerImages))
	assert.Equal(t, "2.7.2", DefaultNGINXChartVersion, "re-read the nginx-ingress chart's images")
	assert.Equal(t, []string{"controller.image.repository"}, paths(nginxImages))
	assert.Equal(t, "1.7.5", DefaultAGICChartVersion, "re-read the ingress-azure chart's images")
	assert.Equal(t, []string{"image.repository"}, paths(agicImages))
}

func TestNeeds(t *testing.T) {
	acme := egress.Rule{Name: "ingress-cert-manager-acme", FQDNs: []string{"acme-v02.api.letsencrypt.org"}, Protocol: egress.HTTPS, Port: 443}
	cases := []struct {
		name       string
		spec       Spec
		registries []string
		rules      []egress.Rule
	}{
		{"nginx, cert-manager by default", Spec{Controller: ControllerNGINX}, []string{"ghcr.io", "quay.io"}, []egress.Rule{acme}},
		{"agic, staging ACME", Spec{Controller: ControllerAGIC, CertManager: CertManagerSpec{ACMEServer: LetsEncryptStaging}},
			[]string{"mcr.microsoft.com", "quay.io"},
			[]egress.Rule{{Name: acme.Name, FQDNs: []string{"acme-staging-v02.api.letsencrypt.org"}, Protocol: egress.HTTPS, Port: 443}}},
		{"agic without cert-manager", Spec{Controller: ControllerAGIC, CertManager: CertManagerSpec{Enabled: new(false)}},
			[]string{"mcr.microsoft.com"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := Needs(tc.spec)
			assert.Equal(t, tc.registries, n.Registries())
			for i := range n.Rules {
				n.Rules[i].Reason = ""
			}
			assert.Equal(t, tc.rules, n.Rules)
			dev, prod := tc.spec, tc.spec
			dev.SetDefaults(false)
			prod.SetDefaults(true)
			assert.Equal(t, Needs(dev), Needs(prod), "needs do not depend on production")
		})
	}
	assert.True(t, slices.Contains(Needs(Spec{Controller: ControllerNGINX}).Images,
		egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-acmesolver"}), "the HTTP-01 solver image is declared")
}

func testZone() *DNSZoneSpec {
	return &DNSZoneSpec{ResourceGroup: "dns-rg", Name: "aksplatform.example"}
}
