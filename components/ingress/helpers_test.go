package ingress

import (
	"strings"
	"testing"
	"time"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testSubscription = plan.PlaceholderSubscription
	testSubnetID     = "/subscriptions/" + testSubscription + "/resourceGroups/spoke-rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/public"
	testRG           = "ingress-rg"
	testIssuer       = "https://oidc.example.test/issuer/"
	testClusterPID   = "33333333-3333-3333-3333-333333333333"
	testLoginServer  = "platformacr.azurecr.io"
	testWorkspace    = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"
)

// spec returns a defaulted spec for controller, adjusted by mutate before defaulting.
func spec(controller string, production bool, mutate func(*Spec)) Spec {
	s := Spec{Controller: controller, CertManager: CertManagerSpec{Email: "platform@example.com"}}
	if mutate != nil {
		mutate(&s)
	}
	s.SetDefaults(production)
	return s
}

// fullArgs returns args with every wiring field set.
func fullArgs(s Spec, production bool, p pulumi.ProviderResource) *Args {
	return &Args{
		Spec:                s,
		Production:          production,
		ResourceGroupName:   pulumi.String(testRG),
		Location:            pulumi.String("westeurope"),
		PublicSubnetID:      pulumi.String(testSubnetID),
		OIDCIssuerURL:       pulumi.String(testIssuer),
		ClusterPrincipalID:  pulumi.String(testClusterPID),
		RegistryLoginServer: pulumi.String(testLoginServer),
		KubernetesProvider:  p,
		Tags:                pulumi.StringMap{"env": pulumi.String("test")},
		// LogAnalyticsWorkspaceID is the region's workspace.
		LogAnalyticsWorkspaceID: pulumi.String(testWorkspace),
	}
}

// result is what a test program hands back from inside plan.Run.
type result struct {
	controller Controller
	address    string
}

// runController plans New under mocks with args built by mk and returns the graph.
func runController(t *testing.T, mk func(p pulumi.ProviderResource) *Args) (*plan.Graph, *result, error) {
	t.Helper()
	res := &result{}
	addr := make(chan string, 1)
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		p, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("offline")})
		if err != nil {
			return err
		}
		c, err := New(ctx, "weu-ingress", mk(p))
		if err != nil {
			return err
		}
		res.controller = c
		c.Address().ApplyT(func(a string) string { addr <- a; return a })
		return nil
	})
	if res.controller != nil {
		// The apply above is not tracked by the run, so wait for it here.
		select {
		case res.address = <-addr:
		case <-time.After(10 * time.Second):
			t.Fatal("the controller's address never resolved")
		}
	}
	return g, res, err
}

// keys returns the problem keys of a validation error, failing the test for other errors.
func keys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	return verr.Keys()
}

// one returns the single resource of a type, failing the test otherwise.
func one(t *testing.T, g *plan.Graph, token string) *plan.Resource {
	t.Helper()
	rs := g.ByType(token)
	require.Len(t, rs, 1, "resources of type %s", token)
	return rs[0]
}

// object returns the object input at path, failing the test when it is missing.
func object(t *testing.T, r *plan.Resource, path string) resource.PropertyMap {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok, "%s has no input %s", r.Name, path)
	require.True(t, v.IsObject(), "%s.%s is not an object", r.Name, path)
	return v.ObjectValue()
}

// strings returns the string array input at path.
func stringList(r *plan.Resource, path string) []string {
	v, ok := r.Input(path)
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		out = append(out, e.StringValue())
	}
	return out
}

// number returns the number input at path, or -1.
func number(r *plan.Resource, path string) int {
	v, ok := r.Input(path)
	if !ok || !v.IsNumber() {
		return -1
	}
	return int(v.NumberValue())
}

// assertTree checks that every resource except the provider sits under the component root.
func assertTree(t *testing.T, g *plan.Graph, root *plan.Resource) {
	t.Helper()
	for _, r := range g.Resources {
		if r == root || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		found := false
		for _, a := range g.Ancestors(r) {
			found = found || a.URN == root.URN
		}
		assert.True(t, found, "%s %s is not under %s", r.Type, r.Name, root.Name)
		assert.True(t, strings.HasPrefix(r.Name, root.Name), "child name %q is not derived from %q", r.Name, root.Name)
	}
}

// dependsOn reports whether r depends on the resource with the given URN.
func dependsOn(r *plan.Resource, urn string) bool {
	for _, d := range r.Dependencies {
		if d == urn {
			return true
		}
	}
	return false
}

// usesProvider reports whether r is managed by the provider resource p.
func usesProvider(r, p *plan.Resource) bool {
	return strings.HasPrefix(r.Provider, p.URN+"::")
}
