package provider

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/provider/internal/gen"
)

// regenerate is the command that brings the generated files up to date.
const regenerate = "go generate ./provider/..."

// TestGeneratedArgsAreUpToDate regenerates the boundary types in memory from the component
// packages: a Spec field added, renamed or re-documented fails here until it is regenerated.
func TestGeneratedArgsAreUpToDate(t *testing.T) {
	want, err := gen.Generate("..")
	require.NoError(t, err)
	got, err := os.ReadFile("zz_generated.go")
	require.NoError(t, err)
	assert.True(t, string(want) == string(got), "provider/zz_generated.go is out of date: run %s", regenerate)
}

// TestSchemaSnapshot compares the served schema with provider/schema.json, byte for byte, and
// checks that two runs give the same bytes.
func TestSchemaSnapshot(t *testing.T) {
	schema, err := Schema(context.Background())
	require.NoError(t, err)
	again, err := Schema(context.Background())
	require.NoError(t, err)
	require.Equal(t, string(schema), string(again), "the schema is not deterministic")
	stored, err := os.ReadFile("schema.json")
	require.NoError(t, err)
	assert.True(t, string(schema) == string(stored), "provider/schema.json is out of date: run %s", regenerate)
}
