package ingress

import (
	"testing"

	"github.com/aksplatform/platform/components/rbac"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNGINX(t *testing.T) {
	cases := []struct {
		name       string
		production bool
		internal   bool
		replicas   int
	}{
		{"prod public", true, false, 2},
		{"dev public", false, false, 1},
		{"prod internal", true, true, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := spec(ControllerNGINX, tc.production, func(s *Spec) {
				if tc.internal {
					s.Internal = true
					s.NGINX.PrivateIP = "10.240.0.200"
				}
			})
			g, res, err := runController(t, func(p pulumi.ProviderResource) *Args {
				return fullArgs(s, tc.production, p)
			})
			require.NoError(t, err)
			root := one(t, g, "aksplatform:ingress:NGINX")
			assertTree(t, g, root)
			assert.Empty(t, g.ByType(tGateway), "no Application Gateway with nginx")

			ns := g.Find(tNS, "weu-ingress-ns")
			require.NotNil(t, ns)
			assert.Equal(t, NGINXNamespace, ns.String("metadata.name"))
			rel := g.Find(tRelease, "weu-ingress")
			require.NotNil(t, rel)
			assert.True(t, usesProvider(rel, one(t, g, "pulumi:providers:kubernetes")))
			assert.Equal(t, NGINXChart, rel.String("chart"))
			assert.Equal(t, NGINXRepo, rel.String("repositoryOpts.repo"))
			assert.Equal(t, DefaultNGINXChartVersion, rel.String("version"))
			assert.Equal(t, NGINXNamespace, rel.String("namespace"))
			assert.True(t, dependsOn(rel, ns.URN), "the release waits for its namespace")
			assert.Equal(t, tc.replicas, number(rel, "values.controller.replicaCount"))
			assert.Equal(t, NGINXIngressClass, rel.String("values.controller.ingressClass.name"))
			assert.Equal(t, testLoginServer+"/ghcr.io/nginx/kubernetes-ingress", rel.String("values.controller.image.repository"))
			health, _ := rel.Input("values.controller.healthStatus")
			assert.True(t, health.BoolValue(), "the default server answers the health probe before any workload exists")
			assert.Equal(t, DefaultProbePath, rel.String("values.controller.healthStatusURI"))
			_, spread := rel.Input("values.controller.topologySpreadConstraints")
			assert.Equal(t, tc.production, spread, "zone spread only in production")

			ann := object(t, rel, "values.controller.service.annotations")
			assert.Equal(t, "/healthz", ann[annotationProbePath].StringValue())
			if tc.internal {
				assert.Equal(t, "true", ann[annotationInternal].StringValue())
				assert.Equal(t, "10.240.0.200", ann[annotationIPv4].StringValue())
				assert.NotContains(t, ann, annotationPIPName)
				assert.Empty(t, g.ByType(tPIP))
				assert.Empty(t, g.ByType(tRole))
				assert.Equal(t, "10.240.0.200", res.address)
				return
			}
			assert.NotContains(t, ann, annotationInternal)
			pip := one(t, g, tPIP)
			assert.Equal(t, "Standard", pip.String("sku.name"))
			assert.Equal(t, "Static", pip.String("publicIPAllocationMethod"))
			assert.Equal(t, pip.Outputs["name"].StringValue(), ann[annotationPIPName].StringValue())
			assert.Equal(t, testRG, ann[annotationResourceGroup].StringValue())
			ra := one(t, g, tRole)
			assert.Equal(t, pip.ID, ra.String("scope"))
			assert.Equal(t, testClusterPID, ra.String("principalId"))
			assert.Contains(t, ra.String("roleDefinitionId"), rbac.NetworkContributor.GUID())
			assert.True(t, dependsOn(rel, ra.URN), "the Service is created after AKS may use the IP")
			assert.Equal(t, pip.Outputs["ipAddress"].StringValue(), res.address)
			assert.Equal(t, NGINXIngressClass, res.controller.IngressClassName())
		})
	}
}

// TestNGINXIgnoresFrontDoorID checks that a front door changes nothing in the NGINX release:
// without snippets there is no header check, and the spoke's NSG protects it instead.
func TestNGINXIgnoresFrontDoorID(t *testing.T) {
	plans := map[string]map[string]any{}
	for _, tc := range []struct {
		name        string
		frontDoorID pulumi.StringInput
	}{
		{"without Front Door", nil},
		{"behind Front Door", pulumi.String("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")},
	} {
		g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
			a := fullArgs(spec(ControllerNGINX, true, nil), true, p)
			a.FrontDoorID = tc.frontDoorID
			return a
		})
		require.NoError(t, err, tc.name)
		rel := g.Find(tRelease, "weu-ingress")
		require.NotNil(t, rel, tc.name)
		plans[tc.name] = map[string]any{"release": rel.Inputs.Mappable(), "resources": g.CountByType()}
	}
	assert.Equal(t, plans["without Front Door"], plans["behind Front Door"])
}

func TestArgsValidate(t *testing.T) {
	cases := []struct {
		name   string
		spec   Spec
		mutate func(*Args)
		want   []string
	}{
		{"agic complete", spec(ControllerAGIC, true, nil), nil, nil},
		{"agic without wiring", spec(ControllerAGIC, true, nil), func(a *Args) {
			a.ResourceGroupName, a.PublicSubnetID, a.OIDCIssuerURL, a.KubernetesProvider, a.RegistryLoginServer = nil, nil, nil, nil, nil
		}, []string{"kubernetesProvider", "oidcIssuerUrl", "publicSubnetId", "registryLoginServer", "resourceGroupName"}},
		{"public nginx without cluster principal", spec(ControllerNGINX, true, nil), func(a *Args) {
			a.ClusterPrincipalID = nil
		}, []string{"clusterPrincipalId"}},
		{"internal nginx needs no Azure wiring", spec(ControllerNGINX, true, func(s *Spec) {
			s.Internal, s.NGINX.PrivateIP = true, "10.1.2.3"
		}), func(a *Args) {
			a.ResourceGroupName, a.PublicSubnetID, a.OIDCIssuerURL, a.ClusterPrincipalID = nil, nil, nil, nil
		}, nil},
		{"spec and wiring problems together", spec(ControllerNGINX, true, func(s *Spec) { s.NGINX.Replicas = 1 }),
			func(a *Args) { a.KubernetesProvider = nil }, []string{"kubernetesProvider", "nginx.replicas"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var provider pulumi.ProviderResource = &pulumi.ProviderResourceState{}
			a := fullArgs(tc.spec, true, provider)
			if tc.mutate != nil {
				tc.mutate(a)
			}
			assert.Equal(t, tc.want, keys(t, a.Validate()))
		})
	}
	var nilArgs *Args
	assert.Error(t, nilArgs.Validate())
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	for _, controller := range []string{ControllerAGIC, ControllerNGINX, "traefik"} {
		t.Run(controller, func(t *testing.T) {
			g, _, err := runController(t, func(p pulumi.ProviderResource) *Args {
				return fullArgs(spec(controller, true, func(s *Spec) { s.CertManager.Email = "nobody" }), true, p)
			})
			require.Error(t, err)
			assert.Contains(t, keys(t, err), "certManager.email")
			for _, r := range g.Resources {
				assert.Equal(t, "pulumi:providers:kubernetes", r.Type, "only the test's provider is registered")
			}
		})
	}
}

func TestConstructorsRejectTheOtherController(t *testing.T) {
	_, _, err := runController(t, func(p pulumi.ProviderResource) *Args { return nil })
	require.Error(t, err)
	var p pulumi.ProviderResource = &pulumi.ProviderResourceState{}
	_, err = prepareFor(fullArgs(spec(ControllerNGINX, false, nil), false, p), ControllerAGIC, AGICType)
	assert.ErrorContains(t, err, `spec asks for controller "nginx"`)
}
