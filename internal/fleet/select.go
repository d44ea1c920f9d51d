package fleet

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Select returns the environments named in names (all when names is empty) that carry every
// label in labels, in fleet order. A name that is not in the fleet is an error, and so is a
// selection that matches nothing: a typo must not turn into "nothing to do".
func (f *File) Select(names []string, labels map[string]string) ([]Member, error) {
	byName := map[string]bool{}
	for _, e := range f.Environments {
		byName[e.Name] = true
	}
	want := map[string]bool{}
	var unknown []string
	for _, n := range names {
		if !byName[n] {
			unknown = append(unknown, n)
		}
		want[n] = true
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown environment %s; the fleet has %s",
			strings.Join(unknown, ", "), strings.Join(f.names(), ", "))
	}
	var out []Member
	for _, e := range f.Environments {
		if len(want) > 0 && !want[e.Name] {
			continue
		}
		if !hasLabels(e, labels) {
			continue
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no environment matches --env %s --label %s",
			strings.Join(names, ","), formatLabels(labels))
	}
	return out, nil
}

func (f *File) names() []string {
	out := make([]string, len(f.Environments))
	for i, e := range f.Environments {
		out[i] = e.Name
	}
	return out
}

func hasLabels(e Member, labels map[string]string) bool {
	for k, v := range labels {
		if got, ok := e.Labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

func formatLabels(labels map[string]string) string {
	var kv []string
	for k, v := range labels {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, ",")
}

// ParseLabels parses k=v selectors (each argument may hold several, comma separated).
func ParseLabels(args []string) (map[string]string, error) {
	out := map[string]string{}
	for _, arg := range args {
		for _, kv := range strings.Split(arg, ",") {
			if kv = strings.TrimSpace(kv); kv == "" {
				continue
			}
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, fmt.Errorf("label selector %q: want key=value", kv)
			}
			out[k] = v
		}
	}
	return out, nil
}

// Concurrency is how many environments run at once: defaults.concurrency, or 4.
func (f *File) Concurrency() int {
	if f.Defaults.Concurrency > 0 {
		return f.Defaults.Concurrency
	}
	return DefaultConcurrency
}

// Backend is the state backend URL: defaults.backend, else $PULUMI_BACKEND_URL, else "" (the
// CLI's own login). A leading ~ in a file:// URL is expanded to the home folder.
func (f *File) Backend() string {
	b := f.Defaults.Backend
	if b == "" {
		b = os.Getenv("PULUMI_BACKEND_URL")
	}
	return expandHome(b)
}

func expandHome(backend string) string {
	rest, ok := strings.CutPrefix(backend, "file://~")
	if !ok || (rest != "" && rest[0] != '/') {
		return backend
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return backend
	}
	return "file://" + filepath.ToSlash(filepath.Join(home, rest))
}
