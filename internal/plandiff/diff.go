// Package plandiff compares two offline plans of the platform (internal/plan graphs, or
// plans saved with `aksplatform plan --format json`) and says what a deployment of the second
// would do to the first: resources added, removed, replaced or updated, with each changed
// input. Replacements are called out: a change of a resource's name, location or of an input
// that Azure documents as create-only (CreateOnly) recreates it, which for a cluster, a vault
// or a VNet is the one thing a reviewer must not miss. Secret values never appear: a changed
// secret says so without its values. No cloud and no state are needed, so CI can attach the
// diff to a pull request.
package plandiff

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"sort"
)

// Kind is what a deployment does to one resource.
type Kind string

// Kinds, in the order the diff lists them.
const (
	Replace Kind = "replace"
	Remove  Kind = "remove"
	Add     Kind = "add"
	Update  Kind = "update"
)

var kindOrder = map[Kind]int{Replace: 0, Remove: 1, Add: 2, Update: 3}

// Secret is how a secret value is shown: never its content.
const Secret = "[secret]"

// Unknown is how a value the offline plan cannot know is shown.
const Unknown = "[unknown until deployed]"

// Resource is one resource of a plan as the diff sees it: inputs as plain values (maps,
// slices, strings, float64, bool, nil) with secrets wrapped in secretValue.
type Resource struct {
	URN       string
	Type      string
	Name      string
	Component bool
	Inputs    map[string]any
}

// Plan is the resources of one offline plan by URN.
type Plan struct {
	Stack     string
	Resources map[string]*Resource
}

// secretValue is a secret input. Its value is kept to tell whether the secret changed, and
// never printed; a plan read from JSON has lost it (the file shows Secret), so between a saved
// plan and a new one a changed secret is not seen.
type secretValue struct {
	v      any
	opaque bool // read from a saved plan: the value is not known
}

// InputChange is one input that differs.
type InputChange struct {
	// Path is the input's dotted path (networkProfile.podCidr, agentPoolProfiles[0].count).
	Path string `json:"path"`
	// From and To are the values before and after; absent means the input was not set.
	// Secrets show as "[secret]".
	From any `json:"from,omitempty"`
	To   any `json:"to,omitempty"`
	// Secret is set when the input is secret on either side: only the fact of the change shows.
	Secret bool `json:"secret,omitempty"`
	// Replaces is set when this change alone makes the resource a new one.
	Replaces bool `json:"replaces,omitempty"`
}

// Change is what happens to one resource.
type Change struct {
	Kind      Kind          `json:"kind"`
	Type      string        `json:"type"`
	Name      string        `json:"name"`
	URN       string        `json:"urn"`
	Component bool          `json:"component,omitempty"`
	Inputs    []InputChange `json:"inputs,omitempty"`
}

// Diff is every change between two plans, replacements first, then removals, additions and
// updates, each by URN: the same two plans always give the same diff.
type Diff struct {
	From, To  string
	Changes   []Change
	Unchanged int
}

// Compare diffs from against to. Resources are matched by URN: a resource whose logical name
// or parent changed is a removal and an addition, as the Pulumi engine sees it (absent an
// alias).
func Compare(from, to *Plan) *Diff {
	d := &Diff{From: from.Stack, To: to.Stack}
	for urn, a := range from.Resources {
		b, ok := to.Resources[urn]
		if !ok {
			d.Changes = append(d.Changes, Change{Kind: Remove, Type: a.Type, Name: a.Name, URN: urn, Component: a.Component})
			continue
		}
		var ins []InputChange
		walk(b.Type, "", a.Inputs, b.Inputs, &ins)
		if len(ins) == 0 && a.Type == b.Type {
			d.Unchanged++
			continue
		}
		kind := Update
		for _, in := range ins {
			if in.Replaces {
				kind = Replace
			}
		}
		sort.Slice(ins, func(i, j int) bool { return ins[i].Path < ins[j].Path })
		d.Changes = append(d.Changes, Change{Kind: kind, Type: b.Type, Name: b.Name, URN: urn, Component: b.Component, Inputs: ins})
	}
	for urn, b := range to.Resources {
		if _, ok := from.Resources[urn]; !ok {
			d.Changes = append(d.Changes, Change{Kind: Add, Type: b.Type, Name: b.Name, URN: urn, Component: b.Component})
		}
	}
	slices.SortFunc(d.Changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(a.URN, b.URN))
	})
	return d
}

// walk appends the differences between a and b below path, descending into objects and lists
// so that each change names the innermost input that differs.
func walk(token, path string, a, b any, out *[]InputChange) {
	if ma, ok := a.(map[string]any); ok {
		if mb, ok := b.(map[string]any); ok {
			keys := map[string]bool{}
			for k := range ma {
				keys[k] = true
			}
			for k := range mb {
				keys[k] = true
			}
			for k := range keys {
				va, inA := ma[k]
				vb, inB := mb[k]
				switch {
				case inA && inB:
					walk(token, join(path, k), va, vb, out)
				default:
					*out = append(*out, change(token, join(path, k), va, vb))
				}
			}
			return
		}
	}
	if la, ok := a.([]any); ok {
		if lb, ok := b.([]any); ok {
			for i := range max(len(la), len(lb)) {
				p := fmt.Sprintf("%s[%d]", path, i)
				switch {
				case i < len(la) && i < len(lb):
					walk(token, p, la[i], lb[i], out)
				case i < len(la):
					*out = append(*out, change(token, p, la[i], nil))
				default:
					*out = append(*out, change(token, p, nil, lb[i]))
				}
			}
			return
		}
	}
	sa, aSecret := a.(secretValue)
	sb, bSecret := b.(secretValue)
	if aSecret && bSecret && (sa.opaque || sb.opaque) {
		return // a saved plan keeps no secret values: nothing to compare
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, change(token, path, a, b))
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// change records one differing input, masking secrets.
func change(token, path string, a, b any) InputChange {
	c := InputChange{Path: path, Replaces: replaces(token, path)}
	c.From, c.Secret = mask(a, c.Secret)
	c.To, c.Secret = mask(b, c.Secret)
	return c
}

// mask returns v for display, with every secret inside it replaced by Secret, and whether it
// held one.
func mask(v any, secret bool) (any, bool) {
	switch t := v.(type) {
	case secretValue:
		return Secret, true
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k], secret = mask(e, secret)
		}
		return out, secret
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i], secret = mask(e, secret)
		}
		return out, secret
	}
	return v, secret
}
