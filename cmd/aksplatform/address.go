package main

import (
	"fmt"
	"slices"

	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/stacks"
)

type addressRow struct {
	Region string `json:"region"`
	VNet   string `json:"vnet"`
	Subnet string `json:"subnet"`
	CIDR   string `json:"cidr"`
	Usable int    `json:"usable,omitempty"` // 0 for a VNet's address space row
	Holds  string `json:"holds"`
}

// addressRows lists every VNet and subnet of the plan, then the cluster's own ranges (pod CIDR
// with kubenet and overlay, service CIDR). The node subnet's row says how many of its addresses
// the cluster can take (nodes and upgrade surge, and pods with Azure CNI), the pod CIDR's how
// many of its /24s.
func addressRows(env *stacks.Environment) []addressRow {
	p, err := env.AddressPlan()
	if err != nil {
		return nil
	}
	nodeDemand := fmt.Sprintf("AKS nodes: up to %d addresses taken (%s)",
		env.AKS.Demand().NodeSubnetAddresses(), env.AKS.NetworkPlugin)
	var rows []addressRow
	for _, r := range p.Regions {
		add := func(vnet string, space fmt.Stringer, subnets []network.Subnet) {
			rows = append(rows, addressRow{r.Location, vnet, "(address space)", space.String(), 0, "the " + vnet + " VNet"})
			subnets = slices.Clone(subnets)
			slices.SortFunc(subnets, func(a, b network.Subnet) int { return a.Prefix.Addr().Compare(b.Prefix.Addr()) })
			for _, s := range subnets {
				holds := s.Purpose
				if s == r.Spoke.Private {
					holds = nodeDemand
				}
				rows = append(rows, addressRow{r.Location, vnet, s.Name, s.Prefix.String(), network.Usable(s.Prefix), holds})
			}
		}
		add("hub", r.Hub.AddressSpace, r.Hub.Subnets())
		add("spoke", r.Spoke.AddressSpace, r.Spoke.Subnets())
		for _, cr := range env.AKS.ClusterRanges() {
			rows = append(rows, addressRow{r.Location, "cluster", cr.Key, cr.Prefix.String(), 0, clusterRangeHolds(env, cr)})
		}
	}
	return rows
}

// clusterRangeHolds says what a pod or service CIDR holds; the cluster's ranges are the same
// in every region (each cluster has its own, so they may repeat).
func clusterRangeHolds(env *stacks.Environment, cr network.NamedRange) string {
	if cr.Key == "serviceCidr" {
		return fmt.Sprintf("service cluster IPs; cluster DNS at %s", env.AKS.DNSServiceIP)
	}
	return fmt.Sprintf("pods: one /24 per node, up to %d of %d /24s taken (%s)",
		env.AKS.Demand().PodCIDRBlocks(), 1<<max(24-cr.Prefix.Bits(), 0), env.AKS.NetworkPlugin)
}
