package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/upgrade"
)

// prodOn writes a copy of Pulumi.prod.yaml on another Kubernetes version.
func prodOn(t *testing.T, version string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "Pulumi.prod.yaml"))
	require.NoError(t, err)
	s := strings.Replace(string(b), `kubernetesVersion: "1.37"`, `kubernetesVersion: "`+version+`"`, 1)
	path := filepath.Join(t.TempDir(), "Pulumi.prod.yaml")
	require.NoError(t, os.WriteFile(path, []byte(s), 0o600))
	return path
}

func runUpgradeCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(append([]string{"upgrade"}, args...))
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestUpgradePlan(t *testing.T) {
	path := prodOn(t, "1.36")
	out, err := runUpgradeCmd(t, "--stack", "prod", "--config", path, "--kubernetes-version", "1.37", "--plan", "--today", "2026-11-30")
	require.NoError(t, err)
	assert.Contains(t, out, "OFFLINE PLAN")
	for _, step := range []string{"[1/8] drain northeurope", "[2/8] upgrade northeurope to 1.37", "[3/8] gate northeurope",
		"[4/8] restore northeurope", "[5/8] drain westeurope", "[6/8] upgrade westeurope", "[8/8] restore westeurope"} {
		assert.Contains(t, out, step)
	}
	assert.Contains(t, out, `enabledState: "Enabled" -> "Disabled"`)
	again, err := runUpgradeCmd(t, "--stack", "prod", "--config", path, "--kubernetes-version", "1.37", "--plan", "--today", "2026-11-30")
	require.NoError(t, err)
	assert.Equal(t, out, again, "deterministic")
}

func TestUpgradeRefusals(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"skip", []string{"--config", prodOn(t, "1.35"), "--kubernetes-version", "1.37", "--plan"}, "skips 1 minor version(s)"},
		{"downgrade", []string{"--config", prodOn(t, "1.37"), "--kubernetes-version", "1.36", "--plan"}, "is a downgrade"},
		{"flags", []string{"--plan"}, "--stack and --kubernetes-version are required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if tc.name != "flags" {
				args = append([]string{"--stack", "prod"}, args...)
			}
			_, err := runUpgradeCmd(t, args...)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

// The command runs the gate it is given (regionGate, where the conformance checks plug in)
// and stops at the first region that fails it, with the resume command and the log written.
func TestUpgradeRunsTheWiredGate(t *testing.T) {
	var deployed []string
	defer func(g upgrade.Gate, d func(string, string, io.Writer) upgrade.Deploy) {
		regionGate, upgradeDeploy = g, d
	}(regionGate, upgradeDeploy)
	regionGate = func(_ context.Context, region string) error {
		if region == "westeurope" {
			return errors.New("2 checks failed")
		}
		return nil
	}
	upgradeDeploy = func(string, string, io.Writer) upgrade.Deploy {
		return func(_ context.Context, cfg auto.ConfigMap) error {
			deployed = append(deployed, cfg["aks-platform:regions"].Value)
			return nil
		}
	}
	logFile := filepath.Join(t.TempDir(), "upgrade.json")
	out, err := runUpgradeCmd(t, "--stack", "prod", "--config", prodOn(t, "1.36"), "--kubernetes-version", "1.37", "--log", logFile)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "step 7 (gate westeurope) failed: 2 checks failed")
	assert.Contains(t, err.Error(), "--resume-from westeurope")
	assert.Contains(t, out, "[7/8] gate westeurope")
	assert.Len(t, deployed, 5)
	log, err := os.ReadFile(logFile)
	require.NoError(t, err)
	assert.Equal(t, 14, strings.Count(string(log), "\n"), "started and finished, for 7 steps")
}

// A version the AKS release calendar does not know is refused before any step prints.
func TestUpgradePlanRefusesAnUnknownVersion(t *testing.T) {
	out, err := runUpgradeCmd(t, "--stack", "prod", "--config", prodOn(t, "1.37"), "--kubernetes-version", "1.38", "--plan", "--today", "2026-11-30")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "step 2 (upgrade northeurope) would leave an invalid stack, nothing changed")
	assert.Contains(t, err.Error(), "aks-platform:regions[0].kubernetesVersion")
	assert.Empty(t, out)
}
