package lifetime

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWindow(t *testing.T) {
	cases := []struct {
		now         string
		days        int
		start, next string
	}{
		{"1970-01-01T00:00:00Z", 30, "1970-01-01", "1970-01-31"},
		{"1970-01-30T23:59:59Z", 30, "1970-01-01", "1970-01-31"},
		{"1970-01-31T00:00:00Z", 30, "1970-01-31", "1970-03-02"},
		{"2025-03-10T12:00:00Z", 1, "2025-03-10", "2025-03-11"},
		// 2025-03-10 is day 20157 since the epoch; 20157 = 223*90 + 87, so the window began on
		// day 20070 (2024-12-13) and the next begins on day 20160 (2025-03-13).
		{"2025-03-10T12:00:00Z", 90, "2024-12-13", "2025-03-13"},
		{"2025-03-13T00:30:00+01:00", 90, "2024-12-13", "2025-03-13"}, // still 2025-03-12 in UTC
		{"2025-03-13T00:00:00Z", 90, "2025-03-13", "2025-06-11"},
		{"1969-12-31T23:00:00Z", 7, "1969-12-25", "1970-01-01"},
	}
	for _, tc := range cases {
		now, err := time.Parse(time.RFC3339, tc.now)
		assert.NoError(t, err)
		start, next := Window(now, tc.days)
		assert.Equal(t, tc.start, start.Format(time.DateOnly), "%s every %d days: start", tc.now, tc.days)
		assert.Equal(t, tc.next, next.Format(time.DateOnly), "%s every %d days: next", tc.now, tc.days)
	}
}
