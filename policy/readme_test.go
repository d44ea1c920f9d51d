package main

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/policy/rules"
)

// The rules table in policy/README.md lists exactly the rules the pack runs, in the pack's
// order, so a new rule cannot ship undocumented nor a removed one linger.
func TestReadmeListsEveryRule(t *testing.T) {
	b, err := os.ReadFile("README.md")
	require.NoError(t, err)
	var listed []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\|").FindAllStringSubmatch(string(b), -1) {
		listed = append(listed, m[1])
	}
	var all []string
	for _, r := range rules.All() {
		all = append(all, r.Name)
	}
	assert.Equal(t, all, slices.Compact(listed))
}
