package aks

import (
	"fmt"
	"math/bits"
	"net/netip"
	"strings"

	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/validation"
)

// Address sizing counts what Azure really pre-allocates, so that a plan fails where a deployment
// would otherwise fail with InsufficientSubnetSize:
//
//   - every pool can grow to its autoscaler maxCount (count without the autoscaler), and an
//     upgrade adds maxSurge nodes on top (a count, or a percentage of the pool rounded up);
//   - Azure CNI reserves maxPods + 1 addresses of the node subnet per node, up front
//     (learn.microsoft.com/azure/aks/azure-cni-overview: (nodes + surge) x (max pods + 1));
//   - kubenet and Azure CNI Overlay take one node-subnet address per node, and give every node
//     a /24 of the pod CIDR (learn.microsoft.com/azure/aks/azure-cni-overlay, .../configure-kubenet).

// PoolDemand is what one pool can grow to.
type PoolDemand struct {
	Key        string // config key of the pool: systemPool, userPools[0]
	MaxNodes   int    // maxCount with the autoscaler, count without
	SurgeNodes int    // extra nodes during an upgrade
	MaxPods    int    // pods per node
}

// Nodes is the most nodes the pool has at once, during an upgrade.
func (p PoolDemand) Nodes() int { return p.MaxNodes + p.SurgeNodes }

// Demand is the cluster's node and address demand, pool by pool.
type Demand struct {
	Plugin NetworkPlugin // decides what an address of the node subnet is spent on
	Pools  []PoolDemand  // system pool first, then the user pools
}

// SurgeNodes returns how many nodes maxSurge adds to a pool of maxNodes: the count itself, or
// the percentage of maxNodes rounded up (as AKS rounds it). A malformed value counts as 1,
// Validate reports it.
func SurgeNodes(maxSurge string, maxNodes int) int {
	n, percent, ok := parseSurge(maxSurge)
	switch {
	case !ok:
		return 1
	case percent:
		return (n*maxNodes + 99) / 100
	default:
		return n
	}
}

// Demand computes what every pool can grow to. Pools without maxPods or maxSurge count with
// the plugin's default pods and a surge of one node.
func (s Spec) Demand() Demand {
	d := Demand{Plugin: s.NetworkPlugin}
	for _, kp := range s.Pools() {
		p := kp.Pool
		pods := p.MaxPods
		if pods == 0 {
			pods = DefaultMaxPods(s.NetworkPlugin)
		}
		top := max(p.MaxNodes(), 0)
		d.Pools = append(d.Pools, PoolDemand{Key: kp.Key, MaxNodes: top, SurgeNodes: SurgeNodes(p.MaxSurge, top), MaxPods: pods})
	}
	return d
}

// MaxNodes is the most nodes the pools can scale to, without upgrade surge.
func (d Demand) MaxNodes() int {
	n := 0
	for _, p := range d.Pools {
		n += p.MaxNodes
	}
	return n
}

// Nodes is the most nodes at once, during an upgrade of every pool.
func (d Demand) Nodes() int {
	n := 0
	for _, p := range d.Pools {
		n += p.Nodes()
	}
	return n
}

// NodeSubnetAddresses is how many node-subnet addresses the cluster can take: with Azure CNI
// every node's pods too.
func (d Demand) NodeSubnetAddresses() int {
	if d.Plugin != AzureCNI {
		return d.Nodes()
	}
	n := 0
	for _, p := range d.Pools {
		n += p.Nodes() * (p.MaxPods + 1)
	}
	return n
}

// PodCIDRBlocks is how many /24 blocks of the pod CIDR the nodes take (kubenet and overlay).
func (d Demand) PodCIDRBlocks() int {
	if !d.Plugin.usesPodCIDR() {
		return 0
	}
	return d.Nodes()
}

// CheckNodeSubnet returns nil when subnet, the address plan's node subnet, holds what the
// cluster can take, and otherwise a *validation.Error keyed networkPlugin with the numbers.
func (s Spec) CheckNodeSubnet(subnet netip.Prefix) error {
	var ps validation.Problems
	if !subnet.IsValid() || !subnet.Addr().Is4() {
		ps.Addf("", "node subnet %s is not an IPv4 prefix", subnet)
		return ps.Err()
	}
	if !s.countsInRange() {
		return nil // Validate reports the pool sizes AKS does not accept
	}
	d := s.Demand()
	what := d.Plugin.display() + " with " + d.nodesWithSurge()
	if d.Plugin == AzureCNI {
		what += d.podsPerNode()
	}
	if err := network.CheckCapacity(subnet, d.NodeSubnetAddresses(), what); err != nil {
		ps.Addf("networkPlugin", "%v (the node subnet)", err)
	}
	return ps.Err()
}

// checkPodCIDRCapacity records a problem when the pod CIDR has fewer /24s than nodes.
func (s Spec) checkPodCIDRCapacity(ps *validation.Problems) {
	if !s.countsInRange() {
		return
	}
	d := s.Demand()
	need := d.PodCIDRBlocks()
	have := 1 << (24 - s.PodCIDR.Bits())
	if need <= have {
		return
	}
	ps.Addf("podCidr", "%s gives every node a /24 of the pod CIDR: %s need %s /24s but %s holds %s; use a /%d or larger",
		d.Plugin.display(), d.nodesWithSurge(), validation.Thousands(need), s.PodCIDR, validation.Thousands(have), 24-bits.Len(uint(need-1)))
}

// ClusterRanges returns the pod CIDR (kubenet and overlay only) and the service CIDR, keyed
// relative to the spec, for the address plan to check against every VNet.
func (s Spec) ClusterRanges() []network.NamedRange {
	var out []network.NamedRange
	if s.NetworkPlugin.usesPodCIDR() {
		out = append(out, network.NamedRange{Key: "podCidr", Prefix: s.PodCIDR})
	}
	return append(out, network.NamedRange{Key: "serviceCidr", Prefix: s.ServiceCIDR})
}

// nodesWithSurge says "51 nodes (50 + 1 upgrade surge)".
func (d Demand) nodesWithSurge() string {
	return fmt.Sprintf("%s nodes (%s + %s upgrade surge)", validation.Thousands(d.Nodes()), validation.Thousands(d.MaxNodes()), validation.Thousands(d.Nodes()-d.MaxNodes()))
}

// podsPerNode says " x (30 pods + 1)", or lists the pools when their maxPods differ.
func (d Demand) podsPerNode() string {
	same := true
	for _, p := range d.Pools {
		same = same && p.MaxPods == d.Pools[0].MaxPods
	}
	if same && len(d.Pools) > 0 {
		return fmt.Sprintf(" x (%d pods + 1)", d.Pools[0].MaxPods)
	}
	parts := make([]string, len(d.Pools))
	for i, p := range d.Pools {
		parts[i] = fmt.Sprintf("%s %d x (%d pods + 1)", p.Key, p.Nodes(), p.MaxPods)
	}
	return ": " + strings.Join(parts, " + ")
}

// nodeBreakdown says "systemPool 5 + userPools[0] 495" (max nodes, without surge).
func (d Demand) nodeBreakdown() string {
	parts := make([]string, len(d.Pools))
	for i, p := range d.Pools {
		parts[i] = fmt.Sprintf("%s %d", p.Key, p.MaxNodes)
	}
	return strings.Join(parts, " + ")
}

func (p NetworkPlugin) display() string {
	switch p {
	case AzureCNI:
		return "Azure CNI"
	case AzureCNIOverlay:
		return "Azure CNI Overlay"
	default:
		return string(p)
	}
}
