// Package releases is the AKS Kubernetes release calendar: for each minor version, when AKS
// made it generally available, when its community support ends and, for versions AKS offers
// long-term support (LTS) on, when that ends. It is the one place these dates live: the aks
// component's validation and the policy pack's aks-kubernetes-version rule both judge a version
// with it, on a day they are given, so a plan is reproducible and both give the same verdict.
//
// The package is a leaf (standard library only) so that the pure policy rules may import it.
package releases

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Source is the page the calendar is copied from ("AKS Kubernetes release calendar" and "LTS
// versions" tables), and ReadOn the day it was read (the page then carried ms.date 2026-08-05).
// Update both together when AKS publishes a new minor version: a version newer than the
// calendar is rejected until it is added here.
const (
	Source = "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions"
	ReadOn = "2026-11-30"
)

// WarnDays is how long before the end of its support a version draws a warning: enough for
// one upgrade cycle through dev and prod.
const WarnDays = 60

// Release is one AKS minor version in the calendar.
type Release struct {
	// Minor is "major.minor", e.g. "1.34".
	Minor string
	// GA is the first day of the month AKS made the version generally available (the page
	// gives months; AKS rolls a release out over up to ten business days).
	GA time.Time
	// End is the last day of community support. The page gives a month, meaning its last
	// day, unless it names a day.
	End time.Time
	// LTSEnd is the last day of long-term support, zero when AKS offers no LTS for the version.
	LTSEnd time.Time
}

// The calendar, oldest first: the "AKS Kubernetes release calendar" table for GA and end of
// life, the "LTS versions" table for LTS end of life (which also lists the versions already
// out of community support, with their GA and end-of-life dates).
var calendar = []Release{
	{"1.27", month(2023, 7), endOf(2024, 7), endOf(2025, 7)},
	{"1.28", month(2023, 11), endOf(2025, 1), endOf(2026, 2)},
	{"1.29", month(2024, 3), endOf(2025, 3), endOf(2026, 4)},
	{"1.30", month(2024, 7), day(2025, 8, 22), endOf(2026, 7)},
	{"1.31", month(2024, 11), day(2025, 11, 1), endOf(2026, 11)},
	{"1.32", month(2025, 4), endOf(2026, 3), endOf(2027, 3)},
	{"1.33", month(2025, 6), endOf(2026, 7), endOf(2027, 7)},
	{"1.34", month(2025, 11), endOf(2026, 11), endOf(2027, 11)},
	{"1.35", month(2026, 3), endOf(2027, 3), endOf(2028, 3)},
	{"1.36", month(2026, 6), endOf(2027, 6), endOf(2028, 6)},
	{"1.37", month(2026, 10), endOf(2027, 10), endOf(2028, 10)},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
func month(y int, m time.Month) time.Time      { return day(y, m, 1) }
func endOf(y int, m time.Month) time.Time      { return month(y, m).AddDate(0, 1, -1) }

// Calendar returns every release the calendar knows, oldest first.
func Calendar() []Release { return append([]Release(nil), calendar...) }

// Latest is the newest release in the calendar.
func Latest() Release { return calendar[len(calendar)-1] }

// Known describes the calendar's range for messages: "1.27 to 1.37 (source, read 2026-11-30)".
func Known() string {
	return fmt.Sprintf("%s to %s (%s, read %s)", calendar[0].Minor, Latest().Minor, Source, ReadOn)
}

// Today returns the calendar day of t in UTC, or of the current time when t is zero: the day
// a plan is judged on. Callers pass a fixed day for reproducible plans and tests.
func Today(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	t = t.UTC()
	return day(t.Year(), t.Month(), t.Day())
}

// ParseMinor parses "1.34", "1.34.2" or "v1.34" into its major and minor numbers.
func ParseMinor(v string) (major, minor int, ok bool) {
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(v), "v"), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, false
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || p[0] == '+' {
			return 0, 0, false
		}
		nums[i] = n
	}
	return nums[0], nums[1], true
}

// Phase is where a version stands on a given day.
type Phase string

// Phases of a version's life in AKS.
const (
	// Newer: the version is newer than every release the calendar knows.
	Newer Phase = "newer than the calendar"
	// Older: the version is older than every release the calendar knows: long out of support.
	Older Phase = "older than the calendar"
	// Preview: listed, but not GA yet on the day.
	Preview Phase = "preview"
	// Community: GA and within community support.
	Community Phase = "community support"
	// LongTerm: past community support, within its LTS window.
	LongTerm Phase = "long-term support"
	// Ended: past every support window.
	Ended Phase = "out of support"
)

// Status is a version judged on a day.
type Status struct {
	Version string    // as written
	Day     time.Time // the day judged
	Phase   Phase
	Release Release // zero for Newer and Older
}

// StatusOn judges version ("major.minor" or "major.minor.patch") on day (zero: today).
func StatusOn(version string, on time.Time) (Status, error) {
	major, minor, ok := ParseMinor(version)
	if !ok {
		return Status{}, fmt.Errorf("%q is not a Kubernetes version (major.minor or major.minor.patch)", version)
	}
	st := Status{Version: version, Day: Today(on)}
	key := strconv.Itoa(major) + "." + strconv.Itoa(minor)
	for _, r := range calendar {
		if r.Minor == key {
			st.Release = r
			switch {
			case st.Day.Before(r.GA):
				st.Phase = Preview
			case !st.Day.After(r.End):
				st.Phase = Community
			case !r.LTSEnd.IsZero() && !st.Day.After(r.LTSEnd):
				st.Phase = LongTerm
			default:
				st.Phase = Ended
			}
			return st, nil
		}
	}
	st.Phase = Older
	if lm, ln, _ := ParseMinor(Latest().Minor); major > lm || (major == lm && minor > ln) {
		st.Phase = Newer
	}
	return st, nil
}

// Supported reports whether the version may run on the day: in community support, or in its
// LTS window when the cluster has long-term support (Premium tier with the AKSLongTermSupport
// plan; learn.microsoft.com/azure/aks/long-term-support).
func (s Status) Supported(lts bool) bool {
	return s.Phase == Community || (s.Phase == LongTerm && lts)
}

// End is the last day of the support that covers the cluster: the LTS end with long-term
// support (when the version has LTS), the community end otherwise.
func (s Status) End(lts bool) time.Time {
	if lts && !s.Release.LTSEnd.IsZero() {
		return s.Release.LTSEnd
	}
	return s.Release.End
}

// Problem says why the version may not run on the day, or "" when it may.
func (s Status) Problem(lts bool) string {
	r := s.Release
	upgrade := fmt.Sprintf("use %s (supported until %s)", Latest().Minor, date(Latest().End))
	switch {
	case s.Supported(lts):
		return ""
	case s.Phase == Newer:
		return fmt.Sprintf("%s is newer than the AKS release calendar, which knows %s; add it to components/aks/releases once AKS has it GA",
			s.Version, Known())
	case s.Phase == Older:
		return fmt.Sprintf("%s is older than every version in the AKS release calendar (%s) and out of support; %s",
			s.Version, Known(), upgrade)
	case s.Phase == Preview:
		return fmt.Sprintf("%s is not GA on AKS before %s (%s); %s", s.Version, r.GA.Format("January 2006"), Source, upgrade)
	case s.Phase == LongTerm:
		return fmt.Sprintf("%s left AKS community support on %s; only long-term support (Premium tier with support plan AKSLongTermSupport) covers it, until %s (%s); or %s",
			s.Version, date(r.End), date(r.LTSEnd), Source, upgrade)
	case r.LTSEnd.IsZero():
		return fmt.Sprintf("%s left AKS support on %s (%s); %s", s.Version, date(r.End), Source, upgrade)
	default:
		return fmt.Sprintf("%s left AKS support on %s, long-term support included (%s); %s", s.Version, date(r.LTSEnd), Source, upgrade)
	}
}

// Warning says, for a supported version whose support ends within WarnDays of the day, when
// it ends; "" otherwise.
func (s Status) Warning(lts bool) string {
	if !s.Supported(lts) {
		return ""
	}
	end := s.End(lts)
	left := int(end.Sub(s.Day).Hours() / 24)
	if left > WarnDays {
		return ""
	}
	what := "community support"
	if s.Phase == LongTerm || (lts && !s.Release.LTSEnd.IsZero()) {
		what = "long-term support"
	}
	return fmt.Sprintf("%s's AKS %s ends on %s, in %d days (%s); plan the upgrade to %s", s.Version, what, date(end), left, Source, Latest().Minor)
}

func date(t time.Time) string { return t.Format(time.DateOnly) }
