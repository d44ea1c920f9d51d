package rules

import "fmt"

// Verdict is one violation: which policy, how it is enforced, on which resource, and why.
type Verdict struct {
	Policy   string
	Level    Level
	Severity Severity
	URN      string // "" for a problem with the policy's own config
	Type     string
	Name     string
	Message  string
}

// String renders a verdict on one line: "mandatory aks-api-server-access <type> <name>: <message>".
func (v Verdict) String() string {
	return fmt.Sprintf("%s %s %s %s: %s", v.Level, v.Policy, v.Type, v.Name, v.Message)
}

// Evaluate judges resources with every rule that cfg does not disable: resource rules per
// resource, in resource order, then stack rules. A rule whose config is invalid yields one
// mandatory verdict saying so, rather than silently passing.
func Evaluate(rs []Resource, cfg Config) []Verdict {
	var out []Verdict
	type active struct {
		rule     Rule
		level    Level
		settings Settings
	}
	var resourceRules, stackRules []active
	for _, rule := range All() {
		level := cfg.LevelFor(rule)
		if level == Disabled {
			continue
		}
		settings, err := cfg.SettingsFor(rule)
		if err != nil {
			out = append(out, Verdict{Policy: rule.Name, Level: Mandatory, Severity: rule.Severity,
				Message: "invalid policy config: " + err.Error()})
			continue
		}
		a := active{rule, level, settings}
		if rule.Stack() {
			stackRules = append(stackRules, a)
		} else {
			resourceRules = append(resourceRules, a)
		}
	}
	byURN := make(map[string]Resource, len(rs))
	for _, r := range rs {
		byURN[r.URN] = r
		for _, a := range resourceRules {
			for _, msg := range a.rule.Run(r, a.settings) {
				out = append(out, Verdict{Policy: a.rule.Name, Level: a.level, Severity: a.rule.Severity,
					URN: r.URN, Type: r.Type, Name: r.Name, Message: msg})
			}
		}
	}
	for _, a := range stackRules {
		for _, f := range a.rule.RunStack(rs, a.settings) {
			r := byURN[f.URN]
			out = append(out, Verdict{Policy: a.rule.Name, Level: a.level, Severity: a.rule.Severity,
				URN: f.URN, Type: r.Type, Name: r.Name, Message: f.Message})
		}
	}
	return out
}

// Blocking returns the mandatory verdicts: those that fail a deployment or an offline plan.
func Blocking(vs []Verdict) []Verdict {
	var out []Verdict
	for _, v := range vs {
		if v.Level == Mandatory {
			out = append(out, v)
		}
	}
	return out
}

// HasMandatory reports whether any verdict blocks a deployment.
func HasMandatory(vs []Verdict) bool { return len(Blocking(vs)) > 0 }
