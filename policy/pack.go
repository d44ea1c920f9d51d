package main

import (
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"gopkg.in/yaml.v3"

	"github.com/aksplatform/platform/internal/typetoken"
	"github.com/aksplatform/platform/policy/rules"
)

//go:embed PulumiPolicy.yaml
var projectFile []byte

// project is what the pack reads from PulumiPolicy.yaml: one place for name and version.
type project struct {
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	Description string `yaml:"description"`
}

func loadProject() (project, error) {
	var p project
	if err := yaml.Unmarshal(projectFile, &p); err != nil {
		return p, fmt.Errorf("PulumiPolicy.yaml: %w", err)
	}
	if p.Name == "" || p.Version == "" {
		return p, fmt.Errorf("PulumiPolicy.yaml: name and version are required")
	}
	return p, nil
}

// environmentKey is the stack config key the stacks read the environment kind from.
const environmentKey = "aks-platform:environment"

// stage returns the stage of the stack being judged: its aks-platform:environment config, else the
// stack name. A rule's own "environment" option overrides both.
func stage(ctx *pulumi.Context) string {
	if env, ok := ctx.GetConfig(environmentKey); ok && env != "" {
		return env
	}
	return ctx.Stack()
}

// optionStore keeps each policy's config properties as the engine sent them with Configure.
// policyx passes a resource policy its config but gives stack policies none; the guard fills
// this store so that stack rules get their options too.
type optionStore struct {
	mu      sync.RWMutex
	options map[string]map[string]any
}

func (s *optionStore) set(options map[string]map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.options = options
}

func (s *optionStore) get(policy string) map[string]any {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.options[policy]
}

// newPack builds the policy pack for one stack: every rule of policy/rules, wired as a policyx
// resource or stack policy. The rules hold all logic; this only converts the views.
func newPack(ctx *pulumi.Context, store *optionStore) (policyx.PolicyPack, error) {
	proj, err := loadProject()
	if err != nil {
		return nil, err
	}
	version, err := semver.Parse(proj.Version)
	if err != nil {
		return nil, fmt.Errorf("PulumiPolicy.yaml: version: %w", err)
	}
	base := rules.DefaultSettings()
	base.Stage = stage(ctx)

	var policies []policyx.Policy
	for _, rule := range rules.All() {
		var schema *policyx.ConfigSchema
		if props := rule.ConfigSchema(); props != nil {
			schema = &policyx.ConfigSchema{Properties: props}
		}
		if rule.Stack() {
			policies = append(policies, policyx.NewStackValidationPolicy(rule.Name, policyx.StackValidationPolicyArgs{
				Description:      rule.Description,
				EnforcementLevel: level(rule.Level),
				ConfigSchema:     schema,
				ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
					settings, err := rule.Settings(base, store.get(rule.Name))
					if err != nil {
						return err
					}
					views := make([]rules.Resource, len(args.Resources))
					for i, r := range args.Resources {
						views[i] = view(r)
					}
					for _, f := range rule.RunStack(views, settings) {
						args.Manager.ReportViolation(f.Message, f.URN)
					}
					return nil
				},
			}))
			continue
		}
		policies = append(policies, policyx.NewResourceValidationPolicy(rule.Name, policyx.ResourceValidationPolicyArgs{
			Description:      rule.Description,
			EnforcementLevel: level(rule.Level),
			ConfigSchema:     schema,
			ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
				if !rule.Applies(args.Resource.Type) {
					return nil
				}
				settings, err := rule.Settings(base, args.Config)
				if err != nil {
					return err
				}
				for _, msg := range rule.Run(view(args.Resource), settings) {
					args.Manager.ReportViolation(msg, "")
				}
				return nil
			},
		}))
	}
	return policyx.NewPolicyPack(proj.Name, version, policyx.EnforcementLevelAdvisory, policies)
}

// view converts the engine's resource to the rules' view.
func view(r policyx.AnalyzerResource) rules.Resource {
	return rules.Resource{
		Type:                 typetoken.Base(r.Type),
		Name:                 r.Name,
		URN:                  r.URN,
		Parent:               r.Parent,
		Properties:           r.Properties,
		Dependencies:         r.Dependencies,
		PropertyDependencies: r.PropertyDependencies,
		Provider:             r.Provider.URN,
	}
}

// levels maps the rules' enforcement levels to policyx's.
var levels = map[rules.Level]policyx.EnforcementLevel{
	rules.Advisory:  policyx.EnforcementLevelAdvisory,
	rules.Mandatory: policyx.EnforcementLevelMandatory,
	rules.Disabled:  policyx.EnforcementLevelDisabled,
}

// level maps a rules level to policyx's; an unknown level is advisory.
func level(l rules.Level) policyx.EnforcementLevel {
	if e, ok := levels[l]; ok {
		return e
	}
	return policyx.EnforcementLevelAdvisory
}
