package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/fleet"
)

func TestFleetPlanJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	o := &fleetOptions{file: "../../fleet.yaml", envs: []string{"dev"}, format: "json"}
	require.NoError(t, runFleet(context.Background(), &out, &errOut, fleet.Plan, o))
	var got struct {
		Operation string
		Results   []struct {
			Environment, Status, Duration string
			Resources                     int
		}
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &got), out.String())
	assert.Equal(t, "plan", got.Operation)
	require.Len(t, got.Results, 1)
	assert.Equal(t, "dev", got.Results[0].Environment)
	assert.Equal(t, "ok", got.Results[0].Status)
	assert.Positive(t, got.Results[0].Resources)
	assert.NotEmpty(t, got.Results[0].Duration)
}

func TestFleetRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		o    fleetOptions
		want string
	}{
		{"format", fleetOptions{file: "../../fleet.yaml", format: "xml"}, `--format "xml"`},
		{"concurrency", fleetOptions{file: "../../fleet.yaml", format: "text", concurrency: -2}, "--concurrency -2"},
		{"unknown env", fleetOptions{file: "../../fleet.yaml", format: "text", envs: []string{"qa"}}, "unknown environment qa"},
		{"bad label", fleetOptions{file: "../../fleet.yaml", format: "text", labels: []string{"tier"}}, "want key=value"},
		{"no fleet file", fleetOptions{file: "nope.yaml", format: "text"}, "nope.yaml"},
		{"bad day", fleetOptions{file: "../../fleet.yaml", format: "text", today: "tomorrow"}, `--today "tomorrow"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := runFleet(context.Background(), &out, &out, fleet.Plan, &tc.o)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestFleetOutcome(t *testing.T) {
	ok := fleet.Result{Environment: "dev", Status: fleet.OK}
	drifted := fleet.Result{Environment: "prod", Status: fleet.Drifted}
	broken := fleet.Result{Environment: "qa", Status: fleet.Failed}

	assert.NoError(t, fleetOutcome(fleet.Drift, []fleet.Result{ok}))
	err := fleetOutcome(fleet.Drift, []fleet.Result{ok, drifted})
	assert.ErrorIs(t, err, errDrift)
	assert.NotErrorIs(t, err, errFleetFailed)
	assert.Contains(t, err.Error(), "drift detected in prod")

	err = fleetOutcome(fleet.Drift, []fleet.Result{broken, drifted})
	assert.True(t, errors.Is(err, errDrift) && errors.Is(err, errFleetFailed), "%v", err)

	err = fleetOutcome(fleet.Up, []fleet.Result{ok, broken})
	assert.ErrorIs(t, err, errFleetFailed)
	assert.Contains(t, err.Error(), "up failed for qa")
}

func TestFleetTextTable(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, renderFleetText(&out, []fleet.Result{
		{Environment: "dev", Stack: "dev", Operation: fleet.Preview, Status: fleet.Changes,
			Changes: fleet.Counts{Create: 2, Same: 1}},
		{Environment: "prod", Stack: "acme/aks-platform/prod", Operation: fleet.Up, Status: fleet.Skipped,
			Detail: "production environment: pass --allow-prod to deploy it"},
	}))
	assert.Contains(t, out.String(), "ENVIRONMENT  STACK")
	assert.Contains(t, out.String(), "+2 ~0 -0 +-0 =1")
	assert.Contains(t, out.String(), "prod:\n  production environment: pass --allow-prod")
}
