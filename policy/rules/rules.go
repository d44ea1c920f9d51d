// Package rules holds the platform's guardrails as plain Go: each Rule has a name, a
// description, a default enforcement level, the resource types it looks at, and a check over a
// Resource view. The same rules run inside the CrossGuard policy pack (policy/main.go) during
// `pulumi preview`, and offline on the planner's graph (internal/envplan converts it into
// Resources), so a verdict never depends on where it was computed. The rules import nothing
// of the planner.
package rules

import (
	"fmt"
	"slices"

	"github.com/aksplatform/platform/internal/typetoken"
)

// Level is how a violation is enforced, as in Pulumi policy packs.
type Level string

// Enforcement levels. Remediate is not offered: these rules only validate.
const (
	Advisory  Level = "advisory"  // reported, does not block
	Mandatory Level = "mandatory" // fails the preview / update / offline plan
	Disabled  Level = "disabled"  // not evaluated
)

// ParseLevel parses an enforcement level as written in a policy pack config file.
func ParseLevel(s string) (Level, error) {
	switch l := Level(s); l {
	case Advisory, Mandatory, Disabled:
		return l, nil
	case "remediate":
		return "", fmt.Errorf("enforcement level %q is not supported: these policies only validate", s)
	}
	return "", fmt.Errorf("%q is not an enforcement level (advisory, mandatory, disabled)", s)
}

// Severity ranks how serious a violation is; the pack reports it to the engine, which the
// policyx library alone does not do.
type Severity string

// Severities, as in Pulumi's policy metadata.
const (
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

// Rule is one guardrail. Exactly one of Check and CheckStack is set.
type Rule struct {
	// Name is the policy name, kebab-case; it is the key in policy pack config files.
	Name string
	// Description says what the rule requires, in one sentence.
	Description string
	// Level is the default enforcement level; config can override it per stack.
	Level Level
	// Severity is reported with each violation.
	Severity Severity
	// Types are the resource type tokens the rule looks at; nil means every type.
	Types []string
	// ProdOnly rules judge nothing outside production (see Settings.Prod); they accept the
	// "environment" option.
	ProdOnly bool
	// Options are the rule-specific config options it accepts besides enforcementLevel.
	Options []Option
	// Check judges one resource and returns one message per violation.
	Check func(r Resource, s Settings) []string
	// CheckStack judges all resources of a stack together.
	CheckStack func(rs []Resource, s Settings) []Finding
}

// Finding is a stack rule's violation on one resource.
type Finding struct {
	URN     string
	Message string
}

// Stack reports whether r is a stack rule.
func (r Rule) Stack() bool { return r.CheckStack != nil }

// Applies reports whether the rule looks at resources of type typ (with or without an
// azure-native API version in it).
func (r Rule) Applies(typ string) bool {
	return len(r.Types) == 0 || slices.Contains(r.Types, typetoken.Base(typ))
}

// Run judges one resource: nil when the type is not the rule's, the rule is a stack rule, or
// it is prod-only and s is not production.
func (r Rule) Run(res Resource, s Settings) []string {
	if r.Check == nil || !r.Applies(res.Type) || (r.ProdOnly && !s.Prod()) {
		return nil
	}
	return r.Check(res, s)
}

// RunStack judges a whole stack: nil for resource rules and for prod-only rules outside
// production.
func (r Rule) RunStack(rs []Resource, s Settings) []Finding {
	if r.CheckStack == nil || (r.ProdOnly && !s.Prod()) {
		return nil
	}
	return r.CheckStack(rs, s)
}

// All returns every rule, in the order verdicts are reported.
func All() []Rule {
	var all []Rule
	for _, group := range [][]Rule{aksRules(), aksSecurityRules(), keyVaultRules(), networkRules(), registryRules(),
		secretRules(), tagRules(), stackRules(), diagnosticsRules(),
		networkSecurityRules(), dataSecurityRules(), storageRules()} {
		all = append(all, group...)
	}
	return all
}

// Lookup returns the rule with the given name.
func Lookup(name string) (Rule, bool) {
	for _, r := range All() {
		if r.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}
