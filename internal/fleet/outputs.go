package fleet

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Outputs reads the outputs of e's deployed stack through the Automation API, secrets
// revealed (the regions' kubeconfigs are secrets), from the fleet's backend and in a fresh
// workspace like every other operation. Nothing runs: the program is never executed.
func (r *Runner) Outputs(ctx context.Context, e Member) (auto.OutputMap, error) {
	eng, err := r.newEngine()
	if err != nil {
		return nil, err
	}
	noop := func(*pulumi.Context) error { return nil }
	st, cleanup, err := eng.stack(ctx, e, noop, nil, false)
	defer cleanup()
	if err != nil {
		if auto.IsSelectStack404Error(err) {
			return nil, fmt.Errorf("stack %s does not exist: nothing deployed to check", e.StackName())
		}
		return nil, fmt.Errorf("stack %s: %s", e.StackName(), brief(err))
	}
	out, err := st.Outputs(ctx)
	if err != nil {
		return nil, fmt.Errorf("stack %s outputs: %s", e.StackName(), brief(err))
	}
	return out, nil
}
