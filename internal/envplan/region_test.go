package envplan

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/typetoken"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

// crossRegion runs the real stacks program with one wrong wire added: the first custom
// resource registered inside the second region depends on the first custom resource of the
// first region. The regions are found the way the rule finds them, by their type token.
func crossRegion(t *testing.T) (program func(*stacks.Environment) pulumi.RunFunc, wired *[2]string) {
	wired = &[2]string{}
	program = func(env *stacks.Environment) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			var regions []string
			var first pulumi.Resource // first custom resource of the first region
			err := ctx.RegisterStackTransformation(func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
				if a.Type == typetoken.Region {
					regions = append(regions, a.Name)
					return nil
				}
				if _, custom := a.Resource.(pulumi.CustomResource); !custom {
					return nil
				}
				switch {
				case len(regions) == 1 && first == nil:
					first, wired[0] = a.Resource, a.Name
				case len(regions) == 2 && wired[1] == "":
					wired[1] = a.Name
					return &pulumi.ResourceTransformationResult{Props: a.Props,
						Opts: append(a.Opts, pulumi.DependsOn([]pulumi.Resource{first}))}
				}
				return nil
			})
			if err != nil {
				return err
			}
			return stacks.Program(env)(ctx)
		}
	}
	return program, wired
}

// The region-independence rule sees the real stacks' regions: a dependency from one region
// into another, built on purpose into the real prod program, is a mandatory verdict. If the
// stacks and the rule ever disagreed on the region's type token, this would go green-silent
// no more: the verdict would be missing and the test fails.
func TestRegionIndependenceOnTheRealStacks(t *testing.T) {
	env := load(t, stackFile("prod"))
	require.GreaterOrEqual(t, len(env.Regions), 2, "prod is multi-region")
	program, wired := crossRegion(t)
	res, err := Plan(env, Options{Stack: "prod", Program: program, Policy: true})
	require.NoError(t, err)
	require.NotEmpty(t, wired[0])
	require.NotEmpty(t, wired[1])

	var found []rules.Verdict
	for _, v := range res.Verdicts {
		if v.Policy == "region-independence" {
			found = append(found, v)
		}
	}
	require.Len(t, found, 1, "verdicts: %v", res.Verdicts)
	v := found[0]
	assert.Equal(t, rules.Mandatory, v.Level)
	assert.Equal(t, wired[1], v.Name)
	first, second := env.Regions[0].Location, env.Regions[1].Location
	assert.Contains(t, v.Message, "(region "+second+") depends on")
	assert.True(t, strings.HasSuffix(v.Message, "of region "+first), v.Message)
	assert.Contains(t, v.Message, "::"+wired[0])

	// Without the wire, the same program and rules find nothing: the verdict is the wire's.
	clean, err := Plan(load(t, stackFile("prod")), Options{Stack: "prod", Policy: true})
	require.NoError(t, err)
	for _, v := range clean.Verdicts {
		assert.NotEqual(t, "region-independence", v.Policy, v.String())
	}
	assert.Len(t, clean.Graph.ByType(typetoken.Region), len(env.Regions))
}
