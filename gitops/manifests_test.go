package gitops

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	argo "github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/stacks"
	"github.com/aksplatform/platform/validation"
)

// repository is what the platform chart renders to for one environment, decoded.
type repository struct {
	values   map[string]any
	apps     []application
	projects map[string]appProject
	secrets  []secret
	policies []clusterPolicy
}

const platformDir = "platform"

// twoRegions replaces the placeholder's buckets with two regions', so that the global view
// (a store gateway per other region's bucket) is rendered too.
var twoRegions = map[string]any{"cluster": map[string]any{"thanos": map[string]any{"buckets": []any{
	map[string]any{"region": "westeurope", "storageAccount": "thanosexample000000"},
	map[string]any{"region": "northeurope", "storageAccount": "thanosexample111111"},
}}}}

// load renders the platform chart for env with its placeholder cluster values (two regions),
// then every
// local chart an Application syncs from this repository with that Application's values, and
// decodes each document strictly by kind; an unknown kind fails.
func load(t *testing.T, env string) repository {
	t.Helper()
	r := repository{values: chartValues(t, platformDir, env, twoRegions), projects: map[string]appProject{}}
	docs := render(t, platformDir, r.values)
	for i := 0; i < len(docs); i++ {
		var head struct {
			APIVersion string `yaml:"apiVersion"`
			Kind       string `yaml:"kind"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(docs[i]), &head))
		switch head.Kind {
		case "Application":
			var a application
			require.NoError(t, strict([]byte(docs[i]), &a), docs[i])
			r.apps = append(r.apps, a)
			if dir, ok := localChart(r.values, a.Spec.Source); ok {
				docs = append(docs, render(t, dir, chartValues(t, dir, env, a.Spec.Source.Helm.ValuesObject))...)
			}
		case "AppProject":
			var p appProject
			require.NoError(t, strict([]byte(docs[i]), &p), docs[i])
			r.projects[p.Metadata.Name] = p
		case "Secret":
			var s secret
			require.NoError(t, strict([]byte(docs[i]), &s), docs[i])
			r.secrets = append(r.secrets, s)
		case "ClusterPolicy":
			var p clusterPolicy
			require.NoError(t, strict([]byte(docs[i]), &p), docs[i])
			r.policies = append(r.policies, p)
		default:
			t.Fatalf("unknown kind %q (%s):\n%s", head.Kind, head.APIVersion, docs[i])
		}
	}
	return r
}

// localChart resolves an Application source in this repository (the platform's repoURL, a
// path under the platform chart's path) to its directory here.
func localChart(values map[string]any, s source) (string, bool) {
	cluster := values["cluster"].(map[string]any)
	if s.Path == "" || s.RepoURL != cluster["repoURL"] {
		return "", false
	}
	rel, ok := strings.CutPrefix(s.Path, cluster["path"].(string)+"/")
	return filepath.Join(platformDir, rel), ok
}

var environments = []string{"dev", "prod"}

// Every YAML file under gitops/ parses strictly (no duplicate keys), and every chart's
// Chart.yaml names a pinned version.
func TestEveryManifestParses(t *testing.T) {
	for _, f := range yamlFiles(t, ".") {
		if strings.Contains(f, string(filepath.Separator)+"templates"+string(filepath.Separator)) {
			continue // templates are checked rendered, below
		}
		var node yaml.Node
		data := mustRead(t, f)
		require.NoError(t, yaml.Unmarshal(data, &node), f)
		if filepath.Base(f) == "Chart.yaml" {
			c := readChart(t, filepath.Dir(f))
			assert.True(t, validation.IsPinnedVersion(c.Version), "%s: version %q is not pinned", f, c.Version)
			assert.Equal(t, "v2", c.APIVersion, f)
		}
	}
}

// Every Application: a pinned chart (or a chart of this repository), a project that exists,
// a destination its project allows, a source its project allows, automated sync with prune
// and self-heal, and a sync wave.
func TestApplications(t *testing.T) {
	for _, env := range environments {
		t.Run(env, func(t *testing.T) {
			r := load(t, env)
			require.NotEmpty(t, r.apps)
			for _, a := range r.apps {
				name := a.Metadata.Name
				assert.Equal(t, argo.PlatformNamespace, a.Metadata.Namespace, "%s lives with the platform instance", name)
				p, ok := r.projects[a.Spec.Project]
				require.True(t, ok, "%s: project %q does not exist", name, a.Spec.Project)
				assert.Contains(t, p.Spec.Destinations, a.Spec.Destination, "%s: project %s does not allow its destination", name, p.Metadata.Name)
				assert.Contains(t, p.Spec.SourceRepos, a.Spec.Source.RepoURL, "%s: project %s does not allow its source", name, p.Metadata.Name)
				if a.Spec.Source.Chart != "" {
					assert.True(t, validation.IsPinnedVersion(a.Spec.Source.TargetRevision), "%s: chart %s version %q is not pinned",
						name, a.Spec.Source.Chart, a.Spec.Source.TargetRevision)
				} else {
					dir, ok := localChart(r.values, a.Spec.Source)
					require.True(t, ok, "%s: a source without a chart must be a chart of this repository", name)
					assert.True(t, validation.IsPinnedVersion(readChart(t, dir).Version), name)
				}
				require.NotNil(t, a.Spec.SyncPolicy.Automated, "%s syncs automatically", name)
				assert.True(t, a.Spec.SyncPolicy.Automated.Prune && a.Spec.SyncPolicy.Automated.SelfHeal, "%s prunes and self-heals", name)
				_, err := strconv.Atoi(a.Metadata.Annotations["argocd.argoproj.io/sync-wave"])
				assert.NoError(t, err, "%s has a sync wave", name)
			}
		})
	}
}

// CRDs come first: the project before every Application, Kyverno before the policies that
// use its CRDs, kube-prometheus-stack (the Prometheus Operator's CRDs) before Thanos.
func TestSyncWaves(t *testing.T) {
	r := load(t, "prod")
	wave := map[string]int{}
	for _, a := range r.apps {
		wave[a.Metadata.Name], _ = strconv.Atoi(a.Metadata.Annotations["argocd.argoproj.io/sync-wave"])
	}
	project, _ := strconv.Atoi(r.projects["platform"].Metadata.Annotations["argocd.argoproj.io/sync-wave"])
	for name, w := range wave {
		assert.Less(t, project, w, "the project exists before %s", name)
	}
	assert.Less(t, wave["kyverno"], wave["guardrails"])
	assert.Less(t, wave["kube-prometheus-stack"], wave["thanos"])
	require.Contains(t, wave, "thanos-store-northeurope", "the other region's bucket has its store gateway")
	assert.NotContains(t, wave, "thanos-store-westeurope", "the region's own bucket is read by its own store gateway")
	assert.Less(t, wave["kube-prometheus-stack"], wave["thanos-store-northeurope"])
}

// The platform and applications instances cannot deploy into each other's namespaces: the
// platform project lists no wildcard, not argocd-apps, and no workload namespace of the
// shipped stacks; the applications project (components/gitops) lists only argocd-apps and
// those workload namespaces, which stacks keeps out of the platform's namespaces.
func TestInstancesStayApart(t *testing.T) {
	r := load(t, "prod")
	var platformNS []string
	for _, p := range r.projects {
		for _, d := range p.Spec.Destinations {
			assert.NotContains(t, d.Namespace, "*", "project %s", p.Metadata.Name)
			assert.NotContains(t, d.Server, "*", "project %s", p.Metadata.Name)
			assert.NotEqual(t, argo.ApplicationsNamespace, d.Namespace, "project %s", p.Metadata.Name)
			platformNS = append(platformNS, d.Namespace)
		}
	}
	assert.NotContains(t, r.projects, argo.ApplicationsProject, "the applications project is the applications instance's")
	for _, file := range []string{"../Pulumi.dev.yaml", "../Pulumi.prod.yaml"} {
		env, err := stacks.LoadFile(file)
		require.NoError(t, err)
		for _, w := range env.Workloads {
			assert.NotContains(t, platformNS, w.Namespace, "%s: workload %s is the applications instance's", file, w.Name)
		}
	}
}

// Every image the chart's values name is pulled through the registry's cache, from exactly
// the images components/gitops declares (PlatformImages, which become cache rules), and
// every declared image is used.
func TestImagesComeThroughTheCache(t *testing.T) {
	declared := map[string]bool{}
	for _, img := range argo.PlatformImages {
		declared[img.CacheRepository()] = false
	}
	for _, env := range environments {
		r := load(t, env)
		registry := r.values["cluster"].(map[string]any)["registry"].(string)
		for _, a := range r.apps {
			if a.Spec.Source.Helm == nil {
				continue
			}
			for _, img := range images(a.Spec.Source.Helm.ValuesObject, registry) {
				_, ok := declared[img]
				assert.True(t, ok, "%s: %s is not in gitops.PlatformImages, so the registry does not cache it", a.Metadata.Name, img)
				declared[img] = true
			}
		}
	}
	for img, used := range declared {
		assert.True(t, used, "%s is cached but no value pulls it", img)
	}
}

// images returns the cache repositories a values tree pulls: every "repository" value that
// names an upstream registry, and every string that starts with the registry's login server.
func images(v any, registry string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			if s, ok := v[k].(string); ok && k == "repository" && strings.Contains(strings.Split(s, "/")[0], ".") {
				out = append(out, s)
				continue
			}
			out = append(out, images(v[k], registry)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, images(e, registry)...)
		}
	case string:
		if rest, ok := strings.CutPrefix(v, registry+"/"); ok {
			out = append(out, strings.SplitN(rest, ":", 2)[0])
		}
	}
	return out
}

// The guardrails audit in dev and enforce in prod, and allow only the platform registry.
func TestGuardrails(t *testing.T) {
	want := map[string]string{"dev": "Audit", "prod": "Enforce"}
	for _, env := range environments {
		r := load(t, env)
		registry := r.values["cluster"].(map[string]any)["registry"].(string)
		var names []string
		for _, p := range r.policies {
			names = append(names, p.Metadata.Name)
			for _, rule := range p.Spec.Rules {
				assert.Equal(t, want[env], rule.Validate.FailureAction, "%s %s/%s", env, p.Metadata.Name, rule.Name)
			}
			if p.Metadata.Name == "restrict-image-registries" {
				assert.Contains(t, mustYAML(t, p.Spec.Rules[0].Validate.Pattern), registry+"/*")
			}
		}
		limitsExcluded := r.values["guardrails"].(map[string]any)["limitsExcludedNamespaces"]
		assert.ElementsMatch(t, []any{argo.PlatformNamespace, argo.ApplicationsNamespace, ingress.CertManagerNamespace,
			ingress.AGICNamespace, ingress.NGINXNamespace}, limitsExcluded, "exactly the namespaces of the charts Pulumi installs")
		slices.Sort(names)
		assert.Equal(t, []string{"disallow-host-path", "disallow-privileged-containers", "require-resource-limits", "restrict-image-registries"}, names, env)
	}
}

// The values Pulumi hands over (components/gitops PlatformValues) are exactly the chart's
// cluster values, and no secret is in Git: the only Secret is a public repository declaration.
func TestHandoverAndNoSecrets(t *testing.T) {
	r := load(t, "dev")
	assert.ElementsMatch(t, argo.ClusterValueKeys(), sortedKeys(r.values["cluster"].(map[string]any)))
	for _, s := range r.secrets {
		assert.Equal(t, "repository", s.Metadata.Labels["argocd.argoproj.io/secret-type"])
		for k := range s.StringData {
			assert.Contains(t, []string{"name", "type", "url", "enableOCI"}, k, "%s holds no credential", s.Metadata.Name)
		}
	}
}

func mustRead(t *testing.T, f string) []byte {
	t.Helper()
	data, err := readFile(f)
	require.NoError(t, err)
	return data
}

func mustYAML(t *testing.T, v any) string {
	t.Helper()
	out, err := yaml.Marshal(v)
	require.NoError(t, err)
	return string(out)
}
