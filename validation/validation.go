// Package validation collects configuration problems so that every one of them is reported at
// once, each naming the key it belongs to (for example aks-platform:aks.nodePools[1].maxCount).
package validation

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with the configuration: the key it concerns and why.
type Problem struct {
	Key    string
	Reason string
}

// Warnings are problems that do not stop a plan (a Kubernetes version near its end of
// support, a network plugin that Azure retires): printed, never returned as an error. Every
// component that can warn offers Warnings methods that return them, keyed like its problems.
type Warnings = Problems

// Required returns the error every NewX returns for nil args: one problem, keyed by the
// component's type token, so that a caller sees which component was built without args.
func Required(typeToken string) error {
	return &Error{Problems: Problems{{Key: typeToken, Reason: "args are required"}}}
}

func (p Problem) String() string {
	if p.Key == "" {
		return p.Reason
	}
	return p.Key + ": " + p.Reason
}

// Problems is an ordered list of problems; its zero value is ready to use.
type Problems []Problem

// Addf records a problem with key, formatting the reason like fmt.Sprintf.
func (ps *Problems) Addf(key, format string, args ...any) {
	*ps = append(*ps, Problem{Key: key, Reason: fmt.Sprintf(format, args...)})
}

// Merge appends the problems carried by err under prefix. An error that is not a *Error is
// recorded as one problem at prefix itself.
func (ps *Problems) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	if e, ok := err.(*Error); ok {
		for _, p := range e.Problems {
			*ps = append(*ps, Problem{Key: Join(prefix, p.Key), Reason: p.Reason})
		}
		return
	}
	*ps = append(*ps, Problem{Key: prefix, Reason: err.Error()})
}

// Prefix returns the problems with prefix joined before each key (see Join).
func (ps Problems) Prefix(prefix string) Problems {
	out := make(Problems, len(ps))
	for i, p := range ps {
		out[i] = Problem{Key: Join(prefix, p.Key), Reason: p.Reason}
	}
	return out
}

// Err returns nil when there are no problems and a *Error holding all of them otherwise.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Problems: append(Problems(nil), ps...)}
}

// Error is the error returned by Validate methods: every problem found, in the order found.
type Error struct {
	Problems Problems
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	if len(lines) == 1 {
		return lines[0]
	}
	return fmt.Sprintf("%d problems:\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// Keys returns the sorted keys of all problems; handy in tests.
func (e *Error) Keys() []string {
	keys := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		keys[i] = p.Key
	}
	sort.Strings(keys)
	return keys
}

// Thousands formats n with comma separators (2,294), as problems print sizes and counts.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Join joins a key prefix and a relative key: Join("aks", "nodePools[1]") is
// "aks.nodePools[1]", Join("regions", "[0].hub") is "regions[0].hub".
func Join(prefix, key string) string {
	switch {
	case prefix == "":
		return key
	case key == "":
		return prefix
	case strings.HasPrefix(key, "["):
		return prefix + key
	case strings.HasSuffix(prefix, ":"):
		return prefix + key
	default:
		return prefix + "." + key
	}
}

// Index returns the key of element i of the list at key: Index("nodePools", 1) is "nodePools[1]".
func Index(key string, i int) string {
	return fmt.Sprintf("%s[%d]", key, i)
}

// pinnedVersionRE matches an exact version such as 4.11.3, v1.16.2 or 1.2.3-rc.1+build.5: no
// range, no wildcard, no "latest".
var pinnedVersionRE = regexp.MustCompile(`^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// IsPinnedVersion reports whether v names exactly one chart version (semver, optional leading v).
func IsPinnedVersion(v string) bool { return pinnedVersionRE.MatchString(v) }

// PinnedVersion records a problem at key unless version is pinned (see IsPinnedVersion), so
// that a chart never moves without a config change. The reason suggests example as an exact
// version, or 1.2.3 when example is "".
func PinnedVersion(ps *Problems, key, version, example string) {
	if IsPinnedVersion(version) {
		return
	}
	if example == "" {
		example = "1.2.3"
	}
	ps.Addf(key, "%q is not a pinned chart version: use an exact version such as %s, not a range or latest", version, example)
}

var (
	dnsLabelRE = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	guidRE     = regexp.MustCompile(`^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$`)
)

// IsDNSLabel reports whether s is an RFC 1123 label of at most 63 characters: what Kubernetes
// requires of namespace names.
func IsDNSLabel(s string) bool { return len(s) <= 63 && dnsLabelRE.MatchString(s) }

// IsGUID reports whether s is shaped like an Entra ID object or tenant ID.
func IsGUID(s string) bool { return guidRE.MatchString(s) }
