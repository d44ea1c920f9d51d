package conformance_test

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/internal/conformance"
	"github.com/aksplatform/platform/internal/conformance/conformancetest"
	"github.com/aksplatform/platform/stacks"
)

const region = "westeurope"

func loadEnv(t *testing.T, stack string) *stacks.Environment {
	t.Helper()
	env, err := stacks.LoadFile("../../Pulumi." + stack + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// replace puts obj in place of the object of the same kind, namespace and name (or adds it).
func replace(c *conformancetest.Cluster, obj runtime.Object) {
	remove(c, obj)
	c.Kube = append(c.Kube, obj)
}

// remove drops the object of obj's kind, namespace and name.
func remove(c *conformancetest.Cluster, obj runtime.Object) {
	key := func(o runtime.Object) string {
		m, _ := meta.Accessor(o)
		return o.GetObjectKind().GroupVersionKind().Kind + "/" + m.GetNamespace() + "/" + m.GetName()
	}
	var kept []runtime.Object
	for _, o := range c.Kube {
		if key(o) != key(obj) {
			kept = append(kept, o)
		}
	}
	c.Kube = kept
}

// outcome is a check's status and a piece of what it found.
type outcome struct {
	status conformance.Status
	found  string
}

func TestChecksAgainstFakes(t *testing.T) {
	env := loadEnv(t, "dev")
	x, err := conformance.Expect(env, region, nil)
	if err != nil {
		t.Fatal(err)
	}
	sa := x.ServiceAccounts[0]
	tests := []struct {
		name    string
		mutate  func(c *conformancetest.Cluster)
		react   func(kube *fake.Clientset, dyn *dynamicfake.FakeDynamicClient)
		version string
		outputs conformance.Outputs
		// want lists the checks that do not pass, with their status and a piece of what
		// they found; every other check must pass.
		want map[string]outcome
	}{
		{name: "healthy"},
		{
			name: "node not ready",
			mutate: func(c *conformancetest.Cluster) {
				replace(c, conformancetest.Node("aks-apps-0", "apps", "v1.37.3", false))
			},
			want: map[string]outcome{"nodes/apps": {conformance.Fail, "aks-apps-0 not Ready"}},
		},
		{
			name: "pool behind the expected version",
			mutate: func(c *conformancetest.Cluster) {
				replace(c, conformancetest.Node("aks-apps-1", "apps", "v1.36.5", true))
			},
			want: map[string]outcome{"nodes/apps": {conformance.Fail, "aks-apps-1 at v1.36.5"}},
		},
		{
			name: "pool without nodes",
			mutate: func(c *conformancetest.Cluster) {
				remove(c, conformancetest.Node("aks-system-0", "", "", true))
				remove(c, conformancetest.Node("aks-system-1", "", "", true))
			},
			want: map[string]outcome{"nodes/system": {conformance.Fail, "no node labelled kubernetes.azure.com/agentpool=system"}},
		},
		{
			name:    "control plane at another version",
			version: "v1.36.9",
			want:    map[string]outcome{"control-plane/version": {conformance.Fail, "v1.36.9"}},
		},
		{
			name: "CoreDNS unavailable",
			mutate: func(c *conformancetest.Cluster) {
				replace(c, conformancetest.DeploymentObj("kube-system", "coredns", 2, 0))
			},
			want: map[string]outcome{"deployment/kube-system/coredns": {conformance.Fail, "0/2 replicas available, Available=False"}},
		},
		{
			name: "Argo CD application controller missing",
			mutate: func(c *conformancetest.Cluster) {
				remove(c, conformancetest.StatefulSetObj("argocd", "argocd-application-controller", 1, 1))
			},
			want: map[string]outcome{"statefulset/argocd/argocd-application-controller": {conformance.Fail, "not found"}},
		},
		{
			name:   "cluster DNS without ready endpoints",
			mutate: func(c *conformancetest.Cluster) { replace(c, conformancetest.DNSEndpoints(false)) },
			want:   map[string]outcome{"dns/kube-dns": {conformance.Fail, "0 ready endpoints"}},
		},
		{
			name: "ingress without address",
			mutate: func(c *conformancetest.Cluster) {
				o := x.Ingress.Object
				replace(c, &corev1.Service{TypeMeta: typeMeta("v1", "Service"), ObjectMeta: objectMeta(o.Namespace, o.Name)})
			},
			want: map[string]outcome{"ingress/address": {conformance.Fail, "no address"}},
		},
		{
			name: "ingress at another address than the stack output",
			outputs: conformance.Outputs{
				region + ".ingressAddress":                      "198.51.100.7",
				conformance.ClientIDOutput(region, sa.Workload): conformancetest.ClientID,
			},
			want: map[string]outcome{"ingress/address": {conformance.Fail, "address " + conformancetest.IngressAddress}},
		},
		{
			name: "ClusterIssuer not ready",
			mutate: func(c *conformancetest.Cluster) {
				c.Custom[0] = conformancetest.ClusterIssuer(x.ClusterIssuer, "False")
			},
			want: map[string]outcome{"cert-manager/clusterissuer/letsencrypt": {conformance.Fail, "Ready=False"}},
		},
		{
			name: "Application out of sync",
			mutate: func(c *conformancetest.Cluster) {
				c.Custom = append(c.Custom, conformancetest.Application("argocd-apps", "orders", "OutOfSync", "Degraded"))
			},
			want: map[string]outcome{"argocd/applications/argocd-apps": {conformance.Fail, "orders OutOfSync/Degraded"}},
		},
		{
			name: "ServiceAccount without client ID",
			mutate: func(c *conformancetest.Cluster) {
				replace(c, &corev1.ServiceAccount{TypeMeta: typeMeta("v1", "ServiceAccount"), ObjectMeta: objectMeta(sa.Namespace, sa.Name)})
			},
			want: map[string]outcome{"identity/serviceaccount/orders/orders": {conformance.Fail, "no " + identity.ClientIDAnnotation}},
		},
		{
			name:    "ServiceAccount with another identity's client ID",
			outputs: conformance.Outputs{conformance.ClientIDOutput(region, sa.Workload): "11111111-1111-4111-8111-111111111111"},
			want:    map[string]outcome{"identity/serviceaccount/orders/orders": {conformance.Fail, conformancetest.ClientID}},
		},
		{
			name:   "SecretProviderClass missing",
			mutate: func(c *conformancetest.Cluster) { c.Custom = c.Custom[:len(c.Custom)-1] },
			want:   map[string]outcome{"secrets/orders/orders-secrets": {conformance.Fail, "not found"}},
		},
		{
			name: "listing nodes forbidden",
			react: func(kube *fake.Clientset, _ *dynamicfake.FakeDynamicClient) {
				kube.PrependReactor("list", "nodes", func(k8stesting.Action) (bool, runtime.Object, error) {
					return true, nil, apierrors.NewForbidden(schema.GroupResource{Resource: "nodes"}, "", nil)
				})
			},
			want: map[string]outcome{
				"nodes/system": {conformance.Error, "forbidden"},
				"nodes/apps":   {conformance.Error, "forbidden"},
			},
		},
		{
			name: "Argo CD CRD not installed",
			react: func(_ *fake.Clientset, dyn *dynamicfake.FakeDynamicClient) {
				dyn.PrependReactor("list", "applications", func(k8stesting.Action) (bool, runtime.Object, error) {
					return true, nil, apierrors.NewNotFound(conformance.Applications.GroupResource(), "")
				})
			},
			want: map[string]outcome{
				"argocd/applications/argocd":      {conformance.Fail, "CRD"},
				"argocd/applications/argocd-apps": {conformance.Fail, "CRD"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The cluster is healthy as the config alone describes it; outputs that name
			// other cloud values than it holds make their checks fail.
			c := conformancetest.Healthy(x)
			if tc.mutate != nil {
				tc.mutate(c)
			}
			v := tc.version
			if v == "" {
				v = "v1.37.3"
			}
			clients, kube, dyn := conformancetest.Fakes(c, v)
			if tc.react != nil {
				tc.react(kube, dyn)
			}
			s := &conformance.Suite{Env: env, Outputs: tc.outputs,
				Connect: func(context.Context, string) (conformance.Clients, error) { return clients, nil }}
			rep := s.Run(context.Background(), region)
			if len(rep.Results) < 20 {
				t.Fatalf("only %d checks ran: %+v", len(rep.Results), rep.Results)
			}
			for _, r := range rep.Results {
				want, listed := tc.want[r.Name]
				switch {
				case !listed && r.Status != conformance.Pass:
					t.Errorf("%s: %s, want pass: expected %s; found %s", r.Name, r.Status, r.Expected, r.Found)
				case listed && (r.Status != want.status || !strings.Contains(r.Found, want.found)):
					t.Errorf("%s: %s %q, want %s with %q", r.Name, r.Status, r.Found, want.status, want.found)
				}
				if r.Region != region || r.Expected == "" || r.Found == "" {
					t.Errorf("%s: region %q, expected %q, found %q: every result names all three", r.Name, r.Region, r.Expected, r.Found)
				}
				delete(tc.want, r.Name)
			}
			for name := range tc.want {
				t.Errorf("check %s did not run", name)
			}
			if err := rep.Err(); (err == nil) != (len(rep.Failures()) == 0) {
				t.Errorf("Err() = %v with %d failures", err, len(rep.Failures()))
			}
		})
	}
}

func typeMeta(apiVersion, kind string) metav1.TypeMeta {
	return metav1.TypeMeta{APIVersion: apiVersion, Kind: kind}
}

func objectMeta(ns, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Namespace: ns, Name: name}
}
