package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pinnedDay is the day the shipped stacks are planned on in tests.
const pinnedDay = "2026-11-30"

// The same stack planned five times prints the same bytes in every format: CI can store a plan
// next to a pull request and diff it.
//
// A resource registered with pulumi.DependsOn(component) gets, from the Go SDK, only the
// children the component had registered by then (addChild runs in each child's registration
// goroutine), so its dependency list, in the plan and in a real `pulumi up`, varies from run to
// run. Such a failure here names the resource: make it depend on the component's custom
// resources instead.
func TestPlanIsByteIdenticalAcrossRuns(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		for _, format := range []string{"text", "json", "mermaid"} {
			t.Run(stack+"/"+format, func(t *testing.T) {
				args := []string{"--stack", stack, "--format", format, "--policy", "--today", pinnedDay}
				first, err := runPlanCmd(t, args...)
				require.NoError(t, err)
				require.NotEmpty(t, first)
				for run := 2; run <= 5; run++ {
					again, err := runPlanCmd(t, args...)
					require.NoError(t, err)
					if again != first {
						t.Fatalf("run %d differs from run 1:\n%s", run, firstDiff(first, again))
					}
				}
			})
		}
	}
}

// firstDiff shows the first line where two outputs differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "one output is a prefix of the other"
}

// verdictsOf plans with --policy --format json and returns the verdicts and the error.
func verdictsOf(t *testing.T, args ...string) ([]map[string]any, error) {
	t.Helper()
	out, err := runPlanCmd(t, append(args, "--policy", "--format", "json", "--today", pinnedDay)...)
	var doc struct {
		Verdicts []map[string]any `json:"policyVerdicts"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	return doc.Verdicts, err
}

// Naming the prod file through --config judges it as prod, exactly as --stack prod does.
func TestPlanConfigFileIsJudgedAsItsEnvironment(t *testing.T) {
	byStack, err := verdictsOf(t, "--stack", "prod")
	require.NoError(t, err)
	byFile, err := verdictsOf(t, "--config", "../../Pulumi.prod.yaml")
	require.NoError(t, err)
	assert.Equal(t, byStack, byFile)
	out, err := runPlanCmd(t, "--config", "../../Pulumi.prod.yaml", "--policy", "--today", pinnedDay)
	require.NoError(t, err)
	assert.Contains(t, out, "stack prod (")
	assert.Contains(t, out, filepath.Join("policy", "config.prod.json"))
}

// A prod file with a production-only violation (the system pool in no zone) fails through
// --stack and through --config, with the same verdicts; the policy config is found in the
// checkout the command runs in.
func TestPlanProdOnlyViolationFailsThroughEitherFlag(t *testing.T) {
	b, err := os.ReadFile("../../Pulumi.prod.yaml")
	require.NoError(t, err)
	bad := strings.Replace(string(b), "      maxCount: 5\n      zones: [\"1\", \"2\", \"3\"]", "      maxCount: 5\n      zones: []", 1)
	require.NotEqual(t, string(b), bad, "the prod file changed shape; update this test")
	policy, err := os.ReadFile("../../policy/config.prod.json")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.prod.yaml"), []byte(bad), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "policy"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policy", "config.prod.json"), policy, 0o600))
	t.Chdir(dir)

	byStack, err := verdictsOf(t, "--stack", "prod")
	assert.ErrorIs(t, err, errMandatory)
	byFile, err := verdictsOf(t, "--config", filepath.Join(dir, "Pulumi.prod.yaml"))
	assert.ErrorIs(t, err, errMandatory)
	assert.Equal(t, byStack, byFile)
	var ha int
	for _, v := range byFile {
		if v["Policy"] == "aks-system-pool-ha" && v["Level"] == "mandatory" {
			ha++
		}
	}
	assert.Positive(t, ha, "the production-only rule ran: %v", byFile)
}

// --today pins the day the plan is judged on; the secret rotation window moves with it.
func TestPlanToday(t *testing.T) {
	_, err := runPlanCmd(t, "--today", "30.11.2026")
	assert.ErrorContains(t, err, "YYYY-MM-DD")
	a, err := runPlanCmd(t, "--format", "json", "--today", pinnedDay)
	require.NoError(t, err)
	b, err := runPlanCmd(t, "--format", "json", "--today", "2027-03-01")
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "the rotation keepers follow the pinned day")
}
