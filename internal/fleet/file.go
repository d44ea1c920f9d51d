// Package fleet plans, previews, deploys and checks for drift many environments of the
// platform at once. A fleet file lists the environments (a Pulumi stack and its config file
// each); a Runner runs one operation over a selection of them with a bounded worker pool,
// offline (Plan, under Pulumi mocks) or through the Automation API with the stacks embedded
// as inline programs (Preview, Up, Drift). One environment failing never stops the others.
package fleet

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/aksplatform/platform/stacks"
	"github.com/aksplatform/platform/validation"
)

// DefaultConcurrency is how many environments run at once when the fleet file does not say.
const DefaultConcurrency = 4

// MaxConcurrency bounds defaults.concurrency: every environment runs a Pulumi engine.
const MaxConcurrency = 64

// File is a fleet file: the environments of one platform and where their state lives.
//
//	defaults:
//	  backend: file://~/.pulumi-state   # else $PULUMI_BACKEND_URL, else the CLI's login
//	  concurrency: 4
//	environments:
//	  - name: dev
//	    stack: dev                      # or org/aks-platform/dev
//	    config: Pulumi.dev.yaml         # relative to the fleet file
//	    labels: {tier: nonprod}
type File struct {
	Defaults     Defaults `yaml:"defaults"`
	Environments []Member `yaml:"environments"`
}

// Defaults apply to every environment of the fleet.
type Defaults struct {
	// Backend is the state backend URL (file://, azblob://, https://api.pulumi.com, ...).
	// Empty means $PULUMI_BACKEND_URL, and when that is unset, whatever the CLI is logged into.
	Backend string `yaml:"backend,omitempty"`
	// SecretsProvider is passed to new stacks (passphrase, azurekeyvault://...). Empty keeps the
	// backend's default: passphrase for self-managed backends, the service for Pulumi Cloud.
	SecretsProvider string `yaml:"secretsProvider,omitempty"`
	// Concurrency is how many environments run at once (default 4).
	Concurrency int `yaml:"concurrency,omitempty"`
}

// Member is one stack of the fleet.
type Member struct {
	// Name identifies the environment on the command line and in reports.
	Name string `yaml:"name"`
	// Stack is the Pulumi stack name, short (dev) or fully qualified (org/aks-platform/dev);
	// it defaults to Name.
	Stack string `yaml:"stack,omitempty"`
	// Config is the Pulumi.<stack>.yaml whose config section configures the stack, relative
	// to the fleet file.
	Config string `yaml:"config"`
	// PolicyConfig is an optional policy pack config (the --policy-pack-config format) used by
	// Plan with policy, relative to the fleet file.
	PolicyConfig string `yaml:"policyConfig,omitempty"`
	// Labels select environments: --label tier=prod.
	Labels map[string]string `yaml:"labels,omitempty"`

	dir string // the fleet file's folder; relative paths are resolved against it
}

// ConfigPath is the path of the environment's stack config file.
func (e Member) ConfigPath() string { return e.resolve(e.Config) }

// PolicyConfigPath is the path of the environment's policy config, or "" when it has none.
func (e Member) PolicyConfigPath() string {
	if e.PolicyConfig == "" {
		return ""
	}
	return e.resolve(e.PolicyConfig)
}

func (e Member) resolve(p string) string {
	if filepath.IsAbs(p) || e.dir == "" {
		return p
	}
	return filepath.Join(e.dir, p)
}

// StackName is the stack name as given, or Name when none was.
func (e Member) StackName() string {
	if e.Stack == "" {
		return e.Name
	}
	return e.Stack
}

// ShortStack is the last part of the stack name: prod for org/aks-platform/prod.
func (e Member) ShortStack() string {
	s := e.StackName()
	return s[strings.LastIndex(s, "/")+1:]
}

// Load reads and validates a fleet file. Relative paths in it are resolved against its folder.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := Parse(data, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// Parse decodes a fleet file whose relative paths are relative to dir, then validates it.
// Unknown keys are errors, so that a misspelled setting is not silently ignored.
func Parse(data []byte, dir string) (*File, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("parsing fleet file: %w", err)
	}
	for i := range f.Environments {
		f.Environments[i].dir = dir
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return &f, nil
}

var (
	namePattern  = regexp.MustCompile(`^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$`)
	stackPart    = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
	labelPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?$`)
)

// Validate checks the whole file and returns every problem at once (a *validation.Error),
// each naming its key: environments[1].config, defaults.concurrency.
func (f *File) Validate() error {
	var ps validation.Problems
	if c := f.Defaults.Concurrency; c < 0 || c > MaxConcurrency {
		ps.Addf("defaults.concurrency", "%d is out of range: want 1 to %d (0 means %d)",
			c, MaxConcurrency, DefaultConcurrency)
	}
	if b := f.Defaults.Backend; b != "" && !strings.Contains(b, "://") {
		ps.Addf("defaults.backend", "%q is not a backend URL (file://..., azblob://..., https://...)", b)
	}
	if len(f.Environments) == 0 {
		ps.Addf("environments", "at least one environment is required")
	}
	names := map[string]int{}
	stackNames := map[string]int{}
	for i, e := range f.Environments {
		key := validation.Index("environments", i)
		switch {
		case e.Name == "":
			ps.Addf(key+".name", "is required")
		case !namePattern.MatchString(e.Name):
			ps.Addf(key+".name", "%q: use lower-case letters, digits, '.', '_' and '-'", e.Name)
		case seen(names, e.Name, i):
			ps.Addf(key+".name", "%q is also %s", e.Name, validation.Index("environments", names[e.Name]))
		}
		if e.StackName() != "" {
			if err := checkStack(e.StackName()); err != nil {
				ps.Addf(key+".stack", "%v", err)
			} else if seen(stackNames, e.StackName(), i) {
				ps.Addf(key+".stack", "%q is also the stack of %s: two environments would race on one state",
					e.StackName(), validation.Index("environments", stackNames[e.StackName()]))
			}
		}
		if e.Config == "" {
			ps.Addf(key+".config", "is required: the Pulumi.<stack>.yaml of the environment")
		} else if err := isFile(e.ConfigPath()); err != nil {
			ps.Addf(key+".config", "%v", err)
		}
		if e.PolicyConfig != "" {
			if err := isFile(e.PolicyConfigPath()); err != nil {
				ps.Addf(key+".policyConfig", "%v", err)
			}
		}
		for k := range e.Labels {
			if !labelPattern.MatchString(k) {
				ps.Addf(key+".labels", "%q is not a valid label key", k)
			}
		}
	}
	return ps.Err()
}

// seen records the first index of v and reports whether v was seen before index i.
func seen(first map[string]int, v string, i int) bool {
	if _, ok := first[v]; ok {
		return true
	}
	first[v] = i
	return false
}

func checkStack(s string) error {
	parts := strings.Split(s, "/")
	if len(parts) != 1 && len(parts) != 3 {
		return fmt.Errorf("%q: want stack or org/%s/stack", s, stacks.Project)
	}
	for _, p := range parts {
		if !stackPart.MatchString(p) {
			return fmt.Errorf("%q: a stack name has letters, digits, '.', '_' and '-' only", s)
		}
	}
	if len(parts) == 3 && parts[1] != stacks.Project {
		return fmt.Errorf("%q: the project is %s, not %s", s, stacks.Project, parts[1])
	}
	return nil
}

func isFile(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s does not exist", p)
		}
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%s is a folder, not a file", p)
	}
	return nil
}
