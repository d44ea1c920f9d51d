// Package defaults holds the two helpers every component's SetDefaults uses, so that a dev and
// a prod default are always written in the same order (dev first, as the README tables read
// "dev / prod") and a value the user set is never overwritten.
package defaults

// Pick returns prod when production is true and dev otherwise.
func Pick[T any](production bool, dev, prod T) T {
	if production {
		return prod
	}
	return dev
}

// Set stores v in *p when *p is the zero value of T, leaving a user's value alone.
func Set[T comparable](p *T, v T) {
	var zero T
	if *p == zero {
		*p = v
	}
}

// SetPtr stores a pointer to v in *p when *p is nil: for optional booleans and numbers whose
// zero value is a real choice (false, 0) and must not be mistaken for "unset".
func SetPtr[T any](p **T, v T) {
	if *p == nil {
		*p = &v
	}
}

// True reports whether an optional boolean is set and true.
func True(b *bool) bool { return b != nil && *b }
