package ingress

import (
	"testing"

	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tCertificate = "kubernetes:cert-manager.io/v1:Certificate"

// TestCertManagerDNS01 checks the documented chain for DNS-01 in Azure DNS with workload
// identity: an identity trusted for cert-manager's ServiceAccount, DNS Zone Contributor on
// the zone only, the pod label and ServiceAccount annotation, and the azureDNS solver.
func TestCertManagerDNS01(t *testing.T) {
	const otherSub = "44444444-4444-4444-4444-444444444444"
	for _, tc := range []struct {
		name string
		zone DNSZoneSpec
		sub  string
	}{
		{"zone in the deploying subscription", DNSZoneSpec{ResourceGroup: "dns-rg", Name: "aksplatform.example"}, plan.PlaceholderSubscription},
		{"zone in another subscription", DNSZoneSpec{SubscriptionID: otherSub, ResourceGroup: "dns-rg", Name: "aksplatform.example"}, otherSub},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
				return fullArgs(spec(ControllerNGINX, true, func(s *Spec) { s.CertManager.DNSZone = &tc.zone }), true, p)
			})
			require.NoError(t, err)
			cm := one(t, g, "aksplatform:ingress:CertManager")
			id := g.Find(tIdentity, "weu-ingress-cert-manager-identity")
			require.NotNil(t, id)
			assert.Equal(t, cm.URN, id.Parent)
			fic := g.Find(tFIC, "weu-ingress-cert-manager-federated")
			require.NotNil(t, fic)
			assert.Equal(t, "system:serviceaccount:cert-manager:cert-manager", fic.String("subject"))
			assert.Equal(t, testIssuer, fic.String("issuer"))

			zoneID := "/subscriptions/" + tc.sub + "/resourceGroups/dns-rg/providers/Microsoft.Network/dnsZones/aksplatform.example"
			role := g.Find(tRole, "weu-ingress-cert-manager-dns-zone-contributor")
			require.NotNil(t, role)
			assert.Equal(t, zoneID, role.String("scope"), "the zone only")
			assert.Equal(t, "/subscriptions/"+tc.sub+"/providers/Microsoft.Authorization/roleDefinitions/"+rbac.DNSZoneContributor.GUID(), role.String("roleDefinitionId"))
			assert.Equal(t, id.Outputs["principalId"].StringValue(), role.String("principalId"))

			rel := g.Find(tRelease, "weu-ingress-cert-manager")
			require.NotNil(t, rel)
			clientID := id.Outputs["clientId"].StringValue()
			labels := object(t, rel, "values.podLabels")
			assert.Equal(t, "true", labels[identity.UseLabel].StringValue(), "the label is on the pods")
			ann := object(t, rel, "values.serviceAccount.annotations")
			assert.Equal(t, clientID, ann[identity.ClientIDAnnotation].StringValue())
			assert.NotContains(t, ann, identity.UseLabel, "the use label belongs on pods, not the ServiceAccount")
			assert.True(t, dependsOn(rel, fic.URN) && dependsOn(rel, role.URN), "pods start once they may sign in and write records")
			assert.Equal(t, azureResolver, rel.String("values.dns01RecursiveNameservers"))

			issuer := one(t, g, tIssuer)
			s := "spec.acme.solvers[0].dns01.azureDNS."
			assert.Equal(t, tc.sub, issuer.String(s+"subscriptionID"))
			assert.Equal(t, "dns-rg", issuer.String(s+"resourceGroupName"))
			assert.Equal(t, "aksplatform.example", issuer.String(s+"hostedZoneName"))
			assert.Equal(t, clientID, issuer.String(s+"managedIdentity.clientID"))
			_, http01 := issuer.Input("spec.acme.solvers[0].http01")
			assert.False(t, http01, "no HTTP-01 route once DNS-01 is configured")
		})
	}
}

// TestDefaultCertificate checks that the ingress serves the origin host name's certificate
// before any workload exists, and answers the health probe on the path it is given.
func TestDefaultCertificate(t *testing.T) {
	hosts := []string{"shop.aksplatform.example", "westeurope.origin.aksplatform.example"}
	for _, controller := range []string{ControllerNGINX, ControllerAGIC} {
		t.Run(controller, func(t *testing.T) {
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
				a := fullArgs(spec(controller, true, func(s *Spec) { s.CertManager.DNSZone = testZone() }), true, p)
				a.CertificateHosts, a.HealthProbePath, a.SharedHostName = hosts, "/probe", true
				return a
			})
			require.NoError(t, err)
			cert := one(t, g, tCertificate)
			assert.Equal(t, hosts, stringList(cert, "spec.dnsNames"))
			assert.Equal(t, DefaultTLSSecret, cert.String("spec.secretName"))
			assert.Equal(t, ClusterIssuerName, cert.String("spec.issuerRef.name"))
			assert.Equal(t, "ClusterIssuer", cert.String("spec.issuerRef.kind"))
			assert.True(t, dependsOn(cert, one(t, g, tIssuer).URN), "the Certificate waits for its issuer")
			if controller == ControllerAGIC {
				assert.Equal(t, AGICNamespace, cert.String("metadata.namespace"))
				ing := one(t, g, "kubernetes:networking.k8s.io/v1:Ingress")
				assert.Equal(t, AGICIngressClass, ing.String("spec.ingressClassName"))
				assert.Equal(t, hosts, stringList(ing, "spec.tls[0].hosts"))
				assert.Equal(t, DefaultTLSSecret, ing.String("spec.tls[0].secretName"), "the gateway presents the origin host's certificate")
				for i, h := range hosts {
					rule := "spec.rules[" + string(rune('0'+i)) + "]."
					assert.Equal(t, h, ing.String(rule+"host"))
					assert.Equal(t, "/probe", ing.String(rule+"http.paths[0].path"))
					assert.Equal(t, "Exact", ing.String(rule+"http.paths[0].pathType"))
				}
				assert.Equal(t, agicAlivePath, object(t, ing, "metadata.annotations")[backendPathAnno].StringValue())
				svc := one(t, g, "kubernetes:core/v1:Service")
				sel := object(t, svc, "spec.selector")
				assert.Equal(t, AGICServiceAccount, sel["app"].StringValue(), "AGIC's pods, which always exist")
				assert.Equal(t, agicHealthPort, number(svc, "spec.ports[0].targetPort"))
				assert.True(t, dependsOn(ing, cert.URN), "the Ingress is created once its secret is on the way")
				return
			}
			assert.Equal(t, NGINXNamespace, cert.String("metadata.namespace"))
			rel := g.Find(tRelease, "weu-ingress")
			assert.Equal(t, NGINXNamespace+"/"+DefaultTLSSecret, rel.String("values.controller.defaultTLS.secret"))
			assert.True(t, dependsOn(rel, cert.URN), "the controller starts once its default secret exists")
			assert.Equal(t, "/probe", rel.String("values.controller.healthStatusURI"))
			ann := object(t, rel, "values.controller.service.annotations")
			assert.Equal(t, "/probe", ann[annotationProbePath].StringValue())
		})
	}
}

func TestCertificateHostsValidate(t *testing.T) {
	cases := []struct {
		name  string
		zone  *DNSZoneSpec
		off   bool
		hosts []string
		probe string
		want  []string
	}{
		{"HTTP-01 plain names", nil, false, []string{"shop.example.com"}, "", nil},
		{"wildcard needs DNS-01", nil, false, []string{"*.example.com"}, "", []string{"certificateHosts[0]"}},
		{"wildcard in the zone", testZone(), false, []string{"*.aksplatform.example"}, "", nil},
		{"outside the zone", testZone(), false, []string{"shop.aksplatform.example", "shop.other.example"}, "", []string{"certificateHosts[1]"}},
		{"not a host, repeated", nil, false, []string{"https://shop", "a.example", "a.example"}, "", []string{"certificateHosts[0]", "certificateHosts[2]"}},
		{"no cert-manager", nil, true, []string{"shop.example.com"}, "", []string{"certificateHosts"}},
		{"probe path", nil, false, nil, "healthz?x", []string{"healthProbePath"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := spec(ControllerNGINX, true, func(s *Spec) {
				s.CertManager.DNSZone = tc.zone
				if tc.off {
					s.CertManager.Enabled = new(false)
				}
			})
			var p pulumi.ProviderResource = &pulumi.ProviderResourceState{}
			a := fullArgs(s, true, p)
			a.CertificateHosts, a.HealthProbePath = tc.hosts, tc.probe
			if a.HealthProbePath == "" {
				a.HealthProbePath = DefaultProbePath
			}
			assert.Equal(t, tc.want, keys(t, a.Validate()))
		})
	}
}
