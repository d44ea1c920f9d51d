package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRunRejectsAMissingStackFile: the example compiles with the module (go test ./... builds
// it) and fails before reaching Pulumi when its input is wrong.
func TestRunRejectsAMissingStackFile(t *testing.T) {
	err := run(context.Background(), "dev", "does-not-exist.yaml", "", false)
	assert.Error(t, err)
}
