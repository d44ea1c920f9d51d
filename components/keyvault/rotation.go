package keyvault

import (
	"strconv"
	"time"

	"github.com/aksplatform/platform/components/keyvault/lifetime"
)

// schedule is when a generated secret's current value is replaced and when it expires.
type schedule struct {
	// keepers are the random.RandomPassword keepers: they change when a new window starts, so
	// the next `pulumi up` regenerates the value.
	keepers map[string]string
	// rotateAfter is the start of the next window; expires is the secret's attributes.exp.
	// Both count from the window's start, never from the moment of the run, so that repeated
	// runs within a window change nothing (each change would write a new secret version).
	rotateAfter, expires time.Time
}

// rotation computes a secret's schedule at now; Validate guarantees rotationDays > 0 and
// expiresAfterDays > rotationDays, so the expiry always follows the rotation.
func rotation(now time.Time, rotationDays, expiresAfterDays int) schedule {
	start, next := lifetime.Window(now, rotationDays)
	return schedule{
		keepers: map[string]string{
			"rotationDays":        strconv.Itoa(rotationDays),
			"rotationPeriodStart": start.Format(time.DateOnly),
		},
		rotateAfter: next,
		expires:     start.AddDate(0, 0, expiresAfterDays),
	}
}
