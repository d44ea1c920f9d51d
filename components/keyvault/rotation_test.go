package keyvault

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRotationChangesAtBoundary(t *testing.T) {
	before := time.Date(2025, 3, 12, 23, 59, 59, 0, time.UTC)
	after := before.Add(2 * time.Second)
	s1 := rotation(before, 90, 120)
	s2 := rotation(after, 90, 120)
	assert.NotEqual(t, s1.keepers, s2.keepers, "a new window must change the keepers")
	assert.Equal(t, "2025-03-13", s1.rotateAfter.Format(time.DateOnly))
	assert.Equal(t, "2025-04-12", s1.expires.Format(time.DateOnly), "window start 2024-12-13 + 120 days")
	assert.Equal(t, "2025-06-11", s2.rotateAfter.Format(time.DateOnly))
	assert.Equal(t, "2025-07-11", s2.expires.Format(time.DateOnly), "window start 2025-03-13 + 120 days")

	same := rotation(before.Add(-24*time.Hour), 90, 120)
	assert.Equal(t, s1, same, "within a window nothing changes, the expiry included")
}

// Whatever the day of the run, the expiry follows the rotation by expiresAfterDays -
// rotationDays and lies in the future.
func TestExpiryFollowsRotation(t *testing.T) {
	for _, tc := range []struct{ rotation, expiry int }{{1, 2}, {30, 60}, {90, 120}, {365, 366}} {
		for d := range 400 {
			now := time.Date(2026, 1, 1, 13, 0, 0, 0, time.UTC).AddDate(0, 0, d)
			s := rotation(now, tc.rotation, tc.expiry)
			assert.Equal(t, tc.expiry-tc.rotation, int(s.expires.Sub(s.rotateAfter).Hours()/24), "%+v on %s", tc, now)
			assert.True(t, s.rotateAfter.After(now), "%+v on %s: rotation ahead", tc, now)
		}
	}
}
