package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPulumiGetSchema builds the plugin and asks the Pulumi CLI for its schema, as
// `pulumi package add` does: it must be provider/schema.json, byte for byte. The CLI is looked
// up on PATH (CI builds it with tools/pulumi-cli and puts tools/pulumi-cli/bin there); without
// it the test is skipped locally and fails in CI (CI set), so it never goes quietly missing.
func TestPulumiGetSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the plugin and runs the Pulumi CLI")
	}
	cli := requireTool(t, "pulumi", "build it with `cd tools/pulumi-cli && go build -ldflags "+
		"\"-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.274.1\" -o bin/pulumi "+
		"github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` and put tools/pulumi-cli/bin on PATH")
	dir := t.TempDir()
	plugin := filepath.Join(dir, "pulumi-resource-aksplatform")
	build := exec.Command("go", "build", "-o", plugin, "./cmd/pulumi-resource-aksplatform")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	get := exec.Command(cli, "package", "get-schema", plugin)
	get.Dir = dir
	get.Env = append(os.Environ(), "PULUMI_HOME="+filepath.Join(dir, "home"), "PULUMI_SKIP_UPDATE_CHECK=true")
	got, err := get.Output()
	var stderr []byte
	if exit, ok := err.(*exec.ExitError); ok {
		stderr = exit.Stderr
	}
	require.NoError(t, err, "%s", stderr)
	want, err := os.ReadFile("schema.json")
	require.NoError(t, err)
	assert.True(t, string(want) == string(got), "pulumi package get-schema differs from provider/schema.json")
}

// requireTool is the path of a program on PATH that a test runs. Without it the test is skipped
// locally, telling how to get it, and fails in CI (CI set: .ci/run sets it), so a test that
// needs a tool CI provides never goes quietly missing.
func requireTool(t *testing.T, name, howToGet string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		msg := name + " not on PATH: " + howToGet
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return path
}
