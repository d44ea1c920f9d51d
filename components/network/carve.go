package network

import (
	"net/netip"

	"go4.org/netipx"

	"github.com/aksplatform/platform/validation"
)

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

// carveHub takes the three special subnets in their Azure minimum sizes, then the management
// subnet. key is the hub's config key (regions[0].hub).
func carveHub(problems *validation.Problems, key string, in HubInput) HubPlan {
	space := in.AddressSpace
	h := HubPlan{AddressSpace: space}
	mgmt := in.ManagementBits
	if mgmt == 0 {
		mgmt = DefaultManagementBits
	} else if mgmt < space.Bits() || mgmt > 29 {
		problems.Addf(key+".managementSubnetPrefixLength", "/%d must be between /%d (the whole hub) and /29", mgmt, space.Bits())
		return h
	}
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
		{&h.Management, ManagementSubnetName, "CI runners and jump hosts", mgmt},
	} {
		p, ok := c.take(s.bits)
		if !ok {
			problems.Addf(key+".addressSpace", "%s has no room for %s /%d (the hub holds a /26 firewall, a /26 bastion, a /27 gateway and a /%d management subnet: a /24 at least with the default /27)",
				space, s.name, s.bits, mgmt)
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
	// Defaults never go past /29, the smallest subnet Azure allows, so that a spoke too small
	// for them is reported with sizes that exist.
	private := bits(in.PrivateBits, min(space.Bits()+1, 29))
	public := bits(in.PublicBits, min(max(DefaultPublicBits, space.Bits()+2), 29))
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
