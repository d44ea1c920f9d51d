package rules

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goodCluster is a ManagedCluster that satisfies every AKS rule, in prod too.
func goodCluster() obj {
	return obj{
		"resourceName": "aks-weu",
		// no kubernetesVersion: Azure's default is supported on any day; TestKubernetesVersion sets versions on a pinned day
		"aadProfile":             obj{"managed": true, "enableAzureRBAC": true, "adminGroupObjectIDs": []any{"g1"}},
		"disableLocalAccounts":   true,
		"apiServerAccessProfile": obj{"enablePrivateCluster": true, "disableRunCommand": true},
		"networkProfile":         obj{"networkPlugin": "azure", "networkPolicy": "azure"},
		"oidcIssuerProfile":      obj{"enabled": true},
		"securityProfile": obj{
			"workloadIdentity": obj{"enabled": true},
			// the security controls of aksSecurityRules
			"defender":         obj{"securityMonitoring": obj{"enabled": true}, "logAnalyticsWorkspaceResourceId": "/subscriptions/s/ws"},
			"imageCleaner":     obj{"enabled": true, "intervalHours": 168},
			"azureKeyVaultKms": obj{"enabled": true, "keyId": "https://kv.vault.azure.net/keys/k/1"},
		},
		"autoUpgradeProfile": obj{"upgradeChannel": "stable", "nodeOSUpgradeChannel": "NodeImage"},
		"agentPoolProfiles": []any{
			obj{"name": "system", "mode": "System", "count": 3, "availabilityZones": []any{"1", "2", "3"}, "enableEncryptionAtHost": true},
			obj{"name": "user", "mode": "User", "count": 1, "enableEncryptionAtHost": true},
		},
		"addonProfiles": obj{"omsagent": obj{"enabled": true, "config": obj{"useAADAuth": "true"}}, "azurepolicy": obj{"enabled": true}},
		"tags":          obj{"environment": "prod", "managedBy": "aks-platform", "owner": "platform"},
	}
}

func cluster(props obj) Resource { return res(typeManagedCluster, "aks", props) }

func TestAzureRBAC(t *testing.T) {
	runCases(t, "aks-azure-rbac", []ruleCase{
		{name: "compliant", rs: one(cluster(goodCluster()))},
		{name: "no aad profile", rs: one(cluster(with(goodCluster(), "aadProfile", deleted))),
			want: []string{"aadProfile is not set"}},
		{name: "azure rbac off", rs: one(cluster(with(goodCluster(), "aadProfile.enableAzureRBAC", false))),
			want: []string{"aadProfile.enableAzureRBAC must be true, is false"}},
		{name: "not managed", rs: one(cluster(with(goodCluster(), "aadProfile.managed", deleted))),
			want: []string{"aadProfile.managed must be true, is unset"}},
		{name: "kubernetes rbac off", rs: one(cluster(with(goodCluster(), "enableRBAC", false))),
			want: []string{"enableRBAC must be true"}},
		{name: "unknown profile", rs: one(cluster(with(goodCluster(), "aadProfile", unknown)))},
		{name: "unknown flag", rs: one(cluster(with(goodCluster(), "aadProfile.enableAzureRBAC", unknown)))},
		{name: "secret flag still judged", rs: one(cluster(with(goodCluster(), "aadProfile.managed", secret(false)))),
			want: []string{"aadProfile.managed must be true"}},
		{name: "other types ignored", rs: one(res(typeVault, "kv", obj{}))},
	})
}

func TestLocalAccountsDisabled(t *testing.T) {
	runCases(t, "aks-local-accounts-disabled", []ruleCase{
		{name: "compliant", rs: one(cluster(goodCluster()))},
		{name: "unset", rs: one(cluster(with(goodCluster(), "disableLocalAccounts", deleted))),
			want: []string{"disableLocalAccounts must be true, is unset (defaults to false)"}},
		{name: "false", rs: one(cluster(with(goodCluster(), "disableLocalAccounts", false))),
			want: []string{"is false"}},
		{name: "unknown", rs: one(cluster(with(goodCluster(), "disableLocalAccounts", unknown)))},
	})
}

func TestAPIServerAccess(t *testing.T) {
	public := with(goodCluster(), "apiServerAccessProfile", obj{"enablePrivateCluster": false})
	runCases(t, "aks-api-server-access", []ruleCase{
		{name: "private", rs: one(cluster(goodCluster()))},
		{name: "public with ranges", rs: one(cluster(with(public, "apiServerAccessProfile.authorizedIPRanges",
			[]any{"203.0.113.0/24", "198.51.100.7/32"})))},
		{name: "public without ranges", rs: one(cluster(public)), want: []string{"no authorized IP ranges"}},
		{name: "no profile at all", rs: one(cluster(with(goodCluster(), "apiServerAccessProfile", deleted))),
			want: []string{"no authorized IP ranges"}},
		{name: "open to the internet", rs: one(cluster(with(public, "apiServerAccessProfile.authorizedIPRanges",
			[]any{"203.0.113.0/24", "0.0.0.0/0"}))), want: []string{`includes "0.0.0.0/0"`}},
		{name: "open through two halves", rs: one(cluster(with(public, "apiServerAccessProfile.authorizedIPRanges",
			[]any{"0.0.0.0/1", "128.0.0.0/1"}))), want: []string{`"0.0.0.0/1"`, `"128.0.0.0/1"`}},
		{name: "open over IPv6", rs: one(cluster(with(public, "apiServerAccessProfile.authorizedIPRanges",
			[]any{"::/0"}))), want: []string{`"::/0"`}},
		{name: "private but open range listed", rs: one(cluster(with(goodCluster(),
			"apiServerAccessProfile.authorizedIPRanges", []any{"0.0.0.0/0"}))), want: []string{"0.0.0.0/0"}},
		{name: "unknown ranges", rs: one(cluster(with(public, "apiServerAccessProfile.authorizedIPRanges", unknown)))},
		{name: "one unknown range", rs: one(cluster(with(public, "apiServerAccessProfile.authorizedIPRanges",
			[]any{unknown})))},
		{name: "unknown private flag", rs: one(cluster(with(public, "apiServerAccessProfile.enablePrivateCluster",
			unknown)))},
	})
}

func TestNetworkPolicy(t *testing.T) {
	runCases(t, "aks-network-policy", []ruleCase{
		{name: "azure", rs: one(cluster(goodCluster()))},
		{name: "calico on kubenet", rs: one(cluster(with(goodCluster(), "networkProfile",
			obj{"networkPlugin": "kubenet", "networkPolicy": "calico"})))},
		{name: "unset", rs: one(cluster(with(goodCluster(), "networkProfile.networkPolicy", deleted))),
			want: []string{"networkPolicy must be azure, calico or cilium, is unset"}},
		{name: "none", rs: one(cluster(with(goodCluster(), "networkProfile.networkPolicy", "none"))),
			want: []string{`is "none"`}},
		{name: "unknown", rs: one(cluster(with(goodCluster(), "networkProfile", unknown)))},
	})
}

func TestWorkloadIdentity(t *testing.T) {
	runCases(t, "aks-workload-identity", []ruleCase{
		{name: "compliant", rs: one(cluster(goodCluster()))},
		{name: "no oidc", rs: one(cluster(with(goodCluster(), "oidcIssuerProfile", deleted))),
			want: []string{"oidcIssuerProfile.enabled must be true"}},
		{name: "no workload identity", rs: one(cluster(with(goodCluster(), "securityProfile.workloadIdentity.enabled", false))),
			want: []string{"securityProfile.workloadIdentity.enabled must be true"}},
		{name: "both off", rs: one(cluster(with(with(goodCluster(), "oidcIssuerProfile.enabled", false),
			"securityProfile", deleted))), want: []string{"oidcIssuerProfile", "workloadIdentity"}},
		{name: "unknown", rs: one(cluster(with(goodCluster(), "securityProfile", unknown)))},
	})
}

func TestUpgradeManagement(t *testing.T) {
	noChannel := cluster(with(goodCluster(), "autoUpgradeProfile", deleted))
	byDep := res(typeMaintenanceConfig, "default", obj{"resourceName": "other", "configName": "default"})
	byDep.Dependencies = []string{noChannel.URN}
	runCases(t, "aks-upgrade-management", []ruleCase{
		{name: "channel", rs: one(cluster(goodCluster()))},
		{name: "node os channel only", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile",
			obj{"upgradeChannel": "none", "nodeOSUpgradeChannel": "NodeImage"})))},
		{name: "nothing", rs: one(noChannel), want: []string{"no auto-upgrade channel"}},
		{name: "channel none", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile", obj{"upgradeChannel": "none"}))),
			want: []string{"no auto-upgrade channel"}},
		{name: "maintenance window by name", rs: []Resource{noChannel,
			res(typeMaintenanceConfig, "mw", obj{"resourceName": "aks-weu", "configName": "default"})}},
		{name: "maintenance window by dependency", rs: []Resource{noChannel, byDep}},
		{name: "maintenance window of another cluster", rs: []Resource{noChannel,
			res(typeMaintenanceConfig, "mw", obj{"resourceName": "aks-neu"})}, want: []string{"no auto-upgrade"}},
		{name: "maintenance window target unknown", rs: []Resource{noChannel,
			res(typeMaintenanceConfig, "mw", obj{"resourceName": unknown})}},
		{name: "unknown channel", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile.upgradeChannel", unknown)))},
	})
}

func TestSystemPoolHA(t *testing.T) {
	systemPool := func(p obj) Resource { return res(typeAgentPool, "sys", p) }
	runCases(t, "aks-system-pool-ha", []ruleCase{
		{name: "compliant", env: "prod", rs: one(cluster(goodCluster()))},
		{name: "one node in dev is fine", env: "dev",
			rs: one(cluster(with(goodCluster(), "agentPoolProfiles.0.count", 1)))},
		{name: "one node in prod", env: "prod", rs: one(cluster(with(goodCluster(), "agentPoolProfiles.0.count", 1))),
			want: []string{"agentPoolProfiles[0]: system pool count is 1"}},
		{name: "one zone in prod", env: "production", rs: one(cluster(with(goodCluster(),
			"agentPoolProfiles.0.availabilityZones", []any{"1"}))), want: []string{"spans 1 availability zone"}},
		{name: "one zone listed twice", env: "prod", rs: one(cluster(with(goodCluster(),
			"agentPoolProfiles.0.availabilityZones", []any{"1", "1"}))), want: []string{"spans 1 availability zone"}},
		{name: "no zones, no count", env: "prod", rs: one(cluster(with(goodCluster(), "agentPoolProfiles",
			[]any{obj{"name": "system", "mode": "System"}}))),
			want: []string{"count is unset", "spans 0 availability zone"}},
		{name: "autoscaler min 1", env: "prod", rs: one(cluster(with(with(goodCluster(),
			"agentPoolProfiles.0.enableAutoScaling", true), "agentPoolProfiles.0.minCount", 1))),
			want: []string{"minCount is 1"}},
		{name: "autoscaler min 2", env: "prod", rs: one(cluster(with(with(goodCluster(),
			"agentPoolProfiles.0.enableAutoScaling", true), "agentPoolProfiles.0.minCount", 2)))},
		{name: "user pool small is fine", env: "prod", rs: one(cluster(goodCluster()))},
		{name: "first pool is system when no mode", env: "prod", rs: one(cluster(with(goodCluster(),
			"agentPoolProfiles", []any{obj{"name": "p", "count": 1, "availabilityZones": []any{"1", "2"}}}))),
			want: []string{"count is 1"}},
		{name: "unknown count", env: "prod", rs: one(cluster(with(goodCluster(), "agentPoolProfiles.0.count", unknown)))},
		{name: "unknown zones", env: "prod", rs: one(cluster(with(goodCluster(),
			"agentPoolProfiles.0.availabilityZones", unknown)))},
		{name: "unknown pools", env: "prod", rs: one(cluster(with(goodCluster(), "agentPoolProfiles", unknown)))},
		{name: "system AgentPool resource", env: "prod", rs: one(systemPool(obj{"mode": "System", "count": 1,
			"availabilityZones": []any{"1", "2"}})), want: []string{"agent pool: system pool count is 1"}},
		{name: "user AgentPool resource", env: "prod", rs: one(systemPool(obj{"mode": "User", "count": 1}))},
		{name: "environment option overrides", env: "dev", opts: obj{"environment": "prod"},
			rs: one(cluster(with(goodCluster(), "agentPoolProfiles.0.count", 1))), want: []string{"count is 1"}},
	})
}

func TestMonitoring(t *testing.T) {
	runCases(t, "aks-monitoring", []ruleCase{
		{name: "container insights", rs: one(cluster(goodCluster()))},
		{name: "prometheus only", rs: one(cluster(with(with(goodCluster(), "addonProfiles", deleted),
			"azureMonitorProfile.metrics.enabled", true)))},
		{name: "camel-case addon key", rs: one(cluster(with(goodCluster(), "addonProfiles",
			obj{"omsAgent": obj{"enabled": true}})))},
		{name: "nothing", rs: one(cluster(with(goodCluster(), "addonProfiles", deleted))),
			want: []string{"neither Container Insights"}},
		{name: "addon disabled", rs: one(cluster(with(goodCluster(), "addonProfiles.omsagent.enabled", false))),
			want: []string{"neither"}},
		{name: "unknown addons", rs: one(cluster(with(goodCluster(), "addonProfiles", unknown)))},
	})
}

func TestAzurePolicyAddon(t *testing.T) {
	runCases(t, "aks-azure-policy-addon", []ruleCase{
		{name: "on", rs: one(cluster(goodCluster()))},
		{name: "missing", rs: one(cluster(with(goodCluster(), "addonProfiles.azurepolicy", deleted))),
			want: []string{"addonProfiles.azurepolicy is not configured"}},
		{name: "off", rs: one(cluster(with(goodCluster(), "addonProfiles.azurepolicy.enabled", false))),
			want: []string{"addonProfiles.azurepolicy.enabled must be true"}},
		{name: "unknown", rs: one(cluster(with(goodCluster(), "addonProfiles.azurepolicy.enabled", unknown)))},
	})
}

// TestKubernetesVersion judges versions against the AKS release calendar on a pinned day.
func TestKubernetesVersion(t *testing.T) {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	lts := func(o obj) obj {
		return with(with(o, "sku", obj{"name": "Base", "tier": "Premium"}), "supportPlan", "AKSLongTermSupport")
	}
	for _, tc := range []struct {
		name string
		r    Resource
		on   time.Time
		want []string
	}{
		{"supported", cluster(with(goodCluster(), "kubernetesVersion", "1.37")), day, nil},
		{"patch version", cluster(with(goodCluster(), "kubernetesVersion", "1.35.2")), day, nil},
		{"unset uses the Azure default", cluster(with(goodCluster(), "kubernetesVersion", deleted)), day, nil},
		{"past community support", cluster(with(goodCluster(), "kubernetesVersion", "1.32")), day,
			[]string{"kubernetesVersion 1.32 left AKS community support on 2026-03-31; only long-term support"}},
		{"LTS with Premium and the LTS plan", cluster(lts(with(goodCluster(), "kubernetesVersion", "1.32"))), day, nil},
		{"LTS plan without Premium", cluster(with(with(goodCluster(), "kubernetesVersion", "1.32"), "supportPlan", "AKSLongTermSupport")), day,
			[]string{"only long-term support"}},
		{"LTS over too", cluster(lts(with(goodCluster(), "kubernetesVersion", "1.29"))), day,
			[]string{"long-term support included"}},
		{"newer than the calendar", cluster(with(goodCluster(), "kubernetesVersion", "1.38")), day,
			[]string{"kubernetesVersion 1.38 is newer than the AKS release calendar, which knows 1.27 to 1.37"}},
		{"supported yesterday", cluster(with(goodCluster(), "kubernetesVersion", "1.34")), day, nil},
		{"not today", cluster(with(goodCluster(), "kubernetesVersion", "1.34")), day.AddDate(0, 0, 1),
			[]string{"1.34 left AKS community support on 2026-11-30"}},
		{"old node pool", cluster(with(with(goodCluster(), "kubernetesVersion", "1.37"), "agentPoolProfiles.1.orchestratorVersion", "1.28.5")), day,
			[]string{"agentPoolProfiles[1].orchestratorVersion 1.28.5 left AKS support"}},
		{"AgentPool resource in its LTS window", res(typeAgentPool, "user", obj{"orchestratorVersion": "1.33"}), day, nil},
		{"old AgentPool resource", res(typeAgentPool, "user", obj{"orchestratorVersion": "1.27"}), day,
			[]string{"orchestratorVersion 1.27 left AKS support"}},
		{"garbage", cluster(with(goodCluster(), "kubernetesVersion", "latest")), day,
			[]string{"is not a Kubernetes version"}},
		{"unknown", cluster(with(goodCluster(), "kubernetesVersion", unknown)), day, nil},
		{"unknown plan gets the benefit of the doubt", cluster(with(with(goodCluster(), "kubernetesVersion", "1.32"), "supportPlan", unknown)), day, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			s.Today = tc.on
			got := judge(t, "aks-kubernetes-version", one(tc.r), s)
			require.Len(t, got, len(tc.want), "violations: %q", got)
			for i, w := range tc.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}
