package gitops

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/template"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// chart is a Helm chart of this repository: its Chart.yaml, strictly decoded.
type chart struct {
	APIVersion  string `yaml:"apiVersion"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Type        string `yaml:"type"`
	Version     string `yaml:"version"`
}

// strict decodes YAML into out, refusing unknown fields and duplicate keys.
func strict(data []byte, out any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(out)
}

func readChart(t *testing.T, dir string) chart {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "Chart.yaml"))
	require.NoError(t, err)
	var c chart
	require.NoError(t, strict(data, &c), dir)
	return c
}

// chartValues are dir's values.yaml with values-<env>.yaml merged over them (as Argo CD's
// valueFiles do), and then extra (the Application's valuesObject, or Pulumi's).
func chartValues(t *testing.T, dir, env string, extra map[string]any) map[string]any {
	t.Helper()
	values := map[string]any{}
	for _, f := range []string{"values.yaml", "values-" + env + ".yaml"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if os.IsNotExist(err) && f != "values.yaml" {
			continue
		}
		require.NoError(t, err)
		var v map[string]any
		require.NoError(t, yaml.Unmarshal(data, &v), f)
		merge(values, v)
	}
	merge(values, extra)
	return values
}

// merge writes src over dst, recursively for maps (Helm's rule; lists are replaced).
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				merge(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// funcs are the Helm template functions the charts here may use; a template that calls any
// other fails to parse, so the charts stay renderable by this test.
var funcs = template.FuncMap{
	"quote": func(v any) string { return fmt.Sprintf("%q", fmt.Sprint(v)) },
}

// render renders every template of the chart in dir with values and returns the documents,
// each as its YAML text.
func render(t *testing.T, dir string, values map[string]any) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "templates", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files, dir)
	var docs []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		tpl, err := template.New(filepath.Base(f)).Funcs(funcs).Option("missingkey=error").Parse(string(src))
		require.NoError(t, err, f)
		var out bytes.Buffer
		require.NoError(t, tpl.Execute(&out, map[string]any{"Values": values}), f)
		for _, d := range strings.Split(out.String(), "\n---\n") {
			var probe map[string]any
			require.NoError(t, yaml.Unmarshal([]byte(d), &probe), "%s renders YAML:\n%s", f, d)
			if len(probe) > 0 {
				docs = append(docs, d)
			}
		}
	}
	return docs
}

// yamlFiles lists every YAML file under root, sorted.
func yamlFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			out = append(out, p)
		}
		return err
	}))
	slices.Sort(out)
	return out
}

var readFile = os.ReadFile

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
