package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"

	"github.com/aksplatform/platform/validation"
)

// Key returns the full config key of a key relative to the namespace: Key("aks.podCidr") is
// "aks-platform:aks.podCidr".
func Key(rel string) string { return Namespace + ":" + rel }

// FromConfig builds an Environment from config values keyed by full config key
// ("aks-platform:regions"), each value as YAML or JSON decoding produced it, and applies its
// defaults (SetDefaults). The Kubernetes version is not judged against the release calendar
// here but by Program, on the day the environment's Now names. Keys of other namespaces (azure-native:location) are ignored. It
// reports every unknown key, wrong type and malformed value, and every validation problem of
// the rest, at once; a key that could not be decoded is not reported a second time by
// validation.
func FromConfig(values map[string]any) (*Environment, error) {
	env := &Environment{}
	var problems validation.Problems
	sections := reflect.ValueOf(env).Elem()
	fields := jsonFields(sections.Type())
	for _, full := range slices.Sorted(maps.Keys(values)) {
		ns, rel, ok := strings.Cut(full, ":")
		if !ok || ns != Namespace {
			continue
		}
		f, known := fields[rel]
		if !known {
			problems.Addf(full, "unknown key; known keys: %s", strings.Join(prefixed(slices.Sorted(maps.Keys(fields))), ", "))
			continue
		}
		decodeStrict(full, values[full], sections.FieldByIndex(f.Index).Addr().Interface(), &problems)
	}
	env.SetDefaults()
	if err := env.validate(false); err != nil {
		var invalid validation.Problems
		invalid.Merge("", err)
		for _, p := range invalid {
			if !coveredBy(p.Key, problems) {
				problems = append(problems, p)
			}
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return env, nil
}

// coveredBy reports whether key, or a key that contains it, already has a decoding problem:
// a malformed value is left at its default, and validation would only say it is missing.
func coveredBy(key string, decoded validation.Problems) bool {
	for _, d := range decoded {
		if key == d.Key || strings.HasPrefix(key, d.Key+".") || strings.HasPrefix(key, d.Key+"[") {
			return true
		}
	}
	return false
}

func prefixed(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Key(k)
	}
	return out
}

// ReadConfigFile returns the config section of a Pulumi stack config file (the
// Pulumi.<stack>.yaml format): full keys to values as YAML decodes them; nil when the file has
// no config section.
func ReadConfigFile(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseConfigSection(path, b)
}

func parseConfigSection(path string, data []byte) (map[string]any, error) {
	var doc struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc.Config, nil
}

// LoadFile reads a Pulumi stack config file (the Pulumi.<stack>.yaml format) and builds a
// defaulted and validated Environment from its config section.
func LoadFile(path string) (*Environment, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return loadStackFile(path, b)
}

// loadStackFile is LoadFile of a file already read; path only names it in errors.
func loadStackFile(path string, data []byte) (*Environment, error) {
	config, err := parseConfigSection(path, data)
	if err != nil {
		return nil, err
	}
	if config == nil {
		return nil, fmt.Errorf("%s: no config section", path)
	}
	env, err := FromConfig(config)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return env, nil
}

// Load reads the stack's config from the Pulumi engine and returns a defaulted and validated
// Environment (see FromConfig). Values of structured keys arrive as JSON text. Every key of the aks-platform namespace the engine passed is checked, so a
// misspelled key is an error rather than a silently ignored setting.
func Load(ctx *pulumi.Context) (*Environment, error) {
	values := map[string]any{}
	keys := map[string]bool{}
	for rel := range jsonFields(reflect.TypeFor[Environment]()) {
		keys[Key(rel)] = true
	}
	// The SDK reads the whole config from this variable; it is the only way to list the keys.
	if all := os.Getenv(pulumi.EnvConfig); all != "" {
		var m map[string]string
		if err := json.Unmarshal([]byte(all), &m); err == nil {
			for k := range m {
				keys[k] = true
			}
		}
	}
	for k := range keys {
		raw, ok := ctx.GetConfig(k)
		if !ok {
			continue
		}
		values[k] = parseConfigValue(raw)
	}
	return FromConfig(values)
}

// parseConfigValue turns a config string into the value YAML would have produced: JSON
// objects and lists for structured values, the plain string otherwise.
func parseConfigValue(raw string) any {
	t := strings.TrimSpace(raw)
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		var v any
		if err := json.Unmarshal([]byte(t), &v); err == nil {
			return v
		}
	}
	return raw
}
