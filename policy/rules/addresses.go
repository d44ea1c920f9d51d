package rules

import (
	"net/netip"
	"strings"
)

// Widest prefixes still judged as scoped address ranges. Anything wider spans public address
// space far beyond one organisation: no private IPv4 block is wider than /8, and an IPv6 /3
// holds the whole global unicast space (2000::/3).
const (
	widestScopedIPv4 = 8
	widestScopedIPv6 = 4
)

// openRange reports whether an address prefix as written in Azure admits the internet at large:
// the keywords "*", "Any" and "Internet" in any casing, 0.0.0.0/0 and ::/0, and every range wider
// than a /8 (IPv4) or /4 (IPv6), so that splitting 0.0.0.0/0 into 0.0.0.0/1 and 128.0.0.0/1 does
// not get past a rule.
func openRange(s string) bool {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "*", "any", "internet":
		return true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return false
	}
	if p.Addr().Unmap().Is4() {
		bits := p.Bits()
		if p.Addr().Is4In6() {
			bits -= 96
		}
		return bits < widestScopedIPv4
	}
	return p.Bits() < widestScopedIPv6
}
