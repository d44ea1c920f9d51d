package rules

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unknown is a value computed during preview.
var unknown = property.New(property.Computed)

// deleted removes a key in with().
type deletedT struct{}

var deleted deletedT

// val converts plain Go test values to a property.Value; property.Values pass through.
func val(x any) property.Value {
	switch x := x.(type) {
	case property.Value:
		return x
	case nil:
		return property.Value{}
	case bool:
		return property.New(x)
	case int:
		return property.New(float64(x))
	case float64:
		return property.New(x)
	case string:
		return property.New(x)
	case []string:
		out := make([]property.Value, len(x))
		for i, s := range x {
			out[i] = property.New(s)
		}
		return property.New(out)
	case []any:
		out := make([]property.Value, len(x))
		for i, e := range x {
			out[i] = val(e)
		}
		return property.New(out)
	case map[string]any:
		out := make(map[string]property.Value, len(x))
		for k, e := range x {
			out[k] = val(e)
		}
		return property.New(out)
	}
	panic(fmt.Sprintf("val: unsupported %T", x))
}

func secret(x any) property.Value { return val(x).WithSecret(true) }

// obj is shorthand for a map literal.
type obj = map[string]any

// res builds a resource of the given type; the URN derives from type and name.
func res(typ, name string, props obj) Resource {
	return Resource{
		Type:       typ,
		Name:       name,
		URN:        "urn:pulumi:test::aks-platform::" + typ + "::" + name,
		Properties: val(props).AsMap(),
	}
}

// deepCopy copies maps and slices of test values.
func deepCopy(x any) any {
	switch x := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[k] = deepCopy(v)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = deepCopy(v)
		}
		return out
	}
	return x
}

// with returns a copy of base with the dotted path set to v (deleted removes it). Numeric
// segments index into lists; missing maps are created.
func with(base obj, path string, v any) obj {
	out := deepCopy(base).(obj)
	parts := strings.Split(path, ".")
	var cur any = out
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if _, del := v.(deletedT); del {
					delete(c, p)
				} else {
					c[p] = v
				}
				return out
			}
			next, ok := c[p]
			if _, isMap := next.(map[string]any); !ok || (!isMap && !isList(next)) {
				next = map[string]any{}
				c[p] = next
			}
			cur = next
		case []any:
			idx, err := strconv.Atoi(p)
			if err != nil {
				panic("with: bad index " + p)
			}
			if last {
				c[idx] = v
				return out
			}
			cur = c[idx]
		}
	}
	return out
}

func isList(x any) bool { _, ok := x.([]any); return ok }

// judge runs a rule, resource or stack, over resources and returns its messages.
func judge(t *testing.T, name string, rs []Resource, s Settings) []string {
	t.Helper()
	rule, ok := Lookup(name)
	require.True(t, ok, "no rule %s", name)
	var msgs []string
	if rule.Stack() {
		for _, f := range rule.RunStack(rs, s) {
			msgs = append(msgs, f.Message)
		}
		return msgs
	}
	for _, r := range rs {
		msgs = append(msgs, rule.Run(r, s)...)
	}
	return msgs
}

// ruleCase is one table row: resources, the environment, and the expected messages (each a
// substring of one violation, in order; none means compliant).
type ruleCase struct {
	name string
	rs   []Resource
	env  string
	opts obj
	want []string
}

func runCases(t *testing.T, rule string, cases []ruleCase) {
	t.Helper()
	r, ok := Lookup(rule)
	require.True(t, ok, "no rule %s", rule)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := DefaultSettings()
			base.Stage = tc.env
			s, err := r.Settings(base, tc.opts)
			require.NoError(t, err)
			got := judge(t, rule, tc.rs, s)
			require.Len(t, got, len(tc.want), "violations: %q", got)
			for i, w := range tc.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}

func one(r Resource) []Resource { return []Resource{r} }
