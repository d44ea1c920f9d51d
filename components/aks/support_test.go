package aks

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// TestKubernetesVersionSupport builds clusters on versions the AKS release calendar rejects on
// the plan's day and sees them refused, keyed, before anything is registered.
func TestKubernetesVersionSupport(t *testing.T) {
	lts := func(s *Spec) { s.SKUTier, s.SupportPlan = TierPremium, SupportLTS }
	for _, tc := range []struct {
		name   string
		mutate func(*Spec)
		today  time.Time
		key    string // "" when accepted
		reason string
	}{
		{"supported", func(s *Spec) {}, testDay, "", ""},
		{"out of community support", func(s *Spec) { s.KubernetesVersion = "1.32" }, testDay,
			"kubernetesVersion", "left AKS community support on 2026-03-31; only long-term support (Premium tier with support plan AKSLongTermSupport)"},
		{"in its LTS window with Premium and LTS", func(s *Spec) { s.KubernetesVersion = "1.32"; lts(s) }, testDay, "", ""},
		{"LTS plan on Standard", func(s *Spec) { s.KubernetesVersion = "1.32"; s.SupportPlan = SupportLTS; s.SKUTier = TierStandard }, testDay,
			"supportPlan", "AKSLongTermSupport needs skuTier Premium"},
		{"past its LTS window", func(s *Spec) { s.KubernetesVersion = "1.29"; lts(s) }, testDay,
			"kubernetesVersion", "long-term support included"},
		{"newer than the calendar", func(s *Spec) { s.KubernetesVersion = "1.38" }, testDay,
			"kubernetesVersion", "1.38 is newer than the AKS release calendar, which knows 1.27 to 1.37"},
		{"supported on its last day", func(s *Spec) { s.KubernetesVersion = "1.34" }, testDay, "", ""},
		{"the day after", func(s *Spec) { s.KubernetesVersion = "1.34" }, testDay.AddDate(0, 0, 1),
			"kubernetesVersion", "1.34 left AKS community support on 2026-11-30"},
		{"pinned pool out of support", func(s *Spec) { s.UserPools[0].OrchestratorVersion = "1.33" }, testDay,
			"userPools[0].orchestratorVersion", "1.33 left AKS community support"},
		{"unknown support plan", func(s *Spec) { s.SupportPlan = "Extended" }, testDay,
			"supportPlan", `"Extended" is not one of KubernetesOfficial, AKSLongTermSupport`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := devArgs()
			a.Today = tc.today
			tc.mutate(&a.Spec)
			g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
				_, err := NewCluster(ctx, "dev-weu", a)
				return err
			})
			if tc.key == "" {
				require.NoError(t, err)
				mc := find(t, g, ManagedClusterType, "dev-weu-aks")
				assert.Equal(t, string(a.spec().SupportPlan), mc.String("supportPlan"))
				return
			}
			require.Error(t, err)
			assert.Empty(t, g.Resources, "nothing is registered")
			var verr *validation.Error
			require.ErrorAs(t, a.Validate(), &verr)
			found := false
			for _, p := range verr.Problems {
				if p.Key == tc.key {
					found = true
					assert.Contains(t, p.Reason, tc.reason)
				}
			}
			assert.True(t, found, "no problem at %s in %v", tc.key, verr.Keys())
		})
	}
}

func TestWarnings(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Spec)
		today  time.Time
		want   map[string]string // key -> part of the reason
	}{
		{"kubenet is retired in 2028", func(s *Spec) {}, testDay,
			map[string]string{"networkPlugin": "kubenet is retired on 2028-03-31"}},
		{"overlay and a long-supported version", func(s *Spec) { s.NetworkPlugin = AzureCNIOverlay }, testDay, map[string]string{}},
		{"within 60 days of the end", func(s *Spec) { s.NetworkPlugin, s.KubernetesVersion = AzureCNIOverlay, "1.37" }, time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC),
			map[string]string{"kubernetesVersion": "1.37's AKS community support ends on 2027-10-31, in 60 days"}},
		{"LTS end counts with LTS", func(s *Spec) {
			s.NetworkPlugin, s.KubernetesVersion, s.SKUTier, s.SupportPlan = AzureCNIOverlay, "1.32", TierPremium, SupportLTS
		}, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC),
			map[string]string{"kubernetesVersion": "long-term support ends on 2027-03-31"}},
		{"pinned pool near its end", func(s *Spec) { s.NetworkPlugin, s.UserPools[0].OrchestratorVersion = AzureCNIOverlay, "1.35" }, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC),
			map[string]string{"userPools[0].orchestratorVersion": "ends on 2027-03-31"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := devArgs()
			a.Today = tc.today
			tc.mutate(&a.Spec)
			got := map[string]string{}
			for _, w := range a.Warnings() {
				got[w.Key] = w.Reason
			}
			assert.Len(t, got, len(tc.want), "warnings: %v", got)
			for k, w := range tc.want {
				assert.Contains(t, got[k], w)
			}
		})
	}
}
