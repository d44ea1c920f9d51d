package validation

import (
	"errors"
	"fmt"
	"strings"
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

func TestPinnedVersion(t *testing.T) {
	cases := []struct {
		version string
		pinned  bool
	}{
		{"4.11.3", true},
		{"v1.16.2", true},
		{"7.7.11", true},
		{"1.2.3-rc.1", true},
		{"1.2.3+build.5", true},
		{"1.2.3-rc.1+build.5", true},
		{"", false},
		{"latest", false},
		{"v1.16", false},
		{"7.x", false},
		{"^4.11", false},
		{"~1.2.3", false},
		{">=7.7.0", false},
		{"1.2.3 ", false},
		{"1.2.3.4", false},
	}
	for _, tc := range cases {
		t.Run(tc.version, func(t *testing.T) {
			assert.Equal(t, tc.pinned, IsPinnedVersion(tc.version))
			var ps Problems
			PinnedVersion(&ps, "chartVersion", tc.version, "")
			if tc.pinned {
				assert.Empty(t, ps)
				return
			}
			require.Len(t, ps, 1)
			assert.Equal(t, "chartVersion", ps[0].Key)
			assert.Equal(t, fmt.Sprintf("%q is not a pinned chart version: use an exact version such as 1.2.3, not a range or latest", tc.version), ps[0].Reason)
		})
	}
	var ps Problems
	PinnedVersion(&ps, "chartVersion", "latest", "7.7.11")
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].Reason, "such as 7.7.11,", "the caller's example replaces 1.2.3")
}

func TestIsDNSLabelAndIsGUID(t *testing.T) {
	for s, want := range map[string]bool{
		"orders": true, "a": true, "a-1": true, "-a": false, "a-": false, "Orders": false,
		"a.b": false, "": false, strings.Repeat("a", 63): true, strings.Repeat("a", 64): false,
	} {
		assert.Equal(t, want, IsDNSLabel(s), "IsDNSLabel(%q)", s)
	}
	assert.True(t, IsGUID("6a1d4c1e-0000-4000-8000-00000000a001"))
	assert.False(t, IsGUID("6a1d4c1e-0000-4000-8000-00000000a00"))
	assert.False(t, IsGUID("platform-admins"))
}

func TestZones(t *testing.T) {
	var ps Problems
	Zones(&ps, "appGateway.zones", []string{"1", "4", "1", "3"})
	if len(ps) != 2 || ps[0].Key != "appGateway.zones[1]" || ps[1].Key != "appGateway.zones[2]" {
		t.Fatalf("want problems at [1] (not a zone) and [2] (repeated), got %v", ps)
	}
	ps = nil
	Zones(&ps, "zones", AvailabilityZones)
	if len(ps) != 0 {
		t.Fatalf("1, 2, 3 are valid, got %v", ps)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1581: "1,581", 1234567: "1,234,567", -2294: "-2,294"} {
		assert.Equal(t, want, Thousands(n))
	}
}
