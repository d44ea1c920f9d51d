package envplan

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/stacks"
)

// The operator access sees two regions at once (the operator hub and another region's spoke
// and zone), yet it is global, so the region-independence rule stays green: no Region
// depends on another, whichever hub runs CI.
func TestOperatorAccessKeepsRegionsIndependent(t *testing.T) {
	for _, operator := range []string{"northeurope", "westeurope"} {
		t.Run(operator, func(t *testing.T) {
			env := load(t, stackFile("prod"))
			env.Management.Region = operator
			res, err := Plan(env, Options{Stack: "prod", Policy: true})
			require.NoError(t, err)
			access := res.Graph.ByType(stacks.OperatorAccessType)
			require.Len(t, access, 1)

			regions := map[string]bool{}
			for _, r := range res.Graph.Resources {
				if !inOperatorAccess(res, r.URN) {
					continue
				}
				for _, d := range r.Dependencies {
					if dep := res.Graph.Lookup(d); dep != nil {
						if loc := regionOf(res.Graph, dep); loc != "" {
							regions[loc] = true
						}
					}
				}
			}
			assert.Len(t, regions, 2, "the operator access depends on both regions")
			for _, v := range res.Verdicts {
				assert.NotEqual(t, "region-independence", v.Policy, v.String())
			}
		})
	}
}

func inOperatorAccess(res *Result, urn string) bool {
	r := res.Graph.Lookup(urn)
	for _, a := range res.Graph.Ancestors(r) {
		if a.Type == stacks.OperatorAccessType {
			return true
		}
	}
	return false
}
