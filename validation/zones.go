package validation

import "slices"

// AvailabilityZones are the zone names Azure uses in every region that has zones.
// https://learn.microsoft.com/azure/reliability/availability-zones-overview
var AvailabilityZones = []string{"1", "2", "3"}

// Zones records a problem at key[i] for every entry of zones that is not an availability
// zone or that repeats an earlier one.
func Zones(ps *Problems, key string, zones []string) {
	seen := map[string]bool{}
	for i, z := range zones {
		k := Index(key, i)
		switch {
		case !slices.Contains(AvailabilityZones, z):
			ps.Addf(k, "%q is not an availability zone: one of 1, 2, 3", z)
		case seen[z]:
			ps.Addf(k, "zone %s is listed twice", z)
		}
		seen[z] = true
	}
}
