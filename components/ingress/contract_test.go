package ingress

import (
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
)

// TestContract checks the one component contract for every constructor of the package: nil
// args give validation.Required with the type token; a partial spec gets its defaults; an
// invalid spec is rejected with config keys before anything is registered; the caller's args
// are never modified.
func TestContract(t *testing.T) {
	email := CertManagerSpec{Email: "platform@example.com"}
	// bad is an invalid cert-manager section: keyed certManager.* in Args, bare in its own.
	bad := func(s CertManagerSpec) CertManagerSpec {
		s.Email, s.ChartVersion = "nobody", "latest"
		return s
	}
	for _, c := range []struct {
		token      string
		controller string
		build      func(ctx *pulumi.Context, a *Args) error
	}{
		{ModuleToken, ControllerNGINX, contracttest.Build(New, "weu-ingress")},
		{AGICType, ControllerAGIC, contracttest.Build(NewAGIC, "weu-ingress")},
		{NGINXType, ControllerNGINX, contracttest.Build(NewNGINX, "weu-ingress")},
	} {
		t.Run(c.token, func(t *testing.T) {
			// a partial spec, as a user writes it
			partial := Spec{Controller: c.controller, CertManager: email}
			var given *Args
			contracttest.Run(t, contracttest.Contract[*Args]{
				Token:    c.token,
				Provider: provider,
				New:      c.build,
				Copy:     func(a *Args) any { return cloneArgs(a) },
				Partial: func(e contracttest.Env) *Args {
					given = fullArgs(partial, true, e.Provider)
					return given
				},
				Defaults: func(t *testing.T, g *plan.Graph) {
					assert.Nil(t, given.Spec.CertManager.Enabled, "defaults go to a copy")
					assertCertManager(t, g, "weu-ingress-cert-manager")
					switch c.controller {
					case ControllerNGINX:
						rel := g.Find(tRelease, "weu-ingress")
						assert.Equal(t, DefaultNGINXChartVersion, rel.String("version"))
						assert.Equal(t, 2, number(rel, "values.controller.replicaCount"), "the production default")
					case ControllerAGIC:
						assert.Equal(t, []string{"1", "2", "3"}, stringList(one(t, g, tGateway), "zones"))
					}
				},
				Invalid: []contracttest.Invalid[*Args]{{Name: "invalid spec", Args: func(e contracttest.Env) *Args {
					s := partial
					s.CertManager = bad(s.CertManager)
					return fullArgs(s, true, e.Provider)
				}, Keys: []string{"certManager.chartVersion", "certManager.email"}}},
			})
		})
	}
	t.Run(CertManagerType, func(t *testing.T) {
		var given *CertManagerArgs
		contracttest.Run(t, contracttest.Contract[*CertManagerArgs]{
			Token:    CertManagerType,
			Provider: provider,
			New:      contracttest.Build(NewCertManager, "weu-cert-manager"),
			Copy:     func(a *CertManagerArgs) any { return cloneCertManagerArgs(a) },
			Partial: func(e contracttest.Env) *CertManagerArgs {
				given = certManagerArgs(email, e.Provider)
				return given
			},
			Defaults: func(t *testing.T, g *plan.Graph) {
				assert.Nil(t, given.Spec.Enabled, "defaults go to a copy")
				assertCertManager(t, g, "weu-cert-manager")
			},
			Invalid: []contracttest.Invalid[*CertManagerArgs]{{Name: "invalid spec", Args: func(e contracttest.Env) *CertManagerArgs {
				return certManagerArgs(bad(email), e.Provider)
			}, Keys: []string{"chartVersion", "email"}}}, // keyed relative to its section
		})
	})
}

// provider is the Kubernetes provider every constructor of the package deploys with.
func provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	return kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("offline")})
}

// assertCertManager checks that cert-manager, enabled by default, is the release named name
// with the default chart.
func assertCertManager(t *testing.T, g *plan.Graph, name string) {
	t.Helper()
	cm := g.Find(tRelease, name)
	require.NotNil(t, cm, "cert-manager defaults to enabled")
	assert.Equal(t, DefaultCertManagerChartVersion, cm.String("version"))
}

// certManagerArgs is complete HTTP-01 wiring for NewCertManager.
func certManagerArgs(s CertManagerSpec, p pulumi.ProviderResource) *CertManagerArgs {
	return &CertManagerArgs{
		Spec: s, Production: true, IngressClassName: NGINXIngressClass,
		ResourceGroupName: pulumi.String(testRG), Location: pulumi.String("westeurope"), OIDCIssuerURL: pulumi.String(testIssuer),
		RegistryLoginServer: pulumi.String(testLoginServer), KubernetesProvider: p,
	}
}

// cloneArgs copies the plain parts of args deeply enough to compare them after a call.
func cloneArgs(a *Args) Args {
	c := *a
	c.Spec.AppGateway.Zones = append([]string(nil), a.Spec.AppGateway.Zones...)
	c.CertificateHosts = append([]string(nil), a.CertificateHosts...)
	if a.Spec.CertManager.Enabled != nil {
		c.Spec.CertManager.Enabled = new(*a.Spec.CertManager.Enabled)
	}
	return c
}

// cloneCertManagerArgs copies the plain parts of args deeply enough to compare them after a call.
func cloneCertManagerArgs(a *CertManagerArgs) CertManagerArgs {
	c := *a
	if a.Spec.Enabled != nil {
		c.Spec.Enabled = new(*a.Spec.Enabled)
	}
	if a.Spec.DNSZone != nil {
		c.Spec.DNSZone = new(*a.Spec.DNSZone)
	}
	return c
}
