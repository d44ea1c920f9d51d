package ingress

import (
	"reflect"
	"testing"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// build is one constructor under test, called with the args the case makes.
type build func(ctx *pulumi.Context, args *Args, cm *CertManagerArgs) error

// TestContract checks the one component contract for every constructor of the package: nil
// args give validation.Required with the type token; a partial spec gets its defaults; an
// invalid spec is rejected with config keys before anything is registered; the caller's args
// are never modified.
func TestContract(t *testing.T) {
	constructors := []struct {
		token      string
		controller string
		build      build
	}{
		{ModuleToken, ControllerNGINX, func(ctx *pulumi.Context, a *Args, _ *CertManagerArgs) error {
			_, err := New(ctx, "weu-ingress", a)
			return err
		}},
		{AGICType, ControllerAGIC, func(ctx *pulumi.Context, a *Args, _ *CertManagerArgs) error {
			_, err := NewAGIC(ctx, "weu-ingress", a)
			return err
		}},
		{NGINXType, ControllerNGINX, func(ctx *pulumi.Context, a *Args, _ *CertManagerArgs) error {
			_, err := NewNGINX(ctx, "weu-ingress", a)
			return err
		}},
		{CertManagerType, "", func(ctx *pulumi.Context, _ *Args, cm *CertManagerArgs) error {
			_, err := NewCertManager(ctx, "weu-cert-manager", cm)
			return err
		}},
	}
	for _, c := range constructors {
		t.Run(c.token, func(t *testing.T) {
			// nil args
			_, err := runBuild(t, func(ctx *pulumi.Context, p pulumi.ProviderResource) error { return c.build(ctx, nil, nil) })
			assert.Equal(t, []string{c.token}, keys(t, err))
			assert.ErrorContains(t, err, validation.Required(c.token).Error())

			// a partial spec, as a user writes it, gets its defaults
			partial := Spec{Controller: c.controller, CertManager: CertManagerSpec{Email: "platform@example.com"}}
			var given *Args
			var givenCM *CertManagerArgs
			g, err := runBuild(t, func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
				given = fullArgs(partial, true, p)
				givenCM = certManagerArgs(partial.CertManager, p)
				before, beforeCM := cloneArgs(given), *givenCM
				err := c.build(ctx, given, givenCM)
				assert.True(t, reflect.DeepEqual(before, cloneArgs(given)), "the caller's args are unchanged")
				assert.True(t, reflect.DeepEqual(beforeCM, *givenCM), "the caller's cert-manager args are unchanged")
				return err
			})
			require.NoError(t, err)
			assert.Nil(t, given.Spec.CertManager.Enabled, "defaults go to a copy")
			cm := g.Find(tRelease, "weu-cert-manager")
			if cm == nil {
				cm = g.Find(tRelease, "weu-ingress-cert-manager")
			}
			require.NotNil(t, cm, "cert-manager defaults to enabled")
			assert.Equal(t, DefaultCertManagerChartVersion, cm.String("version"))
			switch c.controller {
			case ControllerNGINX:
				rel := g.Find(tRelease, "weu-ingress")
				assert.Equal(t, DefaultNGINXChartVersion, rel.String("version"))
				assert.Equal(t, 2, number(rel, "values.controller.replicaCount"), "the production default")
			case ControllerAGIC:
				assert.Equal(t, []string{"1", "2", "3"}, stringList(one(t, g, tGateway), "zones"))
			}

			// an invalid spec registers nothing and names config keys
			bad := partial
			bad.CertManager.Email, bad.CertManager.ChartVersion = "nobody", "latest"
			g, err = runBuild(t, func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
				cmArgs := certManagerArgs(bad.CertManager, p)
				return c.build(ctx, fullArgs(bad, true, p), cmArgs)
			})
			want := []string{"certManager.chartVersion", "certManager.email"}
			if c.token == CertManagerType {
				want = []string{"chartVersion", "email"} // keyed relative to its section
			}
			assert.Equal(t, want, keys(t, err))
			for _, r := range g.Resources {
				assert.Equal(t, "pulumi:providers:kubernetes", r.Type, "nothing but the test's provider is registered")
			}
		})
	}
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

// runBuild plans fn under mocks with a Kubernetes provider and returns the graph.
func runBuild(t *testing.T, fn func(ctx *pulumi.Context, p pulumi.ProviderResource) error) (*plan.Graph, error) {
	t.Helper()
	return plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("offline")})
		if err != nil {
			return err
		}
		return fn(ctx, p)
	})
}
