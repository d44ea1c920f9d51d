package stacks

import (
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/aksplatform/platform/validation"
)

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// decodeStrict decodes raw (the generic value that YAML or JSON produced) into dst, a pointer.
// Unlike encoding/json it reports every problem with its full key: unknown keys, wrong types,
// malformed CIDRs and addresses. Nothing is written to dst when there are problems.
func decodeStrict(key string, raw any, dst any, problems *validation.Problems) {
	before := len(*problems)
	check(key, raw, reflect.TypeOf(dst).Elem(), problems)
	if len(*problems) > before {
		return
	}
	b, err := json.Marshal(raw)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil {
		problems.Addf(key, "%v", err)
	}
}

// check walks raw against the Go type t and records what does not fit.
func check(key string, raw any, t reflect.Type, problems *validation.Problems) {
	if raw == nil {
		return // an explicit null leaves the default in place
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		s, ok := raw.(string)
		if !ok {
			problems.Addf(key, "must be a string, got %s", describe(raw))
			return
		}
		v := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := v.UnmarshalText([]byte(s)); err != nil {
			problems.Addf(key, "%q is not a valid %s: %v", s, textKind(t), unwrapParseError(err))
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		check(key, raw, t.Elem(), problems)
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			problems.Addf(key, "must be an object, got %s", describe(raw))
			return
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(m) {
			f, ok := fields[k]
			if !ok {
				problems.Addf(validation.Join(key, k), "unknown key; known keys under %s: %s", key, strings.Join(sortedKeys(fields), ", "))
				continue
			}
			check(validation.Join(key, k), m[k], f.Type, problems)
		}
	case reflect.Slice:
		list, ok := raw.([]any)
		if !ok {
			problems.Addf(key, "must be a list, got %s", describe(raw))
			return
		}
		for i, item := range list {
			check(validation.Index(key, i), item, t.Elem(), problems)
		}
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			problems.Addf(key, "must be an object, got %s", describe(raw))
			return
		}
		for _, k := range sortedKeys(m) {
			check(validation.Join(key, k), m[k], t.Elem(), problems)
		}
	case reflect.String:
		if _, ok := raw.(string); !ok {
			problems.Addf(key, "must be a string, got %s (quote it in YAML)", describe(raw))
		}
	case reflect.Bool:
		if _, ok := raw.(bool); !ok {
			problems.Addf(key, "must be true or false, got %s", describe(raw))
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		if f, ok := number(raw); !ok || f != math.Trunc(f) {
			problems.Addf(key, "must be a whole number, got %s", describe(raw))
		}
	case reflect.Float64:
		if _, ok := number(raw); !ok {
			problems.Addf(key, "must be a number, got %s", describe(raw))
		}
	case reflect.Interface:
		// anything goes (free-form values such as Helm values)
	default:
		problems.Addf(key, "cannot be set from config (Go type %s)", t)
	}
}

func number(raw any) (float64, bool) {
	switch v := raw.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	}
	return 0, false
}

// jsonFields maps the JSON names of t's exported fields (following embedded structs) to them.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func describe(raw any) string {
	switch v := raw.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	if f, ok := number(raw); ok {
		return fmt.Sprintf("the number %v", f)
	}
	return fmt.Sprintf("%T", raw)
}

func textKind(t reflect.Type) string {
	switch t.String() {
	case "netip.Prefix":
		return "CIDR (for example 10.1.0.0/16)"
	case "netip.Addr":
		return "IP address"
	}
	return t.String()
}

func unwrapParseError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}
