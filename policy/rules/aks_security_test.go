package rules

import "testing"

func TestDefender(t *testing.T) {
	runCases(t, "aks-defender", []ruleCase{
		{name: "compliant", env: "prod", rs: one(cluster(goodCluster()))},
		{name: "off in prod", env: "prod", rs: one(cluster(with(goodCluster(), "securityProfile.defender.securityMonitoring.enabled", false))),
			want: []string{"securityProfile.defender.securityMonitoring.enabled must be true, is false"}},
		{name: "no profile in prod", env: "prod", rs: one(cluster(with(goodCluster(), "securityProfile.defender", deleted))),
			want: []string{"is unset"}},
		{name: "no workspace", env: "prod", rs: one(cluster(with(goodCluster(), "securityProfile.defender.logAnalyticsWorkspaceResourceId", deleted))),
			want: []string{"needs the workspace"}},
		{name: "unknown workspace", env: "prod", rs: one(cluster(with(goodCluster(), "securityProfile.defender.logAnalyticsWorkspaceResourceId", unknown)))},
		{name: "off in dev is fine", env: "dev", rs: one(cluster(with(goodCluster(), "securityProfile.defender", deleted)))},
	})
}

func TestKMS(t *testing.T) {
	runCases(t, "aks-kms", []ruleCase{
		{name: "compliant", env: "prod", rs: one(cluster(goodCluster()))},
		{name: "off", env: "prod", rs: one(cluster(with(goodCluster(), "securityProfile.azureKeyVaultKms.enabled", false))),
			want: []string{"securityProfile.azureKeyVaultKms.enabled must be true"}},
		{name: "unknown", env: "prod", rs: one(cluster(with(goodCluster(), "securityProfile.azureKeyVaultKms", unknown)))},
	})
}

func TestImageCleaner(t *testing.T) {
	runCases(t, "aks-image-cleaner", []ruleCase{
		{name: "compliant", rs: one(cluster(goodCluster()))},
		{name: "absent", env: "dev", rs: one(cluster(with(goodCluster(), "securityProfile.imageCleaner", deleted))),
			want: []string{"securityProfile.imageCleaner.enabled must be true, is unset (defaults to false)"}},
		{name: "off", rs: one(cluster(with(goodCluster(), "securityProfile.imageCleaner.enabled", false))),
			want: []string{"is false"}},
	})
}

func TestRunCommandDisabled(t *testing.T) {
	runCases(t, "aks-run-command-disabled", []ruleCase{
		{name: "compliant", env: "prod", rs: one(cluster(goodCluster()))},
		{name: "enabled in prod", env: "prod", rs: one(cluster(with(goodCluster(), "apiServerAccessProfile.disableRunCommand", false))),
			want: []string{"apiServerAccessProfile.disableRunCommand must be true, is false"}},
		{name: "left out in prod", env: "prod", rs: one(cluster(with(goodCluster(), "apiServerAccessProfile.disableRunCommand", deleted))),
			want: []string{"is unset (defaults to false)"}},
		{name: "enabled in dev", env: "dev", rs: one(cluster(with(goodCluster(), "apiServerAccessProfile.disableRunCommand", false)))},
	})
}

func TestHostEncryption(t *testing.T) {
	pool := func(props obj) Resource { return res(typeAgentPool, "apps", props) }
	runCases(t, "aks-host-encryption", []ruleCase{
		{name: "compliant", env: "prod", rs: []Resource{cluster(goodCluster()), pool(obj{"mode": "User", "enableEncryptionAtHost": true})}},
		{name: "inline pool off", env: "prod", rs: one(cluster(with(goodCluster(), "agentPoolProfiles.1.enableEncryptionAtHost", false))),
			want: []string{"agentPoolProfiles[1].enableEncryptionAtHost must be true"}},
		{name: "inline pool left out", env: "prod", rs: one(cluster(with(goodCluster(), "agentPoolProfiles.0.enableEncryptionAtHost", deleted))),
			want: []string{"agentPoolProfiles[0].enableEncryptionAtHost must be true"}},
		{name: "agent pool off", env: "prod", rs: one(pool(obj{"mode": "User"})),
			want: []string{"enableEncryptionAtHost must be true, is unset"}},
		{name: "unknown pools", env: "prod", rs: one(cluster(with(goodCluster(), "agentPoolProfiles", unknown)))},
		{name: "dev", env: "dev", rs: one(pool(obj{"mode": "User", "enableEncryptionAtHost": false}))},
	})
}

func TestNodeOSUpgrade(t *testing.T) {
	runCases(t, "aks-node-os-upgrade", []ruleCase{
		{name: "NodeImage", env: "prod", rs: one(cluster(goodCluster()))},
		{name: "SecurityPatch", env: "prod", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile.nodeOSUpgradeChannel", "SecurityPatch")))},
		{name: "node-image channel covers it", env: "prod", rs: one(cluster(with(with(goodCluster(),
			"autoUpgradeProfile.upgradeChannel", "node-image"), "autoUpgradeProfile.nodeOSUpgradeChannel", deleted)))},
		{name: "Unmanaged", env: "prod", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile.nodeOSUpgradeChannel", "Unmanaged"))),
			want: []string{"nodeOSUpgradeChannel is Unmanaged"}},
		{name: "None", env: "prod", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile.nodeOSUpgradeChannel", "None"))),
			want: []string{"nodeOSUpgradeChannel is None"}},
		{name: "unset", env: "prod", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile", deleted))),
			want: []string{"nodeOSUpgradeChannel is unset"}},
		{name: "unknown", env: "prod", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile.nodeOSUpgradeChannel", unknown)))},
		{name: "dev", env: "dev", rs: one(cluster(with(goodCluster(), "autoUpgradeProfile.nodeOSUpgradeChannel", "None")))},
	})
}
