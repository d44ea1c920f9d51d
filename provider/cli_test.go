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
	cli, err := exec.LookPath("pulumi")
	if err != nil {
		msg := "pulumi CLI not on PATH: build it with `cd tools/pulumi-cli && go build -ldflags " +
			"\"-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.274.1\" -o bin/pulumi " +
			"github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` and put tools/pulumi-cli/bin on PATH"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
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
