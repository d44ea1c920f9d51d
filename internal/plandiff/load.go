package plandiff

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/aksplatform/platform/internal/envplan"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/stacks"
)

// FromEnvironment plans env offline as stack (envplan.Plan, without policy; "" is env.Name)
// and takes its resources. The error is an invalid environment or the program's error.
func FromEnvironment(env *stacks.Environment, stack string) (*Plan, error) {
	res, err := envplan.Plan(env, envplan.Options{Stack: stack})
	if err != nil {
		return nil, err
	}
	return FromGraph(res.Graph), nil
}

// FromGraph takes the resources of an offline plan.
func FromGraph(g *plan.Graph) *Plan {
	p := &Plan{Stack: g.Stack, Resources: make(map[string]*Resource, len(g.Resources))}
	for _, r := range g.Resources {
		inputs, _ := value(resource.NewProperty(r.Inputs)).(map[string]any)
		p.Resources[r.URN] = &Resource{URN: r.URN, Type: r.Type, Name: r.Name, Component: !r.Custom, Inputs: inputs}
	}
	return p
}

// Plain converts a property value to JSON-able Go values with every secret shown as Secret and
// every unknown as Unknown: what a saved plan (`aksplatform plan --format json`) holds, and so
// what ReadJSON reads back.
func Plain(v resource.PropertyValue) any {
	out, _ := mask(value(v), false)
	return out
}

// value converts a property value to plain Go values, keeping secrets wrapped so that they
// are compared but never shown.
func value(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return secretValue{v: value(v.SecretValue().Element)}
	case v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known):
		return Unknown
	case v.IsOutput():
		if v.OutputValue().Secret {
			return secretValue{v: value(v.OutputValue().Element)}
		}
		return value(v.OutputValue().Element)
	case v.IsObject():
		m := map[string]any{}
		for k, e := range v.ObjectValue() {
			m[string(k)] = value(e)
		}
		return m
	case v.IsArray():
		out := make([]any, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			out[i] = value(e)
		}
		return out
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsNull():
		return nil
	}
	return v.V
}

// savedPlan is the part of `aksplatform plan --format json` the diff reads.
type savedPlan struct {
	Stack     string `json:"stack"`
	Offline   bool   `json:"offline"`
	Resources []struct {
		Type      string         `json:"type"`
		Name      string         `json:"name"`
		URN       string         `json:"urn"`
		Component bool           `json:"component"`
		Inputs    map[string]any `json:"inputs"`
	} `json:"resources"`
}

// ReadJSON reads a plan saved with `aksplatform plan --format json`. Its secrets were written
// as "[secret]": they compare equal to any secret, so a saved plan cannot show that a secret's
// value changed (only that an input became or stopped being secret).
func ReadJSON(r io.Reader) (*Plan, error) {
	var sp savedPlan
	dec := json.NewDecoder(r)
	if err := dec.Decode(&sp); err != nil {
		return nil, fmt.Errorf("reading a saved plan: %w", err)
	}
	if !sp.Offline || sp.Resources == nil {
		return nil, fmt.Errorf("not a saved plan: want the output of `aksplatform plan --format json`")
	}
	p := &Plan{Stack: sp.Stack, Resources: make(map[string]*Resource, len(sp.Resources))}
	for _, r := range sp.Resources {
		inputs, _ := opaqueSecrets(r.Inputs).(map[string]any)
		if inputs == nil {
			inputs = map[string]any{}
		}
		p.Resources[r.URN] = &Resource{URN: r.URN, Type: r.Type, Name: r.Name, Component: r.Component, Inputs: inputs}
	}
	return p, nil
}

// opaqueSecrets turns the "[secret]" markers of a saved plan back into secrets of unknown value.
func opaqueSecrets(v any) any {
	switch t := v.(type) {
	case string:
		if t == Secret {
			return secretValue{opaque: true}
		}
	case map[string]any:
		for k, e := range t {
			t[k] = opaqueSecrets(e)
		}
	case []any:
		for i, e := range t {
			t[i] = opaqueSecrets(e)
		}
	}
	return v
}
