package conformancetest

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
	fakediscovery "k8s.io/client-go/discovery/fake"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/aksplatform/platform/internal/conformance"
)

// Fakes are client-go fakes holding a cluster's objects, with the API server at
// serverVersion; the fake clientset is returned too, for reactors.
func Fakes(c *Cluster, serverVersion string) (conformance.Clients, *fake.Clientset, *dynamicfake.FakeDynamicClient) {
	kube := fake.NewClientset(c.Kube...)
	kube.Discovery().(*fakediscovery.FakeDiscovery).FakedServerVersion = &version.Info{GitVersion: serverVersion}
	objs := make([]runtime.Object, len(c.Custom))
	for i, u := range c.Custom {
		objs[i] = u
	}
	dyn := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{
		conformance.ClusterIssuers:        "ClusterIssuerList",
		conformance.Applications:          "ApplicationList",
		conformance.SecretProviderClasses: "SecretProviderClassList",
	}, objs...)
	return conformance.Clients{Kube: kube, Dynamic: dyn}, kube, dyn
}
