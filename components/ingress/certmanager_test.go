package ingress

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCertManager(t *testing.T) {
	cases := []struct {
		name       string
		controller string
		production bool
		class      string
		replicas   int
	}{
		{"with agic in prod", ControllerAGIC, true, AGICIngressClass, 2},
		{"with nginx in dev", ControllerNGINX, false, NGINXIngressClass, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
				return fullArgs(spec(tc.controller, tc.production, nil), tc.production, p)
			})
			require.NoError(t, err)
			cm := one(t, g, "aksplatform:ingress:CertManager")
			assert.Equal(t, "weu-ingress-cert-manager", cm.Name)
			require.NotNil(t, g.Lookup(cm.Parent))
			assert.Equal(t, "weu-ingress", g.Lookup(cm.Parent).Name, "cert-manager sits under the controller")

			rel := g.Find(tRelease, "weu-ingress-cert-manager")
			require.NotNil(t, rel)
			assert.Equal(t, cm.URN, rel.Parent)
			assert.Equal(t, "cert-manager", rel.String("chart"))
			assert.Equal(t, CertManagerRepo, rel.String("repositoryOpts.repo"))
			assert.Equal(t, DefaultCertManagerChartVersion, rel.String("version"))
			assert.Equal(t, CertManagerNamespace, rel.String("namespace"))
			crds, _ := rel.Input("values.crds.enabled")
			assert.True(t, crds.IsBool() && crds.BoolValue(), "CRDs are installed with the chart")
			assert.Equal(t, tc.replicas, number(rel, "values.replicaCount"))

			issuer := one(t, g, tIssuer)
			assert.Equal(t, cm.URN, issuer.Parent)
			assert.Equal(t, ClusterIssuerName, issuer.String("metadata.name"))
			assert.Equal(t, LetsEncryptProduction, issuer.String("spec.acme.server"))
			assert.Equal(t, "platform@example.com", issuer.String("spec.acme.email"))
			assert.Equal(t, tc.class, issuer.String("spec.acme.solvers[0].http01.ingress.ingressClassName"))
			assert.True(t, dependsOn(issuer, rel.URN), "the ClusterIssuer waits for the cert-manager CRDs")
		})
	}
}

func TestCertManagerDisabled(t *testing.T) {
	off := false
	g, res, err := runController(t, func(p pulumi.ProviderResource) *Args {
		return fullArgs(spec(ControllerNGINX, false, func(s *Spec) { s.CertManager = CertManagerSpec{Enabled: &off} }), false, p)
	})
	require.NoError(t, err)
	assert.Empty(t, g.ByType("aksplatform:ingress:CertManager"))
	assert.Empty(t, g.ByType(tIssuer))
	assert.Len(t, g.ByType(tRelease), 1, "only the NGINX Ingress Controller")
	assert.Equal(t, "", res.controller.ClusterIssuer())
}

func TestCertManagerArgsValidate(t *testing.T) {
	off := false
	var p pulumi.ProviderResource = &pulumi.ProviderResourceState{}
	ok := spec(ControllerNGINX, false, nil).CertManager
	withZone := ok
	withZone.DNSZone = &DNSZoneSpec{ResourceGroup: "dns", Name: "aksplatform.example"}
	login := pulumi.String(testLoginServer)
	cases := []struct {
		name string
		args CertManagerArgs
		want []string
	}{
		{"complete", CertManagerArgs{Spec: ok, IngressClassName: "nginx", KubernetesProvider: p, RegistryLoginServer: login}, nil},
		{"disabled", CertManagerArgs{Spec: CertManagerSpec{Enabled: &off}, IngressClassName: "nginx", KubernetesProvider: p, RegistryLoginServer: login}, []string{"enabled"}},
		{"no class, no provider, no registry, no email", CertManagerArgs{Spec: CertManagerSpec{Enabled: new(true), ChartVersion: "v1.16.2", ACMEServer: LetsEncryptStaging}},
			[]string{"email", "ingressClassName", "kubernetesProvider", "registryLoginServer"}},
		{"DNS-01 needs an identity's wiring, not a class", CertManagerArgs{Spec: withZone, KubernetesProvider: p, RegistryLoginServer: login},
			[]string{"location", "oidcIssuerUrl", "resourceGroupName"}},
		{"shared host name refuses HTTP-01", CertManagerArgs{Spec: ok, IngressClassName: "nginx", SharedHostName: true, KubernetesProvider: p, RegistryLoginServer: login},
			[]string{"dnsZone"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, keys(t, tc.args.Validate()))
		})
	}
}
