package stacks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/validation"
)

// Active-active regions must not upgrade together: a bad upgrade would take both down. Each
// region may override the cluster's maintenance windows, and in production two regions whose
// windows overlap are an error.

// regionAKS returns the cluster spec of region i: aks-platform:aks with the region's
// maintenance window overrides applied.
func (e *Environment) regionAKS(i int) aks.Spec {
	s := e.AKS
	r := e.Regions[i]
	if r.MaintenanceWindow != nil {
		s.MaintenanceWindow = *r.MaintenanceWindow
	}
	if r.NodeOSMaintenanceWindow != nil {
		s.NodeOSMaintenanceWindow = *r.NodeOSMaintenanceWindow
	}
	return s
}

// validateMaintenance checks each region's overrides with the cluster's own rules and, in
// production, that no two regions' windows of the same kind (auto-upgrade with auto-upgrade,
// node OS with node OS) share an hour. A window's interval in weeks is not considered: windows
// on the same weekday and hours count as overlapping even when they recur every other week.
func (e *Environment) validateMaintenance(ps *validation.Problems, production bool) {
	windows := map[string]func(aks.Spec) aks.MaintenanceWindow{
		"maintenanceWindow":       func(s aks.Spec) aks.MaintenanceWindow { return s.MaintenanceWindow },
		"nodeOsMaintenanceWindow": func(s aks.Spec) aks.MaintenanceWindow { return s.NodeOSMaintenanceWindow },
	}
	specs := make([]aks.Spec, len(e.Regions))
	for i, r := range e.Regions {
		specs[i] = e.regionAKS(i)
		if r.MaintenanceWindow == nil && r.NodeOSMaintenanceWindow == nil {
			continue
		}
		s := specs[i]
		s.SetDefaults(production)
		specs[i] = s
		var own validation.Problems
		own.Merge("", s.Validate(production))
		for _, p := range own {
			if strings.HasPrefix(p.Key, "maintenanceWindow") || strings.HasPrefix(p.Key, "nodeOsMaintenanceWindow") {
				ps.Addf(Key(validation.Index("regions", i)+"."+p.Key), "%s", p.Reason)
			}
		}
	}
	if !production {
		return
	}
	for _, key := range []string{"maintenanceWindow", "nodeOsMaintenanceWindow"} {
		for i := range specs {
			for j := 0; j < i; j++ {
				a, b := windows[key](specs[j]), windows[key](specs[i])
				if windowsOverlap(a, b) {
					ps.Addf(Key(validation.Index("regions", i)+"."+key),
						"%s overlaps regions[%d] (%s): active-active clusters would upgrade at the same time; give this region its own window",
						describeWindow(b), j, describeWindow(a))
				}
			}
		}
	}
}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// weekMinutes returns when w opens, in minutes since Monday 00:00 UTC, and how long it lasts.
// ok is false for a window that is unset or malformed (validation reports those).
func weekMinutes(w aks.MaintenanceWindow) (start, length int, ok bool) {
	day := -1
	for i, d := range weekdays {
		if d == w.Day {
			day = i
		}
	}
	hh, mm, found := strings.Cut(w.StartTime, ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	offset, okOffset := offsetMinutes(w.UTCOffset)
	if day < 0 || !found || errH != nil || errM != nil || !okOffset || w.DurationHours <= 0 {
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
