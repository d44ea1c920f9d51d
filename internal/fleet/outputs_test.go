package fleet

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/stacks"
)

// TestOutputs reads a deployed stack's outputs, secrets revealed (the kubeconfigs that
// conformance needs are secrets), and names a stack that was never deployed.
func TestOutputs(t *testing.T) {
	f := autoFleet(t)
	dev, prod := f.Environments[0], f.Environments[1]
	r := &Runner{Fleet: f, Program: func(*stacks.Environment) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			ctx.Export("westeurope.kubeconfig", pulumi.ToSecret(pulumi.String("apiVersion: v1\nkind: Config\n")))
			ctx.Export("westeurope.ingressAddress", pulumi.String("203.0.113.10"))
			return nil
		}
	}}
	run(t, r, Up, dev)

	out, err := r.Outputs(context.Background(), dev)
	require.NoError(t, err)
	assert.Equal(t, "apiVersion: v1\nkind: Config\n", out["westeurope.kubeconfig"].Value)
	assert.True(t, out["westeurope.kubeconfig"].Secret)
	assert.Equal(t, "203.0.113.10", out["westeurope.ingressAddress"].Value)

	_, err = r.Outputs(context.Background(), prod)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stack prod does not exist: nothing deployed to check")
}
