package rules

import (
	"fmt"
	"strings"
)

func tagRules() []Rule {
	return []Rule{
		{
			Name:        "azure-required-tags",
			Description: "Every taggable Azure resource carries the required tags (default: environment, managedBy, owner).",
			Level:       Advisory, Severity: Low, Types: nil,
			Options: []Option{optRequiredTags},
			Check:   checkRequiredTags,
		},
	}
}

func checkRequiredTags(r Resource, s Settings) []string {
	if !strings.HasPrefix(r.Type, "azure-native:") {
		return nil
	}
	tags := r.get("tags")
	if !taggable[r.Type] && !tags.present {
		return nil
	}
	entries, known := tags.object()
	if !known {
		return nil
	}
	var missing []string
	for _, key := range s.RequiredTags {
		// Azure tag names are case-insensitive: "Owner" is the owner tag.
		v, ok := mapKeyFold(entries, key)
		if !ok {
			missing = append(missing, key)
			continue
		}
		if str, known := elem(v).str(); known && strings.TrimSpace(str) == "" {
			missing = append(missing, key+" (empty)")
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("missing required tags: %s", strings.Join(missing, ", "))}
}
