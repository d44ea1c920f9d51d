package network

import (
	"net/netip"
	"slices"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// testWorkspace is the Log Analytics workspace the test hubs and spokes log to.
const testWorkspace = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"

// testRegion is the address plan of one region: hub 10.0.0.0/24, spoke 10.1.0.0/16.
func testRegion(t *testing.T) RegionPlan {
	t.Helper()
	p, err := NewAddressPlan(PlanInput{Regions: []RegionInput{{
		Location: "eastus",
		Hub:      HubInput{AddressSpace: netip.MustParsePrefix("10.0.0.0/24")},
		Spoke:    SpokeInput{AddressSpace: netip.MustParsePrefix("10.1.0.0/16")},
	}}})
	require.NoError(t, err)
	return p.Regions[0]
}

// runPlan runs program under the offline planner and fails the test if it errs.
func runPlan(t *testing.T, program pulumi.RunFunc) *plan.Graph {
	t.Helper()
	g, err := plan.Run("aks-platform", "test", program)
	require.NoError(t, err)
	return g
}

// only returns the single resource of type token.
func only(t *testing.T, g *plan.Graph, token string) *plan.Resource {
	t.Helper()
	rs := g.ByType(token)
	require.Len(t, rs, 1, "resources of type %s", token)
	return rs[0]
}

// find returns the resource of type token named name.
func find(t *testing.T, g *plan.Graph, token, name string) *plan.Resource {
	t.Helper()
	r := g.Find(token, name)
	require.NotNil(t, r, "%s %s not registered", token, name)
	return r
}

// strs returns the array of strings at path, or nil when there is none.
func strs(r *plan.Resource, path string) []string {
	v, ok := r.Input(path)
	if !ok || !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// num returns the number at path, or -1.
func num(r *plan.Resource, path string) int {
	v, ok := r.Input(path)
	if !ok || !v.IsNumber() {
		return -1
	}
	return int(v.NumberValue())
}

// flag returns the bool at path and whether it is set.
func flag(r *plan.Resource, path string) (bool, bool) {
	v, ok := r.Input(path)
	if !ok || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// dependsOn reports whether r depends on other.
func dependsOn(r, other *plan.Resource) bool { return slices.Contains(r.Dependencies, other.URN) }

// requireChildrenOf checks that comp is the component of type token and that every other
// resource in g is its child.
func requireChildrenOf(t *testing.T, g *plan.Graph, token string) *plan.Resource {
	t.Helper()
	comp := only(t, g, token)
	require.False(t, comp.Custom)
	for _, r := range g.Resources {
		if r != comp {
			require.Equal(t, comp.URN, r.Parent, "parent of %s %s", r.Type, r.Name)
		}
	}
	return comp
}

// requireProblems checks that err is a *validation.Error with exactly the keys want.
func requireProblems(t *testing.T, err error, want ...string) {
	t.Helper()
	require.Error(t, err)
	var verr *validation.Error
	require.ErrorAs(t, err, &verr)
	slices.Sort(want)
	require.Equal(t, want, verr.Keys(), "problems: %v", err)
}

// capture stores what out resolves to in dst once the program has run.
func capture[T any](out pulumi.Output, dst *T) {
	out.ApplyT(func(v T) T { *dst = v; return v })
}

// optionRecorder is a mock monitor that remembers each resource's ignoreChanges, which the
// planner's graph does not keep.
type optionRecorder struct {
	mu     sync.Mutex
	ignore map[string][]string
}

func (o *optionRecorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if args.RegisterRPC != nil {
		o.ignore[args.Name] = args.RegisterRPC.GetIgnoreChanges()
	}
	return args.Name + "-id", args.Inputs, nil
}

func (o *optionRecorder) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// ignoredChanges runs program and returns each resource's ignoreChanges by logical name.
func ignoredChanges(t *testing.T, program pulumi.RunFunc) map[string][]string {
	t.Helper()
	rec := &optionRecorder{ignore: map[string][]string{}}
	require.NoError(t, pulumi.RunErr(program, pulumi.WithMocks("aks-platform", "test", rec)))
	return rec.ignore
}
