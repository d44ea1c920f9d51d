package gitops

// The Argo CD kinds, with exactly the fields this repository uses: strict decoding refuses a
// misspelt or misplaced field instead of letting Argo CD ignore it.
type (
	meta struct {
		Name        string            `yaml:"name"`
		Namespace   string            `yaml:"namespace"`
		Labels      map[string]string `yaml:"labels"`
		Annotations map[string]string `yaml:"annotations"`
		Finalizers  []string          `yaml:"finalizers"`
	}
	destination struct {
		Server    string `yaml:"server"`
		Namespace string `yaml:"namespace"`
	}
	source struct {
		RepoURL        string `yaml:"repoURL"`
		Chart          string `yaml:"chart"`
		Path           string `yaml:"path"`
		TargetRevision string `yaml:"targetRevision"`
		Helm           *struct {
			ReleaseName  string         `yaml:"releaseName"`
			ValueFiles   []string       `yaml:"valueFiles"`
			ValuesObject map[string]any `yaml:"valuesObject"`
		} `yaml:"helm"`
	}
	application struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   meta   `yaml:"metadata"`
		Spec       struct {
			Project     string      `yaml:"project"`
			Destination destination `yaml:"destination"`
			Source      source      `yaml:"source"`
			SyncPolicy  struct {
				Automated *struct {
					Prune    bool `yaml:"prune"`
					SelfHeal bool `yaml:"selfHeal"`
				} `yaml:"automated"`
				SyncOptions []string `yaml:"syncOptions"`
			} `yaml:"syncPolicy"`
		} `yaml:"spec"`
	}
	groupKind struct {
		Group string `yaml:"group"`
		Kind  string `yaml:"kind"`
	}
	appProject struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   meta   `yaml:"metadata"`
		Spec       struct {
			Description                string        `yaml:"description"`
			SourceRepos                []string      `yaml:"sourceRepos"`
			Destinations               []destination `yaml:"destinations"`
			ClusterResourceWhitelist   []groupKind   `yaml:"clusterResourceWhitelist"`
			NamespaceResourceWhitelist []groupKind   `yaml:"namespaceResourceWhitelist"`
		} `yaml:"spec"`
	}
	secret struct {
		APIVersion string            `yaml:"apiVersion"`
		Kind       string            `yaml:"kind"`
		Metadata   meta              `yaml:"metadata"`
		StringData map[string]string `yaml:"stringData"`
	}
	// clusterPolicy is decoded strictly down to each rule's failure action; the patterns
	// below it are Kyverno's own language.
	clusterPolicy struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   meta   `yaml:"metadata"`
		Spec       struct {
			Background bool `yaml:"background"`
			Rules      []struct {
				Name     string         `yaml:"name"`
				Match    map[string]any `yaml:"match"`
				Exclude  map[string]any `yaml:"exclude"`
				Validate struct {
					FailureAction string         `yaml:"failureAction"`
					Message       string         `yaml:"message"`
					Pattern       map[string]any `yaml:"pattern"`
				} `yaml:"validate"`
			} `yaml:"rules"`
		} `yaml:"spec"`
	}
)
