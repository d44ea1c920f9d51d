package stacks

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/components/thanos"
	"github.com/aksplatform/platform/internal/plan"
)

const (
	tStorage   = "azure-native:storage:StorageAccount"
	tRoleAssig = "azure-native:authorization:RoleAssignment"
	tPassword  = "random:index/randomPassword:RandomPassword"
	tVaultSec  = "azure-native:keyvault:Secret"
	tRootApp   = "kubernetes:argoproj.io/v1alpha1:Application"
)

// Each prod region has its own Thanos bucket, identity and container-scoped role, all inside
// the region and depending on nothing of the other region; the reads across regions live in
// the global ThanosGlobalView, outside both.
func TestThanosPerRegionWithoutCrossRegionDependencies(t *testing.T) {
	g := planStack(t, "prod")
	env, err := FromConfig(stackConfig(t, "prod"))
	require.NoError(t, err)
	accounts := g.ByType(tStorage)
	require.Len(t, accounts, len(env.Regions))
	for _, a := range accounts {
		loc := regionOf(g, a)
		assert.Equal(t, thanos.AccountName(env.Name, loc), a.String("accountName"), "the name is known from config")
	}
	for _, r := range g.Resources {
		loc := regionOf(g, r)
		if loc == "" {
			continue
		}
		for _, dep := range r.Dependencies {
			if d := g.Lookup(dep); d != nil {
				other := regionOf(g, d)
				assert.True(t, other == "" || other == loc, "%s (%s) depends on %s (%s)", r.Name, loc, d.Name, other)
			}
		}
	}
	var contributors, readers int
	for _, ra := range g.ByType(tRoleAssig) {
		switch {
		case strings.Contains(ra.String("roleDefinitionId"), rbac.StorageBlobDataContributor.GUID()):
			contributors++
			assert.NotEmpty(t, regionOf(g, ra), "%s: a region's own bucket is its own", ra.Name)
		case strings.Contains(ra.String("roleDefinitionId"), rbac.StorageBlobDataReader.GUID()):
			readers++
			assert.Empty(t, regionOf(g, ra), "%s: a cross-region read lives outside every region", ra.Name)
			assert.Equal(t, ThanosGlobalViewType, g.Lookup(ra.Parent).Type)
		}
	}
	assert.Equal(t, 2, contributors)
	assert.Equal(t, 2, readers, "each region reads the other's bucket")
}

// The Grafana password is generated into each region's vault as a secret, mounted through
// the CSI driver by Grafana's identity, and appears nowhere in what Argo CD is handed.
func TestGrafanaPasswordIsSecretEndToEnd(t *testing.T) {
	g := planStack(t, "dev")
	var pw *plan.Resource
	for _, p := range g.ByType(tPassword) {
		if strings.Contains(p.Name, thanos.GrafanaAdminSecret) {
			pw = p
		}
	}
	require.NotNil(t, pw, "the password is generated")
	var stored *plan.Resource
	for _, s := range g.ByType(tVaultSec) {
		if s.String("secretName") == thanos.GrafanaAdminSecret {
			stored = s
		}
	}
	require.NotNil(t, stored, "it is written to the region's vault")
	assert.True(t, stored.InputIsSecret("properties.value"), "the vault secret's value is a Pulumi secret")
	assert.Contains(t, stored.Dependencies, pw.URN)

	spc := g.Find("kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass", "dev-westeurope-wi-grafana-spc")
	require.NotNil(t, spc)
	assert.Equal(t, thanos.Namespace, spc.String("metadata.namespace"))
	assert.Contains(t, spc.String("spec.parameters.objects"), `"`+thanos.GrafanaAdminSecret+`"`)

	root := g.Find(tRootApp, "dev-westeurope-gitops-platform-root")
	require.NotNil(t, root)
	assert.NotContains(t, root.Dependencies, pw.URN, "the root Application never takes the password")
	assert.Equal(t, thanos.GrafanaAdminSecret, root.String("spec.source.helm.valuesObject.cluster.grafana.adminSecretName"))
	assert.Equal(t, "values-dev.yaml", root.String("spec.source.helm.valueFiles[0]"))
}
