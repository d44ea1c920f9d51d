package releases

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCalendarIsOrderedAndConsistent(t *testing.T) {
	cal := Calendar()
	require.NotEmpty(t, cal)
	for i, r := range cal {
		assert.True(t, r.GA.Before(r.End), "%s: GA before end", r.Minor)
		if !r.LTSEnd.IsZero() {
			assert.True(t, r.End.Before(r.LTSEnd), "%s: LTS after community support", r.Minor)
		}
		if i > 0 {
			pm, pn, _ := ParseMinor(cal[i-1].Minor)
			m, n, ok := ParseMinor(r.Minor)
			require.True(t, ok)
			assert.Equal(t, [2]int{pm, pn + 1}, [2]int{m, n}, "consecutive minors")
		}
	}
	cal[0].Minor = "changed"
	assert.NotEqual(t, "changed", Calendar()[0].Minor, "Calendar returns a copy")
}

func TestStatusOn(t *testing.T) {
	on := func(s string) time.Time { d, err := time.Parse(time.DateOnly, s); require.NoError(t, err); return d }
	cases := []struct {
		version, day string
		lts          bool
		phase        Phase
		supported    bool
		problem      string // substring of Problem, when not supported
		warns        bool
	}{
		{"1.37", "2026-11-30", false, Community, true, "", false},
		{"1.37.2", "2026-11-30", false, Community, true, "", false},
		{"1.34", "2026-11-30", false, Community, true, "", true}, // ends that very day
		{"1.34", "2026-10-01", false, Community, true, "", true}, // 60 days before
		{"1.34", "2026-09-30", false, Community, true, "", false},
		{"1.34", "2026-12-01", false, LongTerm, false, "Premium tier with support plan AKSLongTermSupport", false},
		{"1.34", "2026-12-01", true, LongTerm, true, "", false},
		{"1.32", "2026-11-30", false, LongTerm, false, "left AKS community support on 2026-03-31", false},
		{"1.32", "2026-11-30", true, LongTerm, true, "", false},
		{"1.32", "2027-02-01", true, LongTerm, true, "", true},
		{"1.32", "2027-04-01", true, Ended, false, "long-term support included", false},
		{"1.30", "2025-08-22", false, Community, true, "", true}, // an explicit end day counts
		{"1.30", "2025-08-23", false, LongTerm, false, "2025-08-22", false},
		{"1.37", "2026-09-30", false, Preview, false, "not GA on AKS before October 2026", false},
		{"1.38", "2026-11-30", false, Newer, false, "newer than the AKS release calendar, which knows 1.27 to 1.37", false},
		{"2.0", "2026-11-30", false, Newer, false, "newer", false},
		{"1.26", "2026-11-30", true, Older, false, "older than every version", false},
		{"v1.35", "2026-11-30", false, Community, true, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.version+"@"+tc.day, func(t *testing.T) {
			st, err := StatusOn(tc.version, on(tc.day))
			require.NoError(t, err)
			assert.Equal(t, tc.phase, st.Phase)
			assert.Equal(t, tc.supported, st.Supported(tc.lts))
			if tc.supported {
				assert.Empty(t, st.Problem(tc.lts))
			} else {
				assert.Contains(t, st.Problem(tc.lts), tc.problem)
				assert.Contains(t, st.Problem(tc.lts), Source, "every verdict cites the calendar's page")
			}
			assert.Equal(t, tc.warns, st.Warning(tc.lts) != "", "warning: %q", st.Warning(tc.lts))
		})
	}
}

func TestStatusOnRejectsNonVersions(t *testing.T) {
	for _, v := range []string{"", "latest", "1", "1.x", "1.2.3.4", "-1.2", "1.+2"} {
		_, err := StatusOn(v, time.Time{})
		assert.Error(t, err, v)
	}
}

func TestTodayIsADayInUTC(t *testing.T) {
	d := Today(time.Date(2026, 11, 30, 23, 30, 0, 0, time.FixedZone("x", -3*3600)))
	assert.Equal(t, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), d)
	assert.False(t, Today(time.Time{}).IsZero(), "zero means now")
}
