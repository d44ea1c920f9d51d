package stacks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/validation"
)

// Active-active regions must not upgrade together: a bad upgrade would take both down. Each
// region may override the cluster's maintenance windows, and in production two regions whose
// windows overlap are an error.

// regionAKS returns the cluster spec of region r: aks-platform:aks with the region's
// maintenance windows and Kubernetes version in place of the cluster's.
func (e *Environment) regionAKS(r RegionSpec) aks.Spec {
	s := e.AKS
	if r.KubernetesVersion != "" {
		s.KubernetesVersion = r.KubernetesVersion
	}
	if r.MaintenanceWindow != nil {
		s.MaintenanceWindow = *r.MaintenanceWindow
	}
	if r.NodeOSMaintenanceWindow != nil {
		s.NodeOSMaintenanceWindow = *r.NodeOSMaintenanceWindow
	}
	return s
}

// ClusterSpec returns the cluster spec of the region at location, as its cluster is built
// (aks-platform:aks with the region's overrides); ok is false for a location not in Regions.
func (e *Environment) ClusterSpec(location string) (spec aks.Spec, ok bool) {
	for _, r := range e.Regions {
		if r.Location == location {
			return e.regionAKS(r), true
		}
	}
	return aks.Spec{}, false
}

// maintenanceKeys are the keys of the two windows, the same under aks and under a region.
var maintenanceKeys = []string{"maintenanceWindow", "nodeOsMaintenanceWindow"}

// window returns the window of s at key (one of maintenanceKeys).
func window(s aks.Spec, key string) aks.MaintenanceWindow {
	if key == "maintenanceWindow" {
		return s.MaintenanceWindow
	}
	return s.NodeOSMaintenanceWindow
}

// validateMaintenance checks each region's overrides with the cluster's own rules and, in
// production, that no two regions' windows of the same kind (auto-upgrade with auto-upgrade,
// node OS with node OS) share an hour. A window's interval in weeks is not considered: windows
// on the same weekday and hours count as overlapping even when they recur every other week.
func (e *Environment) validateMaintenance(ps *validation.Problems, production bool) {
	specs := make([]aks.Spec, len(e.Regions))
	for i, r := range e.Regions {
		specs[i] = e.regionAKS(r)
		if r.MaintenanceWindow == nil && r.NodeOSMaintenanceWindow == nil {
			continue
		}
		var own validation.Problems
		own.Merge("", specs[i].Validate(production))
		for _, p := range own {
			for _, key := range maintenanceKeys {
				if p.Key == key || strings.HasPrefix(p.Key, key+".") {
					ps.Addf(Key(validation.Index("regions", i)+"."+p.Key), "%s", p.Reason)
				}
			}
		}
	}
	if !production {
		return
	}
	for _, key := range maintenanceKeys {
		for i := range specs {
			for j := 0; j < i; j++ {
				a, b := window(specs[j], key), window(specs[i], key)
				if windowsOverlap(a, b) {
					ps.Addf(Key(validation.Index("regions", i)+"."+key),
						"%s overlaps regions[%d] (%s): active-active clusters would upgrade at the same time; give this region its own window",
						describeWindow(b), j, describeWindow(a))
				}
			}
		}
	}
}

// weekday returns the place in the week (Monday 0) of a day as aks.Weekdays spells it; only the
// distance between days matters for overlap, so the week may start on any day.
func weekday(name string) (int, bool) {
	i := slices.Index(aks.Weekdays, name)
	return i, i >= 0
}

// weekMinutes returns when w opens, in minutes since Monday 00:00 UTC, and how long it lasts.
// ok is false for a window that is unset or malformed (validation reports those).
func weekMinutes(w aks.MaintenanceWindow) (start, length int, ok bool) {
	day, okDay := weekday(w.Day)
	hh, mm, found := strings.Cut(w.StartTime, ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	offset, okOffset := offsetMinutes(w.UTCOffset)
	if !okDay || !found || errH != nil || errM != nil || !okOffset || w.DurationHours <= 0 {
		return 0, 0, false
	}
	const week = 7 * 24 * 60
	start = ((day*24*60+h*60+m-offset)%week + week) % week
	return start, w.DurationHours * 60, true
}

func offsetMinutes(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	sign := 1
	switch s[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, false
	}
	hh, mm, found := strings.Cut(s[1:], ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	if !found || errH != nil || errM != nil {
		return 0, false
	}
	return sign * (h*60 + m), true
}

// windowsOverlap reports whether two weekly windows share any minute.
func windowsOverlap(a, b aks.MaintenanceWindow) bool {
	sa, la, okA := weekMinutes(a)
	sb, lb, okB := weekMinutes(b)
	if !okA || !okB {
		return false
	}
	const week = 7 * 24 * 60
	within := func(x, start, length int) bool { return ((x-start)%week+week)%week < length }
	return within(sa, sb, lb) || within(sb, sa, la)
}

func describeWindow(w aks.MaintenanceWindow) string {
	return fmt.Sprintf("%s %s%s, %d h", w.Day, w.StartTime, w.UTCOffset, w.DurationHours)
}
