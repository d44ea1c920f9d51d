package provider

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The TypeScript consumer, exercised for real: the Node.js SDK is generated from schema.json
// with the Pulumi CLI's own code generator (tools/pulumi-cli/nodejs-sdk), examples/typescript
// gets its pinned @pulumi/pulumi and TypeScript from the npm registry (`npm ci` on the committed
// package-lock.json, downloads cached in the user cache directory), and tsc type-checks the
// program, strict, against the SDK. Broken copies of the program must fail, naming the
// property. node and npm must be on PATH (requireTool: skipped locally, failing in CI).
func TestTypeScriptSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the Node.js SDK and runs npm ci and tsc")
	}
	for _, tool := range []string{"node", "npm"} {
		requireTool(t, tool, "install Node.js 22 (with npm) to compile examples/typescript")
	}
	start := time.Now()
	project := t.TempDir()
	for _, name := range []string{"index.ts", "package.json", "package-lock.json", "tsconfig.json"} {
		src, err := os.ReadFile(filepath.Join("..", "examples", "typescript", name))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(project, name), src, 0o644))
	}
	// Where `pulumi package add` writes the SDK, and where tsconfig.json maps the package to.
	generateNodeSDK(t, filepath.Join(project, "sdks", "aksplatform"))
	generated := time.Now()

	npmCI(t, project)
	installed := time.Now()

	out, err := tsc(project, "tsconfig.json")
	require.NoError(t, err, "tsc --noEmit on examples/typescript:\n%s", out)
	compiled := time.Now()

	t.Run("broken", func(t *testing.T) { typeScriptBroken(t, project) })
	t.Logf("SDK generated in %s, npm ci %s, tsc %s, broken programs %s",
		generated.Sub(start).Round(time.Millisecond), installed.Sub(generated).Round(time.Millisecond),
		compiled.Sub(installed).Round(time.Millisecond), time.Since(compiled).Round(time.Millisecond))
}

// typeScriptBroken compiles copies of index.ts, each with one mistake a TypeScript user can
// make, and wants exactly one diagnostic each, at the property it names.
func typeScriptBroken(t *testing.T, project string) {
	index, err := os.ReadFile(filepath.Join(project, "index.ts"))
	require.NoError(t, err)
	cases := []struct {
		name      string
		from, to  string
		at        string // the identifier the diagnostic points at
		diagnosis string
	}{
		{
			name: "wrong-type", from: "retentionDays: 30,", to: `retentionDays: "30",`,
			at: "retentionDays", diagnosis: "TS2322: Type 'string' is not assignable to type 'number'",
		},
		{
			name: "nested-wrong-type", from: "privateSubnetPrefixLength: 20", to: `privateSubnetPrefixLength: "/20"`,
			at: "privateSubnetPrefixLength", diagnosis: "TS2322: Type 'string' is not assignable to type 'Input<number | undefined>'",
		},
		{
			name: "unknown-property", from: `new aksplatform.aks.Cluster("cluster", {`,
			to: `new aksplatform.aks.Cluster("cluster", { nodeCount: 3,`,
			at: "nodeCount", diagnosis: "'nodeCount' does not exist in type 'ClusterArgs'",
		},
		{
			name: "unknown-output", from: "= region.kubeconfig;", to: "= region.kubeConfig;",
			at: "kubeConfig", diagnosis: "Property 'kubeConfig' does not exist on type 'Region'. Did you mean 'kubeconfig'?",
		},
	}
	var files []string
	for _, c := range cases {
		require.Equal(t, 1, strings.Count(string(index), c.from), "examples/typescript/index.ts must hold %q once", c.from)
		name := "broken-" + c.name + ".ts"
		files = append(files, name)
		broken := strings.Replace(string(index), c.from, c.to, 1)
		require.NoError(t, os.WriteFile(filepath.Join(project, name), []byte(broken), 0o644))
	}
	config := `{"extends": "./tsconfig.json", "files": ["` + strings.Join(files, `", "`) + `"]}`
	require.NoError(t, os.WriteFile(filepath.Join(project, "tsconfig.broken.json"), []byte(config), 0o644))
	out, err := tsc(project, "tsconfig.broken.json")
	require.Error(t, err, "tsc accepted the broken programs")
	diags := parseTSDiagnostics(t, out)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := diags[files[i]]
			require.Len(t, got, 1, "%s", out)
			assert.Contains(t, got[0].message, c.diagnosis)
			src, err := os.ReadFile(filepath.Join(project, files[i]))
			require.NoError(t, err)
			assert.Equal(t, c.at, identifierAt(string(src), got[0].line, got[0].col), "%s", out)
		})
	}
}

// generateNodeSDK writes the SDK of schema.json into dir. The generator is a command of the
// tools/pulumi-cli module: codegen/nodejs needs modules the platform module does not carry.
func generateNodeSDK(t *testing.T, dir string) {
	t.Helper()
	schema, err := filepath.Abs("schema.json")
	require.NoError(t, err)
	gen := exec.Command("go", "run", "./nodejs-sdk", schema, dir)
	gen.Dir = filepath.Join("..", "tools", "pulumi-cli")
	out, err := gen.CombinedOutput()
	require.NoError(t, err, "generating the Node.js SDK:\n%s", out)
	_, err = os.Stat(filepath.Join(dir, "aks", "cluster.ts"))
	require.NoError(t, err)
}

// npmCI installs the locked packages; the npm cache lives in the user cache directory so that a
// second run downloads nothing. Install scripts are not run: type-checking needs none.
func npmCI(t *testing.T, project string) {
	t.Helper()
	cache := filepath.Join(t.TempDir(), "npm")
	if dir, err := os.UserCacheDir(); err == nil {
		cache = filepath.Join(dir, "aksplatform", "npm")
	}
	ci := exec.Command("npm", "ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--cache", cache)
	ci.Dir = project
	ci.Env = append(os.Environ(), "npm_config_update_notifier=false")
	out, err := ci.CombinedOutput()
	require.NoError(t, err, "npm ci in examples/typescript:\n%s", out)
}

// tsc type-checks the project with the TypeScript that package-lock.json pins.
func tsc(project, config string) (string, error) {
	cmd := exec.Command("node", filepath.Join("node_modules", "typescript", "bin", "tsc"),
		"--noEmit", "--pretty", "false", "-p", config)
	cmd.Dir = project
	out, err := cmd.CombinedOutput()
	return string(out), err
}

type tsDiagnostic struct {
	line, col int
	message   string
}

var tsDiagnosticLine = regexp.MustCompile(`^(.+)\((\d+),(\d+)\): error (.*)$`)

// parseTSDiagnostics groups tsc's `file(line,col): error TSnnnn: message` lines by file.
func parseTSDiagnostics(t *testing.T, out string) map[string][]tsDiagnostic {
	t.Helper()
	diags := map[string][]tsDiagnostic{}
	s := bufio.NewScanner(strings.NewReader(out))
	for s.Scan() {
		m := tsDiagnosticLine.FindStringSubmatch(s.Text())
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		diags[m[1]] = append(diags[m[1]], tsDiagnostic{line: line, col: col, message: m[4]})
	}
	require.NotEmpty(t, diags, "no diagnostics in tsc's output:\n%s", out)
	return diags
}

// identifierAt is the identifier starting at the 1-based line and column of src.
func identifierAt(src string, line, col int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1]) {
		return ""
	}
	rest := lines[line-1][col-1:]
	end := strings.IndexFunc(rest, func(r rune) bool {
		return !(r == '_' || r == '$' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
	if end < 0 {
		return rest
	}
	return rest[:end]
}
