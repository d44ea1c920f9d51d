package upgrade

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/stacks"
)

// standIn is a provider-free program that reads the config keys the runbook sets, as the
// real program does, and registers one component per region with its serving state and
// version as the stack's outputs. It remembers what each `up` deployed.
type standIn struct {
	mu       sync.Mutex
	deployed []map[string]region
}

type region struct {
	Serving           bool   `json:"serving"`
	KubernetesVersion string `json:"kubernetesVersion"`
}

func (s *standIn) program(ctx *pulumi.Context) error {
	var regions []struct {
		Location          string `json:"location"`
		Serving           *bool  `json:"serving"`
		KubernetesVersion string `json:"kubernetesVersion"`
	}
	if err := config.New(ctx, stacks.Namespace).TryObject("regions", &regions); err != nil {
		return err
	}
	var aksCfg struct {
		KubernetesVersion string `json:"kubernetesVersion"`
	}
	config.New(ctx, stacks.Namespace).RequireObject("aks", &aksCfg)
	state := map[string]region{}
	out := pulumi.Map{}
	for _, r := range regions {
		v := r.KubernetesVersion
		if v == "" {
			v = aksCfg.KubernetesVersion
		}
		st := region{Serving: r.Serving == nil || *r.Serving, KubernetesVersion: v}
		state[r.Location] = st
		var c struct{ pulumi.ResourceState }
		if err := ctx.RegisterComponentResource("aksplatform:upgradetest:Region", r.Location, &c); err != nil {
			return err
		}
		out[r.Location] = pulumi.Map{"serving": pulumi.Bool(st.Serving), "kubernetesVersion": pulumi.String(v)}
	}
	ctx.Export("regions", out)
	s.mu.Lock()
	if !ctx.DryRun() {
		s.deployed = append(s.deployed, state)
	}
	s.mu.Unlock()
	return nil
}

func (s *standIn) last() map[string]region {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deployed[len(s.deployed)-1]
}

// The runbook through the Automation API and the real pulumi CLI on a file:// backend: a gate
// failing on westeurope stops the run with westeurope drained (upgraded) and northeurope
// serving; resuming from westeurope finishes it. Every step is in the log.
func TestRunbookThroughTheAutomationAPI(t *testing.T) {
	if _, err := exec.LookPath("pulumi"); err != nil {
		t.Skip("the pulumi CLI is not on PATH: the Automation API tests need it (put tools/pulumi-cli/bin on PATH)")
	}
	t.Setenv("PULUMI_HOME", t.TempDir())
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "upgrade-test")
	backend := "file://" + t.TempDir()
	t.Setenv("PULUMI_BACKEND_URL", backend)
	path := prodOn(t, "1.36")
	prog := &standIn{}
	logPath := filepath.Join(t.TempDir(), "upgrade.json")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	run := func(resume string, gate Gate) error {
		f, err := OpenLog(logPath)
		require.NoError(t, err)
		defer f.Close()
		var out bytes.Buffer
		rb := &Runbook{Stack: "prod", ConfigPath: path, Target: "1.37", ResumeFrom: resume, Gate: gate,
			Deploy: Automation("prod", path, prog.program, nil), Log: f, Out: &out}
		return rb.Run(ctx)
	}
	var gated []string
	failWest := func(_ context.Context, r string) error {
		gated = append(gated, r)
		if r == "westeurope" {
			return errors.New("ingress controller has no address")
		}
		return nil
	}
	err := run("", failWest)
	var se *StepError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 7, se.Step.N)
	assert.Equal(t, Check, se.Step.Phase)
	assert.Equal(t, "westeurope", se.Step.Region)
	assert.Contains(t, err.Error(), "step 7 (gate westeurope) failed: ingress controller has no address")
	assert.Contains(t, err.Error(), "westeurope is left drained; the other regions serve")
	assert.Contains(t, err.Error(), "--resume-from westeurope")
	assert.Equal(t, []string{"northeurope", "westeurope"}, gated)
	assert.Equal(t, map[string]region{
		"northeurope": {Serving: true, KubernetesVersion: "1.37"},
		"westeurope":  {Serving: false, KubernetesVersion: "1.37"},
	}, prog.last(), "only the failing region is drained")
	assert.Len(t, prog.deployed, 5, "drain, upgrade, restore of northeurope; drain, upgrade of westeurope")

	// The stack's outputs say the same: the engine deployed it.
	st, err := auto.SelectStackInlineSource(ctx, "prod", stacks.Project, prog.program,
		auto.WorkDir(t.TempDir()), auto.EnvVars(map[string]string{"PULUMI_BACKEND_URL": backend}))
	require.NoError(t, err)
	outs, err := st.Outputs(ctx)
	require.NoError(t, err)
	assert.Equal(t, false, outs["regions"].Value.(map[string]any)["westeurope"].(map[string]any)["serving"])

	// Resuming runs westeurope's steps again: drain and upgrade change nothing, the gate passes.
	require.NoError(t, run("westeurope", func(context.Context, string) error { return nil }))
	assert.Equal(t, map[string]region{
		"northeurope": {Serving: true, KubernetesVersion: "1.37"},
		"westeurope":  {Serving: true, KubernetesVersion: "1.37"},
	}, prog.last())

	f, err := os.Open(logPath)
	require.NoError(t, err)
	defer f.Close()
	var lines []string
	scan := bufio.NewScanner(f)
	for scan.Scan() {
		var e Entry
		require.NoError(t, json.Unmarshal(scan.Bytes(), &e))
		lines = append(lines, e.Region+" "+string(e.Phase)+" "+e.Status)
		if e.Status == "failed" {
			assert.Contains(t, e.Resume, "--resume-from westeurope")
			assert.Equal(t, "ingress controller has no address", e.Error)
		}
	}
	assert.Equal(t, []string{
		"northeurope drain started", "northeurope drain succeeded",
		"northeurope upgrade started", "northeurope upgrade succeeded",
		"northeurope gate started", "northeurope gate succeeded",
		"northeurope restore started", "northeurope restore succeeded",
		"westeurope drain started", "westeurope drain succeeded",
		"westeurope upgrade started", "westeurope upgrade succeeded",
		"westeurope gate started", "westeurope gate failed",
		// resumed
		"westeurope drain started", "westeurope drain succeeded",
		"westeurope upgrade started", "westeurope upgrade succeeded",
		"westeurope gate started", "westeurope gate succeeded",
		"westeurope restore started", "westeurope restore succeeded",
	}, lines)
}
