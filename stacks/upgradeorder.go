package stacks

import (
	"cmp"
	"slices"
)

// MaintenanceOrder returns the indexes of the regions in the order their auto-upgrade
// maintenance windows (regionAKS: the region's own, else aks.maintenanceWindow) come round in
// the week, starting after the longest pause between two windows: with northeurope on Sunday
// and westeurope on Tuesday, northeurope goes first and westeurope follows two days later, as
// their windows intend. A region whose window is unset or malformed comes last, in config
// order; regions with the same start keep config order.
func (e *Environment) MaintenanceOrder() []int {
	type start struct{ i, at int }
	var timed []start
	var untimed []int
	for i, r := range e.Regions {
		if at, _, ok := weekMinutes(e.regionAKS(r).MaintenanceWindow); ok {
			timed = append(timed, start{i, at})
		} else {
			untimed = append(untimed, i)
		}
	}
	slices.SortStableFunc(timed, func(a, b start) int { return cmp.Compare(a.at, b.at) })
	first, longest := 0, -1
	const week = 7 * 24 * 60
	for k := range timed {
		prev := timed[(k+len(timed)-1)%len(timed)].at
		if gap := ((timed[k].at-prev)%week + week) % week; gap > longest || (len(timed) == 1) {
			first, longest = k, gap
		}
	}
	out := make([]int, 0, len(e.Regions))
	for k := range timed {
		out = append(out, timed[(first+k)%len(timed)].i)
	}
	return append(out, untimed...)
}
