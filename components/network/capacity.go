package network

import (
	"net/netip"

	"go4.org/netipx"

	"github.com/aksplatform/platform/validation"
)

// AzureReservedPerSubnet is how many addresses Azure keeps in every subnet: the network and
// broadcast addresses, the default gateway and two for Azure DNS.
const AzureReservedPerSubnet = 5

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

// IsAzureReserved reports whether Azure keeps addr of subnet for itself: the network address,
// the next three (gateway and Azure DNS) and the last address. A static IP (an internal load
// balancer's) must be none of them.
func IsAzureReserved(subnet netip.Prefix, addr netip.Addr) bool {
	a := subnet.Masked().Addr()
	for range AzureReservedPerSubnet - 1 {
		if addr == a {
			return true
		}
		a = a.Next()
	}
	return addr == netipx.PrefixLastIP(subnet)
}

// CheckCapacity returns nil when subnet holds need addresses after Azure's five reserved ones,
// and otherwise a *validation.Error with one problem keyed "" (so that Problems.Merge files it
// under the caller's key) that says what needs how many addresses, what the subnet holds and the
// prefix length that would fit. what is the subject of the sentence and may carry the sizing,
// e.g. "Azure CNI (74 nodes x (30 pods + 1))" for a node subnet, where need is
// nodes x (maxPods + 1): the reserved addresses are added here, never by the caller.
// https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets
func CheckCapacity(subnet netip.Prefix, need int, what string) error {
	var ps validation.Problems
	switch {
	case !subnet.IsValid() || !subnet.Addr().Is4():
		ps.Addf("", "%s needs %s addresses but subnet %s is not an IPv4 prefix", what, validation.Thousands(need), subnet)
	case Usable(subnet) < need:
		ps.Addf("", "%s needs %s addresses but subnet %s holds %s usable (%s minus %d reserved by Azure); use a /%d or larger",
			what, validation.Thousands(need), subnet, validation.Thousands(Usable(subnet)), validation.Thousands(1<<(32-subnet.Bits())),
			AzureReservedPerSubnet, BitsFor(need))
	}
	return ps.Err()
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
