package stacks

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/aksplatform/platform/validation"
)

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// decodeStrict decodes raw (the generic value that YAML or JSON produced) into dst, a pointer.
// Unlike encoding/json it reports every problem with its full key: unknown keys, wrong types,
// malformed CIDRs and addresses. What is valid is still decoded (a bad value is left at its
// default), so that the rest of the config can be validated in the same run.
func decodeStrict(key string, raw any, dst any, problems *validation.Problems) {
	clean, _ := check(key, raw, reflect.TypeOf(dst).Elem(), problems)
	b, err := json.Marshal(clean)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil {
		problems.Addf(key, "%v", err)
	}
}

// check walks raw against the Go type t, records what does not fit and returns a copy of raw
// without the values that do not fit (ok is false when raw itself does not).
func check(key string, raw any, t reflect.Type, problems *validation.Problems) (clean any, ok bool) {
	if raw == nil {
		return nil, true // an explicit null leaves the default in place
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		s, isString := raw.(string)
		if !isString {
			problems.Addf(key, "must be a string, got %s", describe(raw))
			return nil, false
		}
		v := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := v.UnmarshalText([]byte(s)); err != nil {
			problems.Addf(key, "%q is not a valid %s: %v", s, textKind(t), unwrapParseError(err))
			return nil, false
		}
		return raw, true
	}
	switch t.Kind() {
	case reflect.Pointer:
		return check(key, raw, t.Elem(), problems)
	case reflect.Struct:
		m, isMap := raw.(map[string]any)
		if !isMap {
			problems.Addf(key, "must be an object, got %s", describe(raw))
			return nil, false
		}
		fields := jsonFields(t)
		out := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			f, known := fields[k]
			if !known {
				problems.Addf(validation.Join(key, k), "unknown key; known keys under %s: %s", key, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
				continue
			}
			if v, fits := check(validation.Join(key, k), m[k], f.Type, problems); fits {
				out[k] = v
			}
		}
		return out, true
	case reflect.Slice:
		list, isList := raw.([]any)
		if !isList {
			problems.Addf(key, "must be a list, got %s", describe(raw))
			return nil, false
		}
		out := make([]any, len(list))
		for i, item := range list {
			out[i], _ = check(validation.Index(key, i), item, t.Elem(), problems)
		}
		return out, true
	case reflect.Map:
		m, isMap := raw.(map[string]any)
		if !isMap {
			problems.Addf(key, "must be an object, got %s", describe(raw))
			return nil, false
		}
		out := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if v, fits := check(validation.Join(key, k), m[k], t.Elem(), problems); fits {
				out[k] = v
			}
		}
		return out, true
	case reflect.String:
		if _, isString := raw.(string); !isString {
			problems.Addf(key, "must be a string, got %s (quote it in YAML)", describe(raw))
			return nil, false
		}
	case reflect.Bool:
		if _, isBool := raw.(bool); !isBool {
			problems.Addf(key, "must be true or false, got %s", describe(raw))
			return nil, false
		}
	case reflect.Int, reflect.Int32, reflect.Int64:
		f, isNumber := number(raw)
		if !isNumber || f != math.Trunc(f) {
			problems.Addf(key, "must be a whole number, got %s", describe(raw))
			return nil, false
		}
		if limit := intLimit(t); math.Abs(f) > limit {
			// Left to encoding/json, it would fail the whole section under the section's key.
			problems.Addf(key, "%s is out of range (at most %.0f)", describe(raw), limit)
			return nil, false
		}
	case reflect.Float64:
		if _, isNumber := number(raw); !isNumber {
			problems.Addf(key, "must be a number, got %s", describe(raw))
			return nil, false
		}
	case reflect.Interface:
		// anything goes (free-form values such as Helm values)
	default:
		problems.Addf(key, "cannot be set from config (Go type %s)", t)
		return nil, false
	}
	return raw, true
}

// intLimit is the largest magnitude a config number may have for the integer type t: what the
// type holds, and for 64-bit types what a float64 (YAML and JSON numbers) still holds exactly.
func intLimit(t reflect.Type) float64 {
	if t.Kind() == reflect.Int32 {
		return math.MaxInt32
	}
	return 1 << 53
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
