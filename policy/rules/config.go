package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

// Config sets enforcement levels and options per rule. It is read from the same JSON file
// `pulumi preview --policy-pack-config FILE` takes:
//
//	{"all": "advisory", "aks-api-server-access": "mandatory",
//	 "azure-required-tags": {"enforcementLevel": "mandatory", "requiredTags": ["owner"]}}
//
// The versioned form {"version": 2, "policies": {...}} is read too.
type Config struct {
	// Stage is the environment stage used by every rule whose own config does not name one:
	// the kind of the environment being judged (the offline plan sets it from the loaded
	// environment, the pack from the stack's aks-platform:environment).
	Stage string
	// Today is the day the rules judge dates on (Settings.Today): the offline plan sets the
	// day it was made for (--today), so its verdicts agree with its validation.
	Today time.Time
	// All overrides every rule's default level ("all" in the file); Policies override All.
	All Level
	// Policies is the config of each rule, by rule name.
	Policies map[string]PolicyConfig
}

// PolicyConfig is one rule's config: a level (empty keeps the default) and options.
type PolicyConfig struct {
	Level   Level
	Options map[string]any
}

// LoadConfig reads a policy pack config file.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig parses a policy pack config file and checks every rule name, level and option
// against the rules, returning all problems at once.
func ParseConfig(data []byte) (Config, error) {
	cfg := Config{Policies: map[string]PolicyConfig{}}
	if strings.TrimSpace(string(data)) == "" {
		return cfg, nil
	}
	var top map[string]any
	if err := json.Unmarshal(data, &top); err != nil {
		return Config{}, fmt.Errorf("parsing policy pack config: %w", err)
	}
	if v, ok := top["version"].(float64); ok {
		if v != 2 {
			return Config{}, fmt.Errorf(`policy pack config "version" must be 2, is %v`, v)
		}
		if ex, ok := top["exceptions"]; ok && ex != nil {
			return Config{}, errors.New(`policy pack config "exceptions" are not supported offline`)
		}
		policies, ok := top["policies"].(map[string]any)
		if !ok && top["policies"] != nil {
			return Config{}, errors.New(`policy pack config "policies" must be an object`)
		}
		top = policies
	}
	// "environments" names ESC environments for the engine; they do not change verdicts.
	delete(top, "environments")

	var errs []error
	for _, name := range slices.Sorted(maps.Keys(top)) {
		pc, err := parsePolicyConfig(top[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		if name == "all" {
			if len(pc.Options) > 0 {
				errs = append(errs, errors.New(`all: only an enforcement level can apply to all policies`))
			}
			cfg.All = pc.Level
			continue
		}
		rule, ok := Lookup(name)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: no such policy in this pack", name))
			continue
		}
		if _, err := rule.Settings(DefaultSettings(), pc.Options); err != nil {
			errs = append(errs, err)
			continue
		}
		cfg.Policies[name] = pc
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

func parsePolicyConfig(v any) (PolicyConfig, error) {
	switch v := v.(type) {
	case string:
		level, err := ParseLevel(v)
		return PolicyConfig{Level: level}, err
	case map[string]any:
		pc := PolicyConfig{Options: map[string]any{}}
		for k, opt := range v {
			if k != "enforcementLevel" {
				pc.Options[k] = opt
				continue
			}
			s, ok := opt.(string)
			if !ok {
				return PolicyConfig{}, fmt.Errorf("enforcementLevel must be a string, got %T", opt)
			}
			level, err := ParseLevel(s)
			if err != nil {
				return PolicyConfig{}, err
			}
			pc.Level = level
		}
		return pc, nil
	}
	return PolicyConfig{}, fmt.Errorf("must be an enforcement level or an object, got %T", v)
}

// LevelFor returns the rule's effective enforcement level.
func (c Config) LevelFor(r Rule) Level {
	level := r.Level
	if c.All != "" {
		level = c.All
	}
	if pc, ok := c.Policies[r.Name]; ok && pc.Level != "" {
		level = pc.Level
	}
	return level
}

// SettingsFor returns the settings the rule runs with: defaults, then c.Stage, then the
// rule's own options.
func (c Config) SettingsFor(r Rule) (Settings, error) {
	base := DefaultSettings()
	base.Stage = c.Stage
	base.Today = c.Today
	return r.Settings(base, c.Policies[r.Name].Options)
}
