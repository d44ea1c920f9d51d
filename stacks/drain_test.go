package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Draining a region changes exactly one thing in the plan: its Front Door origin's enabledState.
// Every other resource, input and dependency of both regions stays as it was, so taking a region
// out for an upgrade and putting it back touch nothing else.
func TestDrainingARegionDisablesOnlyItsOrigin(t *testing.T) {
	served := planEnv(t, loadStack(t, "prod"))
	env := loadStack(t, "prod")
	env.Regions[1].Serving = new(false)
	drained := planEnv(t, env)

	require.Len(t, drained.Resources, len(served.Resources))
	var changed []string
	for _, want := range served.Resources {
		got := drained.Find(want.Type, want.Name)
		require.NotNil(t, got, want.URN)
		if d := want.Inputs.Diff(got.Inputs); d != nil {
			for _, k := range d.ChangedKeys() {
				changed = append(changed, want.Name+"."+string(k))
			}
		}
		assert.Equal(t, want.Dependencies, got.Dependencies, want.URN)
	}
	assert.Equal(t, []string{"prod-frontdoor-origin-westeurope.enabledState"}, changed)
	origin := drained.Find("azure-native:cdn:AFDOrigin", "prod-frontdoor-origin-westeurope")
	require.NotNil(t, origin)
	assert.Equal(t, "Disabled", origin.String("enabledState"))
	assert.Equal(t, "Enabled", drained.Find("azure-native:cdn:AFDOrigin", "prod-frontdoor-origin-northeurope").String("enabledState"))
}

// A drain needs a global entry point to drain from, and one region must keep serving.
func TestDrainIsRefusedWithoutFrontDoorOrForEveryRegion(t *testing.T) {
	env := loadStack(t, "prod")
	for i := range env.Regions {
		env.Regions[i].Serving = new(false)
	}
	keys := problemKeys(t, env.Validate())
	assert.Contains(t, keys["aks-platform:regions"], "keep at least one region serving")

	dev := loadStack(t, "dev")
	require.False(t, dev.FrontDoor.IsEnabled())
	dev.Regions[0].Serving = new(false)
	keys = problemKeys(t, dev.Validate())
	assert.Contains(t, keys["aks-platform:regions[0].serving"], "frontDoor.enabled is false")

	// Left out, serving defaults to true.
	assert.True(t, loadStack(t, "prod").Regions[1].IsServing())
}
