package rules

import (
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Resource is one resource as the rules see it: the same view whether it comes from the
// CrossGuard engine (the pack in policy/) or from the offline plan (internal/envplan converts
// the planner's graph). The rules own this type and know nothing of where it came from.
// Properties keep secretness (Value.Secret) and unknowns (Value.IsComputed) exactly as the
// engine sends them. Type is written without an azure-native API version (typetoken.Base).
type Resource struct {
	Type   string
	Name   string
	URN    string
	Parent string // parent URN; empty for children of the stack
	// ID is the resource's ID when it is known: the offline plan knows it, the engine does not
	// send it (rules that match references fall back to PropertyDependencies there).
	ID         string
	Properties property.Map
	// Dependencies and PropertyDependencies are known to stack rules only: the engine does not
	// send them to resource rules, and the offline plan has no per-property dependencies.
	Dependencies         []string
	PropertyDependencies map[string][]string
	Provider             string // provider resource URN, if known
}

// AllDependencies returns the URNs r depends on, through Dependencies and every property's
// dependencies, without duplicates.
func (r Resource) AllDependencies() []string {
	seen := map[string]bool{}
	var out []string
	add := func(urns []string) {
		for _, u := range urns {
			if u != "" && !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	add(r.Dependencies)
	for _, k := range slices.Sorted(maps.Keys(r.PropertyDependencies)) {
		add(r.PropertyDependencies[k])
	}
	return out
}

// field is the value found at a property path: absent (missing or null), unknown (computed
// during preview, here or on the way to it), or present.
type field struct {
	v       property.Value
	present bool
	unknown bool
	// inSecret is set when a value on the way to this one is secret: its secretness covers v.
	inSecret bool
}

// get looks up a dotted path of object keys ("aadProfile.enableAzureRBAC") in r's properties.
func (r Resource) get(path string) field {
	return lookup(property.New(r.Properties), path)
}

func lookup(v property.Value, path string) field {
	return lookupIn(v, path, false)
}

func lookupIn(v property.Value, path string, inSecret bool) field {
	if path != "" {
		for _, key := range strings.Split(path, ".") {
			if v.IsComputed() {
				return field{unknown: true, inSecret: inSecret}
			}
			if !v.IsMap() {
				return field{}
			}
			inSecret = inSecret || v.Secret()
			next, ok := v.AsMap().GetOk(key)
			if !ok {
				return field{}
			}
			v = next
		}
	}
	switch {
	case v.IsComputed():
		return field{unknown: true, inSecret: inSecret}
	case v.IsNull():
		return field{}
	}
	return field{v: v, present: true, inSecret: inSecret}
}

// at looks up a path below this field.
func (f field) at(path string) field {
	if !f.present {
		return f
	}
	return lookupIn(f.v, path, f.inSecret)
}

// secret reports whether the field's value is protected: it, something inside it, or
// something around it is secret.
func (f field) secret() bool {
	return f.inSecret || f.v.HasSecrets()
}

// boolean returns the field's value, def when it is absent, and known=false when it is unknown
// or not a boolean (Azure accepts only booleans here, so anything else cannot be judged).
func (f field) boolean(def bool) (value, known bool) {
	switch {
	case f.unknown:
		return false, false
	case !f.present:
		return def, true
	case f.v.IsBool():
		return f.v.AsBool(), true
	}
	return false, false
}

// str returns the field's string value ("" when absent) and known=false when it is unknown.
func (f field) str() (value string, known bool) {
	switch {
	case f.unknown:
		return "", false
	case !f.present:
		return "", true
	case f.v.IsString():
		return f.v.AsString(), true
	}
	return "", false
}

// number returns the field's numeric value, whether it is set, and known=false when unknown.
func (f field) number() (value float64, set, known bool) {
	switch {
	case f.unknown:
		return 0, false, false
	case !f.present:
		return 0, false, true
	case f.v.IsNumber():
		return f.v.AsNumber(), true, true
	}
	return 0, false, false
}

// list returns the elements of an array field (nil when absent) and known=false when the
// array itself is unknown. Elements may still be unknown; callers look at each.
func (f field) list() (elems []property.Value, known bool) {
	switch {
	case f.unknown:
		return nil, false
	case !f.present:
		return nil, true
	case f.v.IsArray():
		return f.v.AsArray().AsSlice(), true
	}
	return nil, false
}

// object returns the entries of a map field (nil when absent) and known=false when unknown.
func (f field) object() (entries map[string]property.Value, known bool) {
	switch {
	case f.unknown:
		return nil, false
	case !f.present:
		return nil, true
	case f.v.IsMap():
		return f.v.AsMap().AsMap(), true
	}
	return nil, false
}

// strings returns the known string elements of an array field and whether every element (and
// the array) was known.
func (f field) strings() (values []string, allKnown bool) {
	elems, known := f.list()
	allKnown = known
	for _, e := range elems {
		switch {
		case e.IsString():
			values = append(values, e.AsString())
		case e.IsComputed():
			allKnown = false
		}
	}
	return values, allKnown
}

// elem wraps one array element as a field.
func elem(v property.Value) field { return lookup(v, "") }

// mapKeyFold returns the entry of m whose key equals key ignoring case (Azure treats addon
// names such as "omsagent" / "omsAgent" case-insensitively).
func mapKeyFold(m map[string]property.Value, key string) (property.Value, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return property.Value{}, false
}

// azureName is the name Azure gives the resource: its explicit name input when set (nameKey,
// e.g. "subnetName"), else the logical name (autonaming only appends a suffix).
func (r Resource) azureName(nameKey string) string {
	if s, known := r.get(nameKey).str(); known && s != "" {
		return s
	}
	return r.Name
}

// distinctFold returns values without duplicates, ignoring case and surrounding space.
func distinctFold(values []string) []string {
	var out []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, v) }) {
			out = append(out, v)
		}
	}
	return out
}
