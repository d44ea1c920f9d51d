package conformance_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/conformance"
	"github.com/aksplatform/platform/internal/fleet"
	"github.com/aksplatform/platform/stacks"
)

// The runbook's gate over a stack that was never deployed: it reads the stack through the
// real Automation API, applies the step's override to the config it checks against, and
// fails naming what is missing instead of passing a region it could not reach.
func TestMemberGateOnAStackNotDeployed(t *testing.T) {
	if _, err := exec.LookPath("pulumi"); err != nil {
		t.Skip("the pulumi CLI is not on PATH: the Automation API tests need it (put tools/pulumi-cli/bin on PATH)")
	}
	t.Setenv("PULUMI_HOME", t.TempDir())
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "gate-test")
	t.Setenv("PULUMI_BACKEND_URL", "")
	f := &fleet.File{Defaults: fleet.Defaults{Backend: "file://" + t.TempDir(), Concurrency: 1}}
	member := fleet.Member{Name: "prod", Config: filepath.Join("..", "..", "Pulumi.prod.yaml")}
	var edited []string
	gate := conformance.MemberGate(&fleet.Runner{Fleet: f}, member, func(env *stacks.Environment, region string) {
		edited = append(edited, region)
		require.NotNil(t, env)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := gate(ctx, "westeurope")
	require.Error(t, err)
	assert.Regexp(t, `westeurope\.kubeconfig|reading the stack outputs`, err.Error())
	assert.Equal(t, []string{"westeurope"}, edited, "the step's override is applied to the config checked against")
}
