package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// `plan diff` between the prod file and a copy with a bigger user pool VM size: the pools are
// replaced, nothing else changes; between a saved JSON plan and the stack it came from,
// nothing changes. The output is the same on every run.
func TestPlanDiff(t *testing.T) {
	dir := t.TempDir()
	prod, err := os.ReadFile(filepath.Join("..", "..", "Pulumi.prod.yaml"))
	require.NoError(t, err)
	next := strings.Replace(string(prod), "vmSize: Standard_D8s_v5", "vmSize: Standard_D16s_v5", 1)
	require.NotEqual(t, string(prod), next)
	nextFile := filepath.Join(dir, "prod-next.yaml")
	require.NoError(t, os.WriteFile(nextFile, []byte(next), 0o600))

	out, err := runPlanCmd(t, "diff", "--from", "../../Pulumi.prod.yaml", "--to", nextFile, "--stack", "prod",
		"--today", "2026-11-30", "--format", "json")
	require.NoError(t, err)
	var doc struct {
		Counts  map[string]int `json:"counts"`
		Changes []struct {
			Kind, Name string
			Inputs     []struct{ Path, From, To string }
		} `json:"changes"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, map[string]int{"replace": 2}, doc.Counts)
	for _, c := range doc.Changes {
		assert.Contains(t, c.Name, "-aks-pool-apps")
		require.Len(t, c.Inputs, 1)
		assert.Equal(t, "vmSize", c.Inputs[0].Path)
		assert.Equal(t, "Standard_D16s_v5", c.Inputs[0].To)
	}
	again, err := runPlanCmd(t, "diff", "--from", "../../Pulumi.prod.yaml", "--to", nextFile, "--stack", "prod",
		"--today", "2026-11-30", "--format", "json")
	require.NoError(t, err)
	assert.Equal(t, out, again, "deterministic")

	_, err = runPlanCmd(t, "diff", "--from", "../../Pulumi.prod.yaml", "--to", nextFile, "--today", "2026-11-30", "--fail-on-replace")
	assert.ErrorIs(t, err, errReplacements)

	saved, err := runPlanCmd(t, "--stack", "prod", "--today", "2026-11-30", "--format", "json")
	require.NoError(t, err)
	savedFile := filepath.Join(dir, "plan.json")
	require.NoError(t, os.WriteFile(savedFile, []byte(saved), 0o600))
	text, err := runPlanCmd(t, "diff", "--from", savedFile, "--stack", "prod", "--today", "2026-11-30")
	require.NoError(t, err)
	assert.Contains(t, text, "0 to replace, 0 to remove, 0 to add, 0 to update")

	_, err = runPlanCmd(t, "diff", "--from", savedFile)
	assert.ErrorContains(t, err, "--to or --stack is required")
}
