package keyvault

import (
	"strconv"
	"time"
)

// Never is the RotateAfter value of a secret that does not rotate.
const Never = "never"

const day = 24 * time.Hour

// RotationWindow returns the start of the rotationDays-long window that holds now, counting
// windows from the Unix epoch in UTC, and the start of the next one. rotationDays must be > 0.
func RotationWindow(now time.Time, rotationDays int) (start, next time.Time) {
	days := floorDiv(now.Unix(), int64(day/time.Second))
	first := floorDiv(days, int64(rotationDays)) * int64(rotationDays)
	start = time.Unix(first*int64(day/time.Second), 0).UTC()
	return start, start.AddDate(0, 0, rotationDays)
}

// floorDiv divides rounding toward minus infinity, so that times before the epoch fall into
// the window that holds them.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// rotation returns the random.RandomPassword keepers for a secret and its RotateAfter value.
// The keepers change when a new window starts, so the next `pulumi up` regenerates the value.
func rotation(now time.Time, rotationDays int) (keepers map[string]string, rotateAfter string) {
	if rotationDays == 0 {
		return map[string]string{"rotation": Never}, Never
	}
	start, next := RotationWindow(now, rotationDays)
	return map[string]string{
		"rotationDays":        strconv.Itoa(rotationDays),
		"rotationPeriodStart": start.Format(time.DateOnly),
	}, next.Format(time.DateOnly)
}
