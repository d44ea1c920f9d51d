package network

import (
	"net/netip"

	"github.com/aksplatform/platform/validation"
)

// Names Azure requires for the hub's special subnets, and the name of the hub's management
// subnet (any name would do; this one is fixed so that runners can be placed by name).
const (
	FirewallSubnetName   = "AzureFirewallSubnet"
	GatewaySubnetName    = "GatewaySubnet"
	BastionSubnetName    = "AzureBastionSubnet"
	ManagementSubnetName = "management"
)

// Default subnet sizes (prefix lengths). The hub's special subnet sizes are Azure's documented
// minimums; the management subnet's /27 (27 usable addresses) holds a handful of CI runners and
// jump hosts and fits a /24 hub next to them (/26 + /26 + /27 + /27).
const (
	FirewallSubnetBits    = 26
	GatewaySubnetBits     = 27
	BastionSubnetBits     = 26
	DefaultManagementBits = 27
	DefaultPublicBits     = 24 // Application Gateway v2 recommends a /24
	DefaultEndpointBits   = 27
)

// HubInput is the hub VNet's address space and the size of its management subnet (0 means
// the default /27; any size from the whole hub down to /29).
type HubInput struct {
	AddressSpace   netip.Prefix `json:"addressSpace"`
	ManagementBits int          `json:"managementSubnetPrefixLength,omitempty"`
}

// SpokeInput is a spoke's address space and optional subnet sizes (0 means the default:
// private takes half the spoke, public a /24, private endpoints a /27).
type SpokeInput struct {
	AddressSpace  netip.Prefix `json:"addressSpace"`
	PublicBits    int          `json:"publicSubnetPrefixLength,omitempty"`
	PrivateBits   int          `json:"privateSubnetPrefixLength,omitempty"`
	EndpointsBits int          `json:"endpointsSubnetPrefixLength,omitempty"`
}

// NamedRange is an address range used inside a cluster (pod or service CIDR) that must not
// collide with any VNet. Key is the config key reported in errors.
type NamedRange struct {
	Key    string
	Prefix netip.Prefix
}

// RegionInput is one region's share of the address plan.
type RegionInput struct {
	Location string
	Hub      HubInput
	Spoke    SpokeInput
	// ClusterRanges are the region's pod and service CIDRs: they must not overlap any VNet nor
	// each other.
	ClusterRanges []NamedRange
}

// PlanInput is what the address plan is computed from. Error keys are relative to it and
// mirror the stack config: regions[1].spoke.addressSpace.
type PlanInput struct {
	Regions []RegionInput
}

// Subnet is one carved subnet.
type Subnet struct {
	Name    string // Azure subnet name
	Purpose string // what it holds
	Prefix  netip.Prefix
}

// HubPlan is the hub VNet, its three special subnets and its management subnet.
type HubPlan struct {
	AddressSpace netip.Prefix
	Firewall     Subnet
	Gateway      Subnet
	Bastion      Subnet
	// Management holds the self-hosted CI runners and jump hosts that run `pulumi up` against
	// private API servers (see Hub).
	Management Subnet
}

// SpokePlan is a spoke VNet and its subnets.
type SpokePlan struct {
	AddressSpace netip.Prefix
	Public       Subnet // ingress: Application Gateway or the NGINX load balancer
	Private      Subnet // AKS nodes (and pods with Azure CNI)
	Endpoints    Subnet // private endpoints (Key Vault, ACR)
}

// RegionPlan is the address plan of one region.
type RegionPlan struct {
	Location string
	Hub      HubPlan
	Spoke    SpokePlan
}

// AddressPlan is the checked address plan of every region.
type AddressPlan struct {
	Regions []RegionPlan
}

// Subnets returns the hub's subnets in a stable order: the three special subnets, then the
// management subnet (the order in which the hub creates them).
func (h HubPlan) Subnets() []Subnet {
	return []Subnet{h.Firewall, h.Gateway, h.Bastion, h.Management}
}

// Subnets returns the spoke's subnets in a stable order.
func (s SpokePlan) Subnets() []Subnet { return []Subnet{s.Public, s.Private, s.Endpoints} }

// Region returns the plan of the region at location, and whether there is one. It is how a
// caller that holds a location (a stack building one region) finds that region's hub and spoke
// without keeping its own index. Locations are compared exactly, as Azure names them
// (westeurope); when a plan lists a location twice, which stacks rejects, the first one wins.
func (p *AddressPlan) Region(location string) (RegionPlan, bool) {
	for _, r := range p.Regions {
		if r.Location == location {
			return r, true
		}
	}
	return RegionPlan{}, false
}

type namedVNet struct {
	key    string
	prefix netip.Prefix
}

// NewAddressPlan carves every region's subnets and checks the whole plan: address spaces are
// valid IPv4 private ranges, no VNet overlaps another (across hubs, spokes and regions), each
// VNet holds its subnets, and no cluster range overlaps a VNet or another cluster range of
// its region. It returns every problem found, not only the first.
func NewAddressPlan(in PlanInput) (*AddressPlan, error) {
	var problems validation.Problems
	var vnets []namedVNet
	plan := &AddressPlan{}
	for i, r := range in.Regions {
		key := validation.Index("regions", i)
		rp := RegionPlan{Location: r.Location}
		hubKey := key + ".hub.addressSpace"
		spokeKey := key + ".spoke.addressSpace"
		if checkSpace(&problems, hubKey, r.Hub.AddressSpace) {
			vnets = append(vnets, namedVNet{hubKey, r.Hub.AddressSpace})
			rp.Hub = carveHub(&problems, key+".hub", r.Hub)
		}
		if checkSpace(&problems, spokeKey, r.Spoke.AddressSpace) {
			vnets = append(vnets, namedVNet{spokeKey, r.Spoke.AddressSpace})
			rp.Spoke = carveSpoke(&problems, key+".spoke", r.Spoke)
		}
		plan.Regions = append(plan.Regions, rp)
	}
	for i := range vnets {
		for j := 0; j < i; j++ {
			if vnets[i].prefix.Overlaps(vnets[j].prefix) {
				problems.Addf(vnets[i].key, "%s overlaps %s %s", vnets[i].prefix, vnets[j].key, vnets[j].prefix)
			}
		}
	}
	for _, r := range in.Regions {
		for i, cr := range r.ClusterRanges {
			if !cr.Prefix.IsValid() {
				continue
			}
			for _, v := range vnets {
				if cr.Prefix.Overlaps(v.prefix) {
					problems.Addf(cr.Key, "%s overlaps %s %s", cr.Prefix, v.key, v.prefix)
				}
			}
			for _, other := range r.ClusterRanges[:i] {
				if other.Prefix.IsValid() && cr.Prefix.Overlaps(other.Prefix) {
					problems.Addf(cr.Key, "%s overlaps %s %s", cr.Prefix, other.Key, other.Prefix)
				}
			}
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return plan, nil
}

// checkSpace reports whether p is usable as a VNet address space, recording why not.
func checkSpace(problems *validation.Problems, key string, p netip.Prefix) bool {
	switch {
	case !p.IsValid():
		problems.Addf(key, "is required (an IPv4 CIDR such as 10.1.0.0/16)")
	case !p.Addr().Is4():
		problems.Addf(key, "%s is not IPv4; the platform plans IPv4 address spaces", p)
	case p.Masked() != p:
		problems.Addf(key, "%s has host bits set; did you mean %s?", p, p.Masked())
	case !isPrivate(p):
		problems.Addf(key, "%s is not a private range (RFC 1918 or 100.64.0.0/10)", p)
	default:
		return true
	}
	return false
}

// privateRanges are the IPv4 ranges a VNet address space may come from.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

// isPrivate reports whether all of p, not only its first address, lies in one private range:
// 10.0.0.0/7 starts in 10.0.0.0/8 but also covers the public 11.0.0.0/8.
func isPrivate(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}
