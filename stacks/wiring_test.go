package stacks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/registry"
	"github.com/aksplatform/platform/internal/plan"
)

var pinnedDay = time.Date(2026, time.November, 30, 0, 0, 0, 0, time.UTC)

// planEnv plans env (already loaded) on the pinned day.
func planEnv(t *testing.T, env *Environment) *plan.Graph {
	t.Helper()
	env.Now = pinnedDay
	g, err := plan.Run(Project, env.Name, Program(env))
	require.NoError(t, err)
	return g
}

// Loading does not judge the Kubernetes version (the loader's clock is not the plan's day);
// Validate and Program judge it on Now, so --today decides.
func TestKubernetesVersionIsJudgedOnTheEnvironmentsDay(t *testing.T) {
	cfg := stackConfig(t, "dev")
	set(t, cfg, "aks-platform:aks.kubernetesVersion", "1.32") // community support ended 2026-03-31
	env, err := FromConfig(cfg)
	require.NoError(t, err, "loading accepts a version that some day supports")

	env.Now = time.Date(2026, time.January, 15, 0, 0, 0, 0, time.UTC)
	require.NoError(t, env.Validate(), "supported on 2026-01-15")

	env.Now = pinnedDay
	keys := problemKeys(t, env.Validate())
	assert.Contains(t, keys, "aks-platform:aks.kubernetesVersion")
	_, err = plan.Run(Project, "dev", Program(env))
	require.Error(t, err, "Program validates with Now")
	assert.Contains(t, err.Error(), "aks-platform:aks.kubernetesVersion")
}

// Behind Front Door every region serves the host name: cert-manager must solve DNS-01.
func TestFrontDoorRequiresDNS01(t *testing.T) {
	cfg := stackConfig(t, "prod")
	set(t, cfg, "aks-platform:ingress.certManager.dnsZone", nil)
	keys := problemKeys(t, func() error { _, err := FromConfig(cfg); return err }())
	assert.Contains(t, keys["aks-platform:ingress.certManager.dnsZone"], "DNS-01")
}

// The hub's firewall IP count is a key with a dev and prod default, validated and warned
// about with its full key.
func TestFirewallPublicIPs(t *testing.T) {
	prod := loadStack(t, "prod")
	assert.Equal(t, network.ProdFirewallPublicIPs, prod.Hub.FirewallPublicIPs)
	assert.Equal(t, network.DevFirewallPublicIPs, loadStack(t, "dev").Hub.FirewallPublicIPs)
	assert.Empty(t, prod.Warnings(), "the shipped prod stack warns about nothing")

	prod.Hub.FirewallPublicIPs = 2
	require.NoError(t, prod.Validate())
	ws := prod.Warnings()
	require.Len(t, ws, 1)
	assert.Equal(t, "aks-platform:hub.firewallPublicIps", ws[0].Key)

	prod.Hub.FirewallPublicIPs = network.MaxFirewallPublicIPs + 1
	assert.Contains(t, problemKeys(t, prod.Validate()), "aks-platform:hub.firewallPublicIps")

	g := planEnv(t, loadStack(t, "prod"))
	ips := 0
	for _, ip := range g.ByType("azure-native:network:PublicIPAddress") {
		if strings.Contains(ip.Name, "-hub-fw-") {
			ips++
		}
	}
	assert.Equal(t, 2*network.ProdFirewallPublicIPs, ips, "every prod hub's firewall gets its IPs")
}

// The hub's firewall allows what the components declare, from the node subnet only, and the
// management subnet's runners may download every chart the stack installs.
func TestHubEgressComesFromTheComponents(t *testing.T) {
	env := loadStack(t, "prod")
	needs := env.Needs()
	assert.Equal(t, needs.Rules, (&Environment{Ingress: env.Ingress, GitOps: env.GitOps}).Needs().Rules)
	rp, err := env.AddressPlan()
	require.NoError(t, err)
	hub := env.hubArgs(rp.Regions[0])
	assert.Equal(t, needs, hub.Egress)
	assert.Equal(t, []any{rp.Regions[0].Spoke.Private.Prefix}, []any{hub.EgressSources[0]})
	require.Len(t, hub.EgressSources, 1)

	var charts []string
	for _, r := range hub.ManagementEgress {
		if r.Name == "helm-charts" {
			charts = r.FQDNs
		}
	}
	for _, repo := range []string{ingress.CertManagerRepo, gitops.ChartRepo, ingress.AGICChart} {
		assert.Contains(t, charts, egress.Host(repo, "https", "oci"), repo)
	}
	assert.NotContains(t, charts, egress.Host(ingress.NGINXRepo, "https", "oci"), "prod runs agic, not nginx")
	for _, def := range network.DefaultManagementEgress {
		assert.Contains(t, hub.ManagementEgress, def, "the defaults stay")
	}

	env.GitOps.Enabled = new(false)
	assert.NotContains(t, env.helmChartRule().FQDNs, egress.Host(gitops.ChartRepo, "https", "oci"))
	for _, r := range env.Needs().Rules {
		assert.NotEqual(t, gitops.GitRule, r.Name, "GitOps off needs no Git")
	}
}

// The registry caches every image the components deploy but MCR's, which the AKS FQDN tag
// covers; every node subnet admits the operator's management subnet on 443.
func TestRegistryCacheAndManagementAccessArePlanned(t *testing.T) {
	env := loadStack(t, "prod")
	images := env.cacheImages()
	require.NotEmpty(t, images)
	for _, img := range images {
		assert.False(t, registry.CoveredByAKS(img.Registry), img.String())
	}
	g := planEnv(t, env)
	for _, loc := range []string{"northeurope", "westeurope"} {
		var targets []string
		for _, r := range g.ByType(registry.CacheRuleType) {
			if regionOf(g, r) == loc {
				targets = append(targets, r.String("targetRepository"))
			}
		}
		for _, img := range images {
			assert.Contains(t, targets, img.CacheRepository(), "%s caches %s", loc, img)
		}
	}
	rp, err := env.AddressPlan()
	require.NoError(t, err)
	operator, _ := rp.Region(env.Management.Region)
	for _, r := range rp.Regions {
		assert.True(t, admits(t, g, env.regionName(r.Location), operator.Hub.Management.Prefix.String()),
			"%s: the node subnet admits the operator hub's management subnet", r.Location)
	}
}

// admits reports whether the node subnet NSG of a region admits source.
func admits(t *testing.T, g *plan.Graph, region, source string) bool {
	t.Helper()
	nsg := g.Find("azure-native:network:NetworkSecurityGroup", region+"-spoke-private-nsg")
	require.NotNil(t, nsg)
	for j := 0; nsg.String(fmt.Sprintf("securityRules[%d].name", j)) != ""; j++ {
		if nsg.String(fmt.Sprintf("securityRules[%d].sourceAddressPrefix", j)) == source {
			return true
		}
	}
	return false
}

// The applications instance's Roles wait for the workload Namespaces themselves, not for the
// WorkloadIdentity components (whose children DependsOn would only partly see).
func TestGitOpsWaitsForTheNamespaceResources(t *testing.T) {
	g := planEnv(t, loadStack(t, "prod"))
	role := g.Find("kubernetes:rbac.authorization.k8s.io/v1:Role", "prod-northeurope-gitops-applications-orders-role")
	require.NotNil(t, role)
	ns := g.Find("kubernetes:core/v1:Namespace", "prod-northeurope-wi-orders-ns")
	require.NotNil(t, ns)
	assert.Contains(t, role.Dependencies, ns.URN)
	for _, d := range role.Dependencies {
		assert.NotContains(t, d, "WorkloadIdentity::", "no dependency on the component itself")
	}
}
