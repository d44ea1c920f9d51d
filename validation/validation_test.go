package validation

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProblemsCollectAllAndPrefix(t *testing.T) {
	var inner Problems
	inner.Addf("nodePools[1].maxCount", "maxCount %d < minCount %d", 3, 5)
	inner.Addf("networkPlugin", "unknown value %q", "weave")

	var outer Problems
	outer.Merge("aks-platform:aks", inner.Err())
	outer.Merge("aks-platform:hub", errors.New("plain error"))
	outer.Merge("aks-platform:ignored", nil)

	err := outer.Err()
	require.Error(t, err)
	var verr *Error
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []string{"aks-platform:aks.networkPlugin", "aks-platform:aks.nodePools[1].maxCount", "aks-platform:hub"}, verr.Keys())
	assert.Contains(t, err.Error(), "3 problems")
	assert.Contains(t, err.Error(), "aks-platform:aks.nodePools[1].maxCount: maxCount 3 < minCount 5")
}

func TestEmptyProblemsIsNil(t *testing.T) {
	var ps Problems
	assert.NoError(t, ps.Err())
}

func TestJoin(t *testing.T) {
	cases := []struct{ prefix, key, want string }{
		{"", "a", "a"},
		{"a", "", "a"},
		{"regions", "[0].hub", "regions[0].hub"},
		{"aks-platform:", "aks", "aks-platform:aks"},
		{"aks", "nodePools[1]", "aks.nodePools[1]"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, Join(tc.prefix, tc.key), "%q + %q", tc.prefix, tc.key)
	}
	assert.Equal(t, "nodePools[2]", Index("nodePools", 2))
}
