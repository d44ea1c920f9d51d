package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/conformance"
	"github.com/aksplatform/platform/internal/conformance/conformancetest"
	"github.com/aksplatform/platform/internal/fleet"
	"github.com/aksplatform/platform/stacks"
)

// kubeconfig writes a kubeconfig whose one context points at server.
func kubeconfig(t *testing.T, server string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	data := `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: "` + server + `"}
users:
- name: test
  user: {token: test-token}
contexts:
- name: westeurope
  context: {cluster: test, user: test}
current-context: westeurope
`
	require.NoError(t, os.WriteFile(path, []byte(data), 0o600))
	return path
}

// devCluster is the dev stack's westeurope cluster, healthy, with broken applied.
func devCluster(t *testing.T, broken func(c *conformancetest.Cluster)) *conformancetest.Cluster {
	t.Helper()
	env, err := stacks.LoadFile("../../Pulumi.dev.yaml")
	require.NoError(t, err)
	x, err := conformance.Expect(env, "westeurope", nil)
	require.NoError(t, err)
	c := conformancetest.Healthy(x)
	if broken != nil {
		broken(c)
	}
	return c
}

// TestConformanceCommandAgainstAnAPIServer runs the command end to end against an HTTP
// server that answers like the Kubernetes API: the real client-go clients, their decoding
// and their error paths.
func TestConformanceCommandAgainstAnAPIServer(t *testing.T) {
	healthy := conformancetest.Server(devCluster(t, nil), "v1.37.3")
	defer healthy.Close()
	broken := conformancetest.Server(devCluster(t, func(c *conformancetest.Cluster) {
		c.Kube = append(c.Kube, conformancetest.Node("aks-apps-9", "apps", "v1.36.5", true))
	}), "v1.37.3")
	defer broken.Close()
	forbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conformancetest.Status(w, http.StatusForbidden, "Forbidden", `User "ops" cannot get resource at `+r.URL.Path)
	}))
	defer forbidden.Close()
	unreachable := httptest.NewServer(http.NotFoundHandler())
	unreachable.Close()

	tests := []struct {
		name   string
		server string
		// wantFail maps the checks that do not pass to their status and a piece of what they
		// found; "*" applies to every check.
		wantFail map[string][2]string
	}{
		{name: "conforming cluster", server: healthy.URL},
		{name: "a node behind", server: broken.URL,
			wantFail: map[string][2]string{"nodes/apps": {"fail", "aks-apps-9 at v1.36.5"}}},
		{name: "forbidden", server: forbidden.URL,
			wantFail: map[string][2]string{"*": {"error", "forbidden: "}}},
		{name: "unreachable", server: unreachable.URL,
			wantFail: map[string][2]string{"*": {"error", "API server unreachable"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			cmd := newRootCommand()
			cmd.SetOut(&out)
			cmd.SetArgs([]string{"conformance", "--stack", "dev", "--kubeconfig", kubeconfig(t, tc.server), "--context", "westeurope", "--format", "json"})
			err := cmd.ExecuteContext(context.Background())
			if len(tc.wantFail) == 0 {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, errNonConformant)
			}
			var rep conformance.Report
			require.NoError(t, json.Unmarshal(out.Bytes(), &rep), out.String())
			require.Greater(t, len(rep.Results), 20)
			for _, r := range rep.Results {
				want, listed := tc.wantFail[r.Name]
				if all, ok := tc.wantFail["*"]; ok {
					want, listed = all, true
				}
				if !listed {
					assert.Equal(t, conformance.Pass, r.Status, "%s: %s", r.Name, r.Found)
					continue
				}
				assert.Equal(t, want[0], string(r.Status), r.Name)
				assert.Contains(t, r.Found, want[1], r.Name)
			}
		})
	}
}

func TestConformanceTable(t *testing.T) {
	srv := conformancetest.Server(devCluster(t, func(c *conformancetest.Cluster) {
		c.Kube = append(c.Kube, conformancetest.DeploymentObj("kube-system", "metrics-server", 2, 0))
	}), "v1.37.3")
	defer srv.Close()
	var out bytes.Buffer
	err := runConformance(context.Background(), &out, &conformanceOptions{stack: "dev", kubeconfig: kubeconfig(t, srv.URL), format: "text"})
	require.ErrorIs(t, err, errNonConformant)
	text := out.String()
	assert.Contains(t, text, "REGION      CHECK")
	assert.Regexp(t, `westeurope\s+deployment/kube-system/metrics-server\s+fail\s+Deployment kube-system/metrics-server with every desired replica available\s+0/2 replicas available`, text)
	assert.Contains(t, text, "checks: ")
	assert.Contains(t, err.Error(), "1 fail")
}

func TestConformanceRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		o    conformanceOptions
		want string
	}{
		{"unknown region", conformanceOptions{stack: "prod", region: "eastus", kubeconfig: "k", format: "text"}, `region "eastus" is not in`},
		{"one kubeconfig for two regions", conformanceOptions{stack: "prod", kubeconfig: "k", format: "text"}, "name its region with --region"},
		{"bad format", conformanceOptions{stack: "dev", format: "yaml"}, `--format "yaml"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := runConformance(context.Background(), &bytes.Buffer{}, &tc.o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestFleetConformanceIsolatesEnvironments runs the conformance operation over the fleet
// with the fleet's runner: one environment's failure (here prod, which one kubeconfig
// cannot serve) leaves the others checked, and without the pulumi CLI every environment
// fails with the reason instead of the fleet stopping.
func TestFleetConformanceIsolatesEnvironments(t *testing.T) {
	srv := conformancetest.Server(devCluster(t, nil), "v1.37.3")
	defer srv.Close()
	f, err := fleet.Load("../../fleet.yaml")
	require.NoError(t, err)
	r := &fleet.Runner{Fleet: f}
	results := r.Do(context.Background(), f.Environments, conformance.FleetOp(r, conformance.Options{Kubeconfig: kubeconfig(t, srv.URL)}))
	require.Len(t, results, 2)
	assert.Equal(t, fleet.OK, results[0].Status, results[0].Error)
	assert.Contains(t, results[0].Summary(), "pass, 0 fail, 0 error")
	assert.Equal(t, fleet.Failed, results[1].Status)
	assert.Contains(t, results[1].Error, "name its region with --region")

	t.Setenv("PATH", t.TempDir())
	var out bytes.Buffer
	err = runFleet(context.Background(), &out, &bytes.Buffer{}, fleet.Conformance, &fleetOptions{file: "../../fleet.yaml", format: "text"})
	require.True(t, errors.Is(err, errFleetFailed), "err = %v", err)
	assert.Equal(t, 2, strings.Count(out.String(), "the pulumi CLI is not on PATH"), out.String())
}
