package fleet

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/aksplatform/platform/stacks"
)

// stackConfig reads the config section of a Pulumi.<stack>.yaml as the Automation API sets
// it: every key fully qualified (a bare key belongs to the project, as in the CLI), scalars
// as their text and objects and lists as JSON text, which is how the engine hands structured
// config to a program (stacks.Load parses it back). Provider keys such as
// azure-native:location are kept: the provider reads them, not the program.
func stackConfig(path string) (auto.ConfigMap, error) {
	config, err := stacks.ReadConfigFile(path)
	if err != nil {
		return nil, err
	}
	out := auto.ConfigMap{}
	var bad []string
	for k, v := range config {
		if !strings.Contains(k, ":") {
			k = stacks.Namespace + ":" + k
		}
		s, err := configText(v)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s: %v", k, err))
			continue
		}
		out[k] = auto.ConfigValue{Value: s}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return nil, fmt.Errorf("%s: %s", path, strings.Join(bad, "; "))
	}
	return out, nil
}

// configText renders one config value as the text the engine would pass to the program.
func configText(v any) (string, error) {
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return t, nil
	case bool:
		return strconv.FormatBool(t), nil
	case int:
		return strconv.Itoa(t), nil
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64), nil
	case map[string]any:
		if _, ok := t["secure"]; ok && len(t) == 1 {
			// Ciphertext is bound to the salt of the stack file it came from; the fleet does
			// not decrypt it. Secrets belong in Key Vault (keyvault secrets), not in config.
			return "", fmt.Errorf("secure values are not supported by the fleet; keep secrets in Key Vault")
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
