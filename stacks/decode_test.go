package stacks

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

type decodeInner struct {
	CIDR  netip.Prefix `json:"cidr"`
	Count int          `json:"count"`
}

type decodeTarget struct {
	Name   string            `json:"name"`
	On     bool              `json:"on"`
	Inner  decodeInner       `json:"inner"`
	List   []decodeInner     `json:"list"`
	Labels map[string]string `json:"labels"`
	Ptr    *bool             `json:"ptr"`
}

func TestDecodeStrictReportsEveryProblemWithItsKey(t *testing.T) {
	raw := map[string]any{
		"name":   12,
		"on":     "yes",
		"typo":   true,
		"inner":  map[string]any{"cidr": "10.1.0.0/33", "count": 1.5},
		"list":   []any{map[string]any{"cidr": "10.2.0.0/16"}, map[string]any{"cidr": "banana", "extra": 1}},
		"labels": map[string]any{"a": "b", "c": 3},
		"ptr":    "true",
	}
	var dst decodeTarget
	var problems validation.Problems
	decodeStrict("aks-platform:x", raw, &dst, &problems)
	keys := map[string]string{}
	for _, p := range problems {
		keys[p.Key] = p.Reason
	}
	assert.Len(t, problems, 9)
	assert.Contains(t, keys["aks-platform:x.name"], "must be a string")
	assert.Contains(t, keys["aks-platform:x.on"], "true or false")
	assert.Contains(t, keys["aks-platform:x.typo"], "unknown key")
	assert.Contains(t, keys["aks-platform:x.typo"], "inner, labels, list, name, on, ptr")
	assert.Contains(t, keys["aks-platform:x.inner.cidr"], "not a valid CIDR")
	assert.Contains(t, keys["aks-platform:x.inner.count"], "whole number")
	assert.Contains(t, keys["aks-platform:x.list[1].cidr"], `"banana"`)
	assert.Contains(t, keys["aks-platform:x.list[1].extra"], "unknown key")
	assert.Contains(t, keys["aks-platform:x.labels.c"], "must be a string")
	assert.Contains(t, keys["aks-platform:x.ptr"], "true or false")
	// what is valid is decoded; what is not stays at its default
	assert.Equal(t, "", dst.Name)
	assert.Equal(t, netip.Prefix{}, dst.Inner.CIDR)
	require.Len(t, dst.List, 2)
	assert.Equal(t, netip.MustParsePrefix("10.2.0.0/16"), dst.List[0].CIDR)
	assert.Equal(t, netip.Prefix{}, dst.List[1].CIDR)
	assert.Equal(t, map[string]string{"a": "b"}, dst.Labels)
	assert.Nil(t, dst.Ptr)
}

// A number too large for an int is reported at its own key, and the rest of the object is
// still decoded: encoding/json alone would fail the whole object under the object's key.
func TestDecodeStrictHugeNumbers(t *testing.T) {
	for _, n := range []any{1e20, 9223372036854775807.0, -1e16, uint64(1) << 63} {
		raw := map[string]any{"name": "dev", "inner": map[string]any{"cidr": "10.1.0.0/16", "count": n}}
		var dst decodeTarget
		var problems validation.Problems
		decodeStrict("k", raw, &dst, &problems)
		require.Len(t, problems, 1, "%v", n)
		assert.Equal(t, "k.inner.count", problems[0].Key)
		assert.Contains(t, problems[0].Reason, "out of range")
		assert.Equal(t, "dev", dst.Name, "the rest is decoded")
		assert.Equal(t, netip.MustParsePrefix("10.1.0.0/16"), dst.Inner.CIDR)
	}
}

func TestDecodeStrictFillsTheStruct(t *testing.T) {
	raw := map[string]any{
		"name":  "dev",
		"inner": map[string]any{"cidr": "10.1.0.0/16", "count": 3},
		"list":  []any{map[string]any{"cidr": "10.2.0.0/24", "count": 2.0}},
		"ptr":   false,
	}
	var dst decodeTarget
	var problems validation.Problems
	decodeStrict("k", raw, &dst, &problems)
	require.Empty(t, problems)
	assert.Equal(t, netip.MustParsePrefix("10.1.0.0/16"), dst.Inner.CIDR)
	assert.Equal(t, 3, dst.Inner.Count)
	assert.Equal(t, 2, dst.List[0].Count)
	require.NotNil(t, dst.Ptr)
	assert.False(t, *dst.Ptr)
}

func TestParseConfigValue(t *testing.T) {
	assert.Equal(t, "dev", parseConfigValue("dev"))
	assert.Equal(t, map[string]any{"a": 1.0}, parseConfigValue(`{"a": 1}`))
	assert.Equal(t, []any{"x"}, parseConfigValue(`["x"]`))
	assert.Equal(t, "{not json", parseConfigValue("{not json"))
}
