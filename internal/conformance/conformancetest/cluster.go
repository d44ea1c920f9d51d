// Package conformancetest builds conforming clusters for tests of the conformance checks:
// the objects a healthy cluster of a region holds (Healthy), client-go fakes holding them
// (Fakes), and an HTTP server that answers like the Kubernetes API with them (Server), so the
// checks run against the real client, its decoding and its error paths.
package conformancetest

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/internal/conformance"
)

// ClientID is the client ID every healthy ServiceAccount is annotated with.
const ClientID = "00000000-0000-4000-8000-0000000000c1"

// IngressAddress is the healthy ingress address, unless the expectation names one.
const IngressAddress = "203.0.113.10"

// Cluster is what a cluster holds: built-in objects (typed) and custom resources.
type Cluster struct {
	Kube   []runtime.Object
	Custom []*unstructured.Unstructured
}

// Healthy returns the objects of a cluster that passes every check x describes: two Ready
// nodes per pool at its version, every workload available, kube-dns with a ready endpoint,
// the ingress address, the ClusterIssuer Ready, one Synced and Healthy Application per Argo
// CD namespace, the annotated ServiceAccounts and the SecretProviderClasses.
func Healthy(x conformance.Expected) *Cluster {
	c := &Cluster{}
	for _, p := range x.Pools {
		for i := range 2 {
			c.Kube = append(c.Kube, Node(fmt.Sprintf("aks-%s-%d", p.Name, i), p.Name, kubeletVersion(p.Version), true))
		}
	}
	for _, w := range x.Workloads {
		if w.Kind == conformance.StatefulSet {
			c.Kube = append(c.Kube, StatefulSetObj(w.Namespace, w.Name, 1, 1))
		} else {
			c.Kube = append(c.Kube, DeploymentObj(w.Namespace, w.Name, 2, 2))
		}
	}
	c.Kube = append(c.Kube, &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{Namespace: conformance.SystemNamespace, Name: conformance.DNSService},
		Spec:       corev1.ServiceSpec{ClusterIP: x.DNSServiceIP},
	}, DNSEndpoints(true))
	if in := x.Ingress; in != nil {
		addr := in.Address
		if addr == "" {
			addr = IngressAddress
		}
		lb := corev1.LoadBalancerStatus{Ingress: []corev1.LoadBalancerIngress{{IP: addr}}}
		meta := metav1.ObjectMeta{Namespace: in.Object.Namespace, Name: in.Object.Name}
		if in.Kind == "Ingress" {
			c.Kube = append(c.Kube, &networkingv1.Ingress{
				TypeMeta: metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "Ingress"}, ObjectMeta: meta,
				Status: networkingv1.IngressStatus{LoadBalancer: networkingv1.IngressLoadBalancerStatus{
					Ingress: []networkingv1.IngressLoadBalancerIngress{{IP: addr}}}},
			})
		} else {
			c.Kube = append(c.Kube, &corev1.Service{
				TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Service"}, ObjectMeta: meta,
				Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer}, Status: corev1.ServiceStatus{LoadBalancer: lb},
			})
		}
	}
	for _, sa := range x.ServiceAccounts {
		id := sa.ClientID
		if id == "" {
			id = ClientID
		}
		c.Kube = append(c.Kube, &corev1.ServiceAccount{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
			ObjectMeta: metav1.ObjectMeta{Namespace: sa.Namespace, Name: sa.Name,
				Annotations: map[string]string{identity.ClientIDAnnotation: id}},
		})
	}
	if x.ClusterIssuer != "" {
		c.Custom = append(c.Custom, ClusterIssuer(x.ClusterIssuer, "True"))
	}
	for _, ns := range x.ArgoNamespaces {
		c.Custom = append(c.Custom, Application(ns, "root", "Synced", "Healthy"))
	}
	for _, o := range x.SecretProviderClasses {
		c.Custom = append(c.Custom, custom(conformance.SecretProviderClasses, identity.SecretProviderClassKind, o.Namespace, o.Name,
			map[string]any{"spec": map[string]any{"provider": "azure"}}))
	}
	return c
}

// kubeletVersion is a kubelet version for a wanted "major.minor[.patch]" ("" for any).
func kubeletVersion(want string) string {
	switch strings.Count(want, ".") {
	case 0:
		return "v1.37.3"
	case 1:
		return "v" + want + ".3"
	default:
		return "v" + want
	}
}

// Node is a node of pool with the kubelet version v, Ready or not.
func Node(name, pool, v string, ready bool) *corev1.Node {
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	return &corev1.Node{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Node"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"kubernetes.azure.com/agentpool": pool}},
		Status: corev1.NodeStatus{
			NodeInfo:   corev1.NodeSystemInfo{KubeletVersion: v},
			Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: status}},
		},
	}
}

// DeploymentObj is a Deployment wanting want replicas with available of them available.
func DeploymentObj(ns, name string, want, available int32) *appsv1.Deployment {
	cond := corev1.ConditionTrue
	if available < want {
		cond = corev1.ConditionFalse
	}
	return &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Generation: 1},
		Spec:       appsv1.DeploymentSpec{Replicas: &want},
		Status: appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: want, AvailableReplicas: available,
			Conditions: []appsv1.DeploymentCondition{{Type: appsv1.DeploymentAvailable, Status: cond, Reason: "MinimumReplicas"}}},
	}
}

// StatefulSetObj is a StatefulSet wanting want replicas with ready of them ready.
func StatefulSetObj(ns, name string, want, ready int32) *appsv1.StatefulSet {
	return &appsv1.StatefulSet{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"},
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Generation: 1},
		Spec:       appsv1.StatefulSetSpec{Replicas: &want},
		Status:     appsv1.StatefulSetStatus{ObservedGeneration: 1, Replicas: want, ReadyReplicas: ready},
	}
}

// DNSEndpoints is kube-dns's EndpointSlice with one endpoint on port 53, ready or not.
func DNSEndpoints(ready bool) *discoveryv1.EndpointSlice {
	port := int32(53)
	return &discoveryv1.EndpointSlice{
		TypeMeta: metav1.TypeMeta{APIVersion: "discovery.k8s.io/v1", Kind: "EndpointSlice"},
		ObjectMeta: metav1.ObjectMeta{Namespace: conformance.SystemNamespace, Name: conformance.DNSService + "-abcde",
			Labels: map[string]string{discoveryv1.LabelServiceName: conformance.DNSService}},
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{"10.244.0.5"}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}}},
		Ports:       []discoveryv1.EndpointPort{{Port: &port}},
	}
}

// ClusterIssuer is a ClusterIssuer whose Ready condition has status.
func ClusterIssuer(name, status string) *unstructured.Unstructured {
	return custom(conformance.ClusterIssuers, "ClusterIssuer", "", name, map[string]any{"status": map[string]any{
		"conditions": []any{map[string]any{"type": "Ready", "status": status, "reason": "ACMEAccountRegistered"}},
	}})
}

// Application is an Argo CD Application with its sync and health status.
func Application(ns, name, sync, health string) *unstructured.Unstructured {
	return custom(conformance.Applications, "Application", ns, name, map[string]any{"status": map[string]any{
		"sync": map[string]any{"status": sync}, "health": map[string]any{"status": health},
	}})
}

func custom(gvr schema.GroupVersionResource, kind, ns, name string, fields map[string]any) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: fields}
	u.SetAPIVersion(gvr.GroupVersion().String())
	u.SetKind(kind)
	u.SetNamespace(ns)
	u.SetName(name)
	return u
}
