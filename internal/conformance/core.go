package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Node labels naming a node's AKS agent pool: the current one and the legacy one that older
// node images still carry.
var poolLabels = []string{"kubernetes.azure.com/agentpool", "agentpool"}

type nodeList struct {
	items []corev1.Node
	err   error
}

// controlPlane checks the API server's version: after an upgrade, the first thing to move.
func (c *cluster) controlPlane(want string) Result {
	return c.check("control-plane/version", "API server answering at "+versionText(want), func() (bool, string, error) {
		v, err := c.probe()
		if err != nil {
			return false, "", err
		}
		return versionMatches(v, want), "API server " + v, nil
	})
}

// pools checks that every agent pool has nodes, all Ready and at the pool's version. The
// nodes are listed once for all pools.
func (c *cluster) pools(ctx context.Context, pools []Pool) []Result {
	var out []Result
	for _, p := range pools {
		expected := fmt.Sprintf("at least one node in pool %s, every one Ready, kubelet %s", p.Name, versionText(p.Version))
		out = append(out, c.check("nodes/"+p.Name, expected, func() (bool, string, error) {
			nodes, err := c.listNodes(ctx)
			if err != nil {
				return false, "", err
			}
			return judgePool(nodes, p)
		}))
	}
	return out
}

func (c *cluster) listNodes(ctx context.Context) ([]corev1.Node, error) {
	if c.nodes == nil {
		l, err := c.Kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		c.nodes = &nodeList{err: err}
		if err == nil {
			c.nodes.items = l.Items
		}
	}
	return c.nodes.items, c.nodes.err
}

func judgePool(nodes []corev1.Node, p Pool) (bool, string, error) {
	var ready, total int
	var bad, versions []string
	for _, n := range nodes {
		if nodePool(n) != p.Name {
			continue
		}
		total++
		v := n.Status.NodeInfo.KubeletVersion
		if !slices.Contains(versions, v) {
			versions = append(versions, v)
		}
		switch {
		case !nodeReady(n):
			bad = append(bad, n.Name+" not Ready")
		case !versionMatches(v, p.Version):
			bad = append(bad, n.Name+" at "+v)
		default:
			ready++
		}
	}
	if total == 0 {
		return false, "no node labelled " + poolLabels[0] + "=" + p.Name, nil
	}
	found := fmt.Sprintf("%d of %d nodes Ready at the expected version; kubelet %s", ready, total, strings.Join(versions, ", "))
	if len(bad) > 0 {
		found += "; " + strings.Join(bad, "; ")
	}
	return len(bad) == 0, found, nil
}

func nodePool(n corev1.Node) string {
	for _, l := range poolLabels {
		if v, ok := n.Labels[l]; ok {
			return v
		}
	}
	return ""
}

func nodeReady(n corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// versionMatches reports whether a reported version (v1.37.3) is the wanted one: "" is any,
// "1.37" any patch of it, "1.37.3" exactly that patch.
func versionMatches(got, want string) bool {
	if want == "" {
		return true
	}
	got = strings.TrimPrefix(got, "v")
	// Drop a build suffix (v1.37.3-hotfix.20261101, +aks).
	if i := strings.IndexAny(got, "-+"); i >= 0 {
		got = got[:i]
	}
	return got == want || strings.HasPrefix(got, want+".")
}

func versionText(want string) string {
	if want == "" {
		return "at any version (the config leaves it to AKS)"
	}
	return "at " + want
}

// workloads checks that every Deployment and StatefulSet is available: as many replicas
// available (ready, for a StatefulSet) as it asks for, the controller caught up with the
// latest spec, and a Deployment's Available condition True.
func (c *cluster) workloads(ctx context.Context, ws []Workload) []Result {
	var out []Result
	for _, w := range ws {
		name := strings.ToLower(w.Kind) + "/" + w.Namespace + "/" + w.Name
		expected := fmt.Sprintf("%s %s/%s with every desired replica available", w.Kind, w.Namespace, w.Name)
		out = append(out, c.check(name, expected, func() (bool, string, error) {
			if w.Kind == StatefulSet {
				s, err := c.Kube.AppsV1().StatefulSets(w.Namespace).Get(ctx, w.Name, metav1.GetOptions{})
				if err != nil {
					return false, "", err
				}
				want := replicas(s.Spec.Replicas)
				ok := s.Status.ReadyReplicas >= want && s.Status.ObservedGeneration >= s.Generation
				return ok, fmt.Sprintf("%d/%d replicas ready", s.Status.ReadyReplicas, want), nil
			}
			d, err := c.Kube.AppsV1().Deployments(w.Namespace).Get(ctx, w.Name, metav1.GetOptions{})
			if err != nil {
				return false, "", err
			}
			want := replicas(d.Spec.Replicas)
			available := "no Available condition"
			for _, cond := range d.Status.Conditions {
				if cond.Type == "Available" {
					available = fmt.Sprintf("Available=%s", cond.Status)
					if cond.Reason != "" {
						available += " (" + cond.Reason + ")"
					}
				}
			}
			ok := d.Status.AvailableReplicas >= want && d.Status.ObservedGeneration >= d.Generation &&
				strings.HasPrefix(available, "Available=True")
			return ok, fmt.Sprintf("%d/%d replicas available, %s", d.Status.AvailableReplicas, want, available), nil
		}))
	}
	return out
}

// replicas is a spec's replica count; nil means the API's default of 1.
func replicas(p *int32) int32 {
	if p == nil {
		return 1
	}
	return *p
}

// dns checks that cluster DNS can answer: the kube-dns Service sits at aks.dnsServiceIp (the
// address every pod's resolv.conf names) and has ready endpoints serving port 53. CoreDNS's
// readiness probe passes only once its server is loaded and serving, so a ready endpoint is
// the cluster's own verdict that in-cluster names resolve. An actual query is not sent: the
// Service IP is reachable only from inside the cluster network, not from where the checks
// run (the management subnet), and sending one from inside would mean creating a pod, which
// these read-only checks never do.
func (c *cluster) dns(ctx context.Context, ip string) Result {
	expected := fmt.Sprintf("Service %s/%s at %s with at least one ready endpoint on port 53", SystemNamespace, DNSService, ip)
	return c.check("dns/"+DNSService, expected, func() (bool, string, error) {
		svc, err := c.Kube.CoreV1().Services(SystemNamespace).Get(ctx, DNSService, metav1.GetOptions{})
		if err != nil {
			return false, "", err
		}
		eps, err := c.Kube.DiscoveryV1().EndpointSlices(SystemNamespace).List(ctx, metav1.ListOptions{
			LabelSelector: discoveryv1.LabelServiceName + "=" + DNSService,
		})
		if err != nil {
			return false, "", err
		}
		ready := readyDNSEndpoints(eps.Items)
		ok := (ip == "" || svc.Spec.ClusterIP == ip) && ready > 0
		return ok, fmt.Sprintf("Service at %s, %d ready endpoints on port 53", svc.Spec.ClusterIP, ready), nil
	})
}

func readyDNSEndpoints(eps []discoveryv1.EndpointSlice) int {
	n := 0
	for _, s := range eps {
		serves53 := false
		for _, p := range s.Ports {
			if p.Port != nil && *p.Port == 53 {
				serves53 = true
			}
		}
		if !serves53 {
			continue
		}
		for _, e := range s.Endpoints {
			if e.Conditions.Ready == nil || *e.Conditions.Ready {
				n++
			}
		}
	}
	return n
}

// ingressAddress checks that the ingress controller has its address: the load balancer
// address in the NGINX Service's status, or the gateway address AGIC writes into its probe
// Ingress's status; equal to the expected one when it is known.
func (c *cluster) ingressAddress(ctx context.Context, obj *IngressObject) Result {
	want := "an address"
	if obj.Address != "" {
		want = "address " + obj.Address
	}
	expected := fmt.Sprintf("%s %s/%s with %s in its load balancer status (%s)", obj.Kind, obj.Object.Namespace, obj.Object.Name, want, obj.Source)
	return c.check("ingress/address", expected, func() (bool, string, error) {
		var addrs []string
		if obj.Kind == "Ingress" {
			in, err := c.Kube.NetworkingV1().Ingresses(obj.Object.Namespace).Get(ctx, obj.Object.Name, metav1.GetOptions{})
			if err != nil {
				return false, "", err
			}
			for _, i := range in.Status.LoadBalancer.Ingress {
				addrs = append(addrs, i.IP+i.Hostname)
			}
		} else {
			svc, err := c.Kube.CoreV1().Services(obj.Object.Namespace).Get(ctx, obj.Object.Name, metav1.GetOptions{})
			if err != nil {
				return false, "", err
			}
			for _, i := range svc.Status.LoadBalancer.Ingress {
				addrs = append(addrs, i.IP+i.Hostname)
			}
		}
		if len(addrs) == 0 {
			return false, "no address in its status (the load balancer or gateway is not programmed)", nil
		}
		ok := obj.Address == "" || slices.Contains(addrs, obj.Address)
		return ok, "address " + strings.Join(addrs, ", "), nil
	})
}
