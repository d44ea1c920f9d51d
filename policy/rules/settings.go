package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Settings are the values rules read besides the resource: the environment and the options.
type Settings struct {
	// Stage is the stage of the stack being judged (dev, staging, prod, or a stack name); see Prod.
	Stage string
	// RequiredTags are the tag keys every taggable Azure resource must carry.
	RequiredTags []string
	// Today is the day Kubernetes versions are judged on against the AKS release calendar
	// (components/aks/releases); zero means the day the rules run. Pin it for reproducible
	// verdicts.
	Today time.Time
	// ExemptSubnets are subnet names that need no NSG besides those Azure forbids one on.
	ExemptSubnets []string
}

// DefaultRequiredTags are the tags the stacks apply to every Azure resource.
var DefaultRequiredTags = []string{"environment", "managedBy", "owner"}

// DefaultSettings returns the settings used when config says nothing.
func DefaultSettings() Settings {
	return Settings{
		RequiredTags: slices.Clone(DefaultRequiredTags),
	}
}

// Prod reports whether the environment is production: "prod" or any name starting with
// "prod" ("production", "prod-weu"), ignoring case.
func (s Settings) Prod() bool { return IsProd(s.Stage) }

// IsProd reports whether an environment or stack name denotes production.
func IsProd(env string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(env)), "prod")
}

// Option is a rule-specific config option: its JSON schema (what the engine validates and
// shows) and how its value sets Settings.
type Option struct {
	Name   string
	Schema map[string]any
	apply  func(s *Settings, v any) error
}

// Options shared by the rules.
var (
	optEnvironment = Option{
		Name: "environment",
		Schema: map[string]any{
			"type": "string",
			"description": "Environment of the stack (dev, staging, prod). Production-only checks run when it " +
				"starts with \"prod\". Unset: the stack's aks-platform:environment config, else the stack name.",
		},
		apply: func(s *Settings, v any) error {
			str, ok := v.(string)
			if !ok {
				return fmt.Errorf("must be a string, got %T", v)
			}
			s.Stage = str
			return nil
		},
	}
	optRequiredTags = stringListOption("requiredTags", "Tag keys every taggable Azure resource must carry.",
		DefaultRequiredTags, func(s *Settings, tags []string) { s.RequiredTags = tags })
	optExemptSubnets = stringListOption("exemptSubnets", "Further subnet names that need no network security group.",
		nil, func(s *Settings, names []string) { s.ExemptSubnets = names })
)

// options returns the options the rule accepts, with "environment" for prod-only rules.
func (r Rule) options() []Option {
	if r.ProdOnly {
		return append([]Option{optEnvironment}, r.Options...)
	}
	return r.Options
}

// ConfigSchema returns the JSON schema of each option the rule accepts, keyed by option name;
// nil when it accepts none.
func (r Rule) ConfigSchema() map[string]map[string]any {
	opts := r.options()
	if len(opts) == 0 {
		return nil
	}
	out := make(map[string]map[string]any, len(opts))
	for _, o := range opts {
		out[o.Name] = o.Schema
	}
	return out
}

// Settings applies a rule's config options (as decoded from JSON) over base. An option the
// rule does not accept is an error, so that a typo in a config file does not go unnoticed.
func (r Rule) Settings(base Settings, options map[string]any) (Settings, error) {
	s := base
	s.RequiredTags = slices.Clone(base.RequiredTags)
	s.ExemptSubnets = slices.Clone(base.ExemptSubnets)
	for _, key := range slices.Sorted(maps.Keys(options)) {
		if key == "enforcementLevel" {
			continue
		}
		i := slices.IndexFunc(r.options(), func(o Option) bool { return o.Name == key })
		if i < 0 {
			var names []string
			for _, o := range r.options() {
				names = append(names, o.Name)
			}
			accepted := "none"
			if len(names) > 0 {
				accepted = strings.Join(names, ", ")
			}
			return base, fmt.Errorf("%s: unknown option %q (accepted: %s)", r.Name, key, accepted)
		}
		if err := r.options()[i].apply(&s, options[key]); err != nil {
			return base, fmt.Errorf("%s: option %s: %w", r.Name, key, err)
		}
	}
	return s, nil
}

// stringListOption is an option whose value is a list of strings, given to set; def, when
// not nil, is the schema's default.
func stringListOption(name, description string, def []string, set func(*Settings, []string)) Option {
	schema := map[string]any{
		"type":        "array",
		"items":       map[string]any{"type": "string"},
		"description": description,
	}
	if def != nil {
		schema["default"] = toAnySlice(def)
	}
	return Option{Name: name, Schema: schema, apply: func(s *Settings, v any) error {
		list, err := stringList(v)
		if err != nil {
			return err
		}
		set(s, list)
		return nil
	}}
}

func stringList(v any) ([]string, error) {
	switch list := v.(type) {
	case []string:
		return slices.Clone(list), nil
	case []any:
		out := make([]string, 0, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("element %d must be a string, got %T", i, e)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("must be a list of strings, got %T", v)
}

func toAnySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
