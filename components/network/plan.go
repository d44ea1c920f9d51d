package network

import (
	"fmt"
	"net/netip"

	"go4.org/netipx"

	"github.com/aksplatform/platform/validation"
)

// AzureReservedPerSubnet is how many addresses Azure keeps in every subnet: the network and
// broadcast addresses, the default gateway and two for Azure DNS.
const AzureReservedPerSubnet = 5

// Names Azure requires for the hub's special subnets.
const (
	FirewallSubnetName = "AzureFirewallSubnet"
	GatewaySubnetName  = "GatewaySubnet"
	BastionSubnetName  = "AzureBastionSubnet"
)

// Default subnet sizes (prefix lengths). The hub sizes are Azure's documented minimums.
const (
	FirewallSubnetBits  = 26
	GatewaySubnetBits   = 27
	BastionSubnetBits   = 26
	DefaultPublicBits   = 24 // Application Gateway v2 recommends a /24
	DefaultEndpointBits = 27
)

// Usable returns how many addresses of p Azure lets resources use (total minus the five
// reserved), or 0 when the subnet is too small to hold any.
func Usable(p netip.Prefix) int {
	host := p.Addr().BitLen() - p.Bits()
	if host >= 31 {
		return 1<<31 - 1
	}
	n := (1 << host) - AzureReservedPerSubnet
	if n < 0 {
		return 0
	}
	return n
}

// CheckCapacity returns an error naming key when subnet cannot hold need addresses.
func CheckCapacity(subnet netip.Prefix, need int, what string) error {
	if have := Usable(subnet); have < need {
		return fmt.Errorf("%s needs %d addresses but %s holds %d usable (%d minus %d reserved by Azure); use a /%d or larger",
			what, need, subnet, have, 1<<(32-subnet.Bits()), AzureReservedPerSubnet, BitsFor(need))
	}
	return nil
}

// BitsFor returns the longest IPv4 prefix length whose subnet holds need usable addresses.
func BitsFor(need int) int {
	for bits := 29; bits >= 0; bits-- {
		if (1<<(32-bits))-AzureReservedPerSubnet >= need {
			return bits
		}
	}
	return 0
}

// HubInput is the hub VNet's address space.
type HubInput struct {
	AddressSpace netip.Prefix `json:"addressSpace"`
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

// HubPlan is the hub VNet and its three special subnets.
type HubPlan struct {
	AddressSpace netip.Prefix
	Firewall     Subnet
	Gateway      Subnet
	Bastion      Subnet
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

// Subnets returns the hub's special subnets in a stable order.
func (h HubPlan) Subnets() []Subnet { return []Subnet{h.Firewall, h.Gateway, h.Bastion} }

// Subnets returns the spoke's subnets in a stable order.
func (s SpokePlan) Subnets() []Subnet { return []Subnet{s.Public, s.Private, s.Endpoints} }

// Region returns the plan of the region at location, and whether there is one.
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
			rp.Hub = carveHub(&problems, hubKey, r.Hub.AddressSpace)
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

// carver hands out aligned, non-overlapping prefixes from an address space.
type carver struct {
	free *netipx.IPSet
}

func newCarver(space netip.Prefix) *carver {
	var b netipx.IPSetBuilder
	b.AddPrefix(space)
	set, _ := b.IPSet()
	return &carver{free: set}
}

func (c *carver) take(bits int) (netip.Prefix, bool) {
	p, rest, ok := c.free.RemoveFreePrefix(uint8(bits))
	if ok {
		c.free = rest
	}
	return p, ok
}

func carveHub(problems *validation.Problems, key string, space netip.Prefix) HubPlan {
	h := HubPlan{AddressSpace: space}
	c := newCarver(space)
	for _, s := range []struct {
		dst     *Subnet
		name    string
		purpose string
		bits    int
	}{
		{&h.Firewall, FirewallSubnetName, "Azure Firewall", FirewallSubnetBits},
		{&h.Bastion, BastionSubnetName, "Azure Bastion", BastionSubnetBits},
		{&h.Gateway, GatewaySubnetName, "VPN / ExpressRoute gateway", GatewaySubnetBits},
	} {
		p, ok := c.take(s.bits)
		if !ok {
			problems.Addf(key, "%s has no room for %s /%d (the hub needs a /26 firewall, a /26 bastion and a /27 gateway subnet: a /24 at least)",
				space, s.name, s.bits)
			return h
		}
		*s.dst = Subnet{Name: s.name, Purpose: s.purpose, Prefix: p}
	}
	return h
}

func carveSpoke(problems *validation.Problems, key string, in SpokeInput) SpokePlan {
	s := SpokePlan{AddressSpace: in.AddressSpace}
	space := in.AddressSpace
	bits := func(v, def int) int {
		if v == 0 {
			return def
		}
		return v
	}
	private := bits(in.PrivateBits, min(space.Bits()+1, 29))
	public := bits(in.PublicBits, max(DefaultPublicBits, space.Bits()+2))
	endpoints := bits(in.EndpointsBits, DefaultEndpointBits)
	subnets := []struct {
		dst     *Subnet
		field   string
		name    string
		purpose string
		bits    int
		set     bool // given in the input rather than defaulted
	}{
		{&s.Private, "privateSubnetPrefixLength", "private", "AKS nodes", private, in.PrivateBits != 0},
		{&s.Public, "publicSubnetPrefixLength", "public", "ingress (Application Gateway / load balancer)", public, in.PublicBits != 0},
		{&s.Endpoints, "endpointsSubnetPrefixLength", "private-endpoints", "private endpoints", endpoints, in.EndpointsBits != 0},
	}
	ok, tooSmall := true, false
	for _, sub := range subnets {
		if sub.bits >= space.Bits() && sub.bits <= 29 {
			continue
		}
		ok = false
		switch {
		case sub.set:
			problems.Addf(key+"."+sub.field, "/%d must be between /%d (the whole spoke) and /29", sub.bits, space.Bits())
		case !tooSmall:
			// A default size is out of range only because the spoke itself is too small.
			tooSmall = true
			problems.Addf(key+".addressSpace", "%s is too small for the default %s subnet /%d; use a /25 or larger",
				space, sub.name, sub.bits)
		}
	}
	if !ok {
		return s
	}
	// Largest first keeps every subnet aligned without wasting space.
	order := []int{0, 1, 2}
	for i := range order {
		for j := i + 1; j < len(order); j++ {
			if subnets[order[j]].bits < subnets[order[i]].bits {
				order[i], order[j] = order[j], order[i]
			}
		}
	}
	c := newCarver(space)
	for _, idx := range order {
		sub := subnets[idx]
		p, ok := c.take(sub.bits)
		if !ok {
			problems.Addf(key+".addressSpace", "%s has no room left for the %s subnet /%d (private /%d + public /%d + private-endpoints /%d); use a larger address space or smaller subnets",
				space, sub.name, sub.bits, private, public, endpoints)
			return s
		}
		*sub.dst = Subnet{Name: sub.name, Purpose: sub.purpose, Prefix: p}
	}
	return s
}
