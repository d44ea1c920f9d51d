// Package lifetime is when a generated Key Vault secret rotates and expires, as plain values:
// the keyvault component computes both dates from it, and the policy pack and the plan view
// read them back from the secret's inputs through the names it declares, so the three agree.
package lifetime

import "time"

// RotateAfterTag is the tag on each generated Key Vault secret that holds the UTC date
// (YYYY-MM-DD) from which the next `pulumi up` regenerates it. Key Vault has no property for
// it; the tag shows it next to the expiry, in the portal and in the plan.
const RotateAfterTag = "rotateAfter"

// ExpiresProperty is the Pulumi input path of a Key Vault secret's expiry (ARM
// attributes.exp): seconds since the Unix epoch.
const ExpiresProperty = "properties.attributes.expires"

const day = 24 * time.Hour

// Window returns the start of the rotationDays-long window that holds now, counting windows
// from the Unix epoch in UTC, and the start of the next one. rotationDays must be > 0.
func Window(now time.Time, rotationDays int) (start, next time.Time) {
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
