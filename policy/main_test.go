package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

var (
	buildOnce sync.Once
	buildDir  string
	packPath  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// packBinary builds the pack binary once per test run (the protocol and preview tests share
// it) and returns its path.
func packBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "aksplatform-policy-"); buildErr != nil {
			return
		}
		packPath = filepath.Join(buildDir, "aksplatform-policy")
		out, err := exec.Command("go", "build", "-o", packPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./policy: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return packPath
}
