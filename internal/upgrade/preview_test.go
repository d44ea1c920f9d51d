package upgrade

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plandiff"
)

// --plan over prod: regions in maintenance order, and each step touches only its region and
// that region's Front Door origin; the upgrade touches the cluster and its pools, nothing
// is replaced.
func TestPreviewTouchesOnlyTheStepsRegion(t *testing.T) {
	env := loadEnv(t, prodOn(t, "1.36"))
	steps, err := Steps(env, "1.37", "")
	require.NoError(t, err)
	var out bytes.Buffer
	diffs, err := Preview(&out, env, "prod", "1.37", steps)
	require.NoError(t, err)
	require.Len(t, diffs, len(steps))

	for i, s := range steps {
		d := diffs[i]
		assert.Empty(t, d.Replacements(), "step %d", s.N)
		var names []string
		for _, c := range d.Changes {
			names = append(names, c.Name)
			assert.Contains(t, c.Name, s.Region, "step %d (%s %s) touches %s", s.N, s.Phase, s.Region, c.URN)
			assert.Equal(t, plandiff.Update, c.Kind)
		}
		switch s.Phase {
		case Drain, Restore:
			assert.Equal(t, []string{"prod-frontdoor-origin-" + s.Region}, names, "step %d", s.N)
			assert.Equal(t, "enabledState", d.Changes[0].Inputs[0].Path)
		case Upgrade:
			assert.ElementsMatch(t, []string{"prod-" + s.Region + "-aks-aks", "prod-" + s.Region + "-aks-pool-apps"}, names, "step %d", s.N)
		case Check:
			assert.Empty(t, names)
		}
	}
	text := out.String()
	assert.Less(t, strings.Index(text, "[1/8] drain northeurope"), strings.Index(text, "[5/8] drain westeurope"))
	assert.Contains(t, text, `kubernetesVersion: "1.36" -> "1.37"`)
}
