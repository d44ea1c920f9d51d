package plan

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// ByType returns the resources of the given type token, in graph order.
func (g *Graph) ByType(token string) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if r.Type == token {
			out = append(out, r)
		}
	}
	return out
}

// Find returns the resource with the given type token and logical name, or nil.
func (g *Graph) Find(token, name string) *Resource {
	for _, r := range g.Resources {
		if r.Type == token && r.Name == name {
			return r
		}
	}
	return nil
}

// Lookup returns the resource with the given URN, or nil.
func (g *Graph) Lookup(urn string) *Resource {
	for _, r := range g.Resources {
		if r.URN == urn {
			return r
		}
	}
	return nil
}

// Children returns the resources whose parent is urn ("" for top-level resources).
func (g *Graph) Children(urn string) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if r.Parent == urn || (urn == "" && g.Lookup(r.Parent) == nil) {
			out = append(out, r)
		}
	}
	return out
}

// Ancestors returns the chain of parents of r, nearest first.
func (g *Graph) Ancestors(r *Resource) []*Resource {
	var out []*Resource
	for p := g.Lookup(r.Parent); p != nil; p = g.Lookup(p.Parent) {
		out = append(out, p)
	}
	return out
}

// CountByType returns how many resources of each type token were registered.
func (g *Graph) CountByType() map[string]int {
	counts := map[string]int{}
	for _, r := range g.Resources {
		counts[r.Type]++
	}
	return counts
}

// Input returns the input at a dotted path such as "networkProfile.networkPlugin" or
// "agentPoolProfiles[0].count", and whether it exists. Secret wrappers along the way are
// looked through; use InputIsSecret to ask about secretness.
func (r *Resource) Input(path string) (resource.PropertyValue, bool) {
	return lookup(resource.NewProperty(r.Inputs), path)
}

// Output is like Input, for the outputs the mock returned (inputs plus placeholders).
func (r *Resource) Output(path string) (resource.PropertyValue, bool) {
	return lookup(resource.NewProperty(r.Outputs), path)
}

// InputIsSecret reports whether the input at path, or any value on the way to it, is secret.
func (r *Resource) InputIsSecret(path string) bool {
	v := resource.NewProperty(r.Inputs)
	for _, part := range splitPath(path) {
		if v.IsSecret() {
			return true
		}
		var ok bool
		if v, ok = step(v, part); !ok {
			return false
		}
	}
	return v.IsSecret()
}

// String returns the string input at path, or "".
func (r *Resource) String(path string) string {
	v, ok := r.Input(path)
	if ok && v.IsString() {
		return v.StringValue()
	}
	return ""
}

// IsPlaceholder reports whether the output key was invented by the planner.
func (r *Resource) IsPlaceholder(key string) bool {
	for _, k := range r.Placeholders {
		if k == key || strings.HasPrefix(key, k+".") {
			return true
		}
	}
	return false
}

func splitPath(path string) []string {
	var parts []string
	for _, seg := range strings.Split(path, ".") {
		for seg != "" {
			i := strings.IndexByte(seg, '[')
			switch {
			case i < 0:
				parts = append(parts, seg)
				seg = ""
			case i > 0:
				parts = append(parts, seg[:i])
				seg = seg[i:]
			default:
				j := strings.IndexByte(seg, ']')
				if j < 0 {
					parts = append(parts, seg)
					seg = ""
					continue
				}
				parts = append(parts, seg[:j+1])
				seg = seg[j+1:]
			}
		}
	}
	return parts
}

func unwrap(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			v = v.OutputValue().Element
		default:
			return v
		}
	}
}

func step(v resource.PropertyValue, part string) (resource.PropertyValue, bool) {
	v = unwrap(v)
	if strings.HasPrefix(part, "[") {
		i, err := strconv.Atoi(strings.Trim(part, "[]"))
		if err != nil || !v.IsArray() || i < 0 || i >= len(v.ArrayValue()) {
			return resource.PropertyValue{}, false
		}
		return v.ArrayValue()[i], true
	}
	if !v.IsObject() {
		return resource.PropertyValue{}, false
	}
	next, ok := v.ObjectValue()[resource.PropertyKey(part)]
	return next, ok
}

func lookup(v resource.PropertyValue, path string) (resource.PropertyValue, bool) {
	for _, part := range splitPath(path) {
		var ok bool
		if v, ok = step(v, part); !ok {
			return resource.PropertyValue{}, false
		}
	}
	return unwrap(v), true
}
