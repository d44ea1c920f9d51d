package rules

import (
	"fmt"
	"strings"
)

// aksSecurityRules are the cluster controls of the Microsoft cloud security benchmark that
// can be decided from a ManagedCluster's or AgentPool's ARM properties. Each mirrors the
// condition of the Azure Policy built-in named in its description, so a plan that passes here
// is compliant there. The production controls are ProdOnly: dev keeps the cheap defaults.
func aksSecurityRules() []Rule {
	cluster := []string{typeManagedCluster}
	return []Rule{
		{
			Name: "aks-defender",
			Description: "AKS clusters run Microsoft Defender for Containers' security monitoring, reporting to " +
				"a Log Analytics workspace (Azure Policy: Azure Kubernetes Service clusters should have " +
				"Defender profile enabled).",
			Level: Mandatory, Severity: High, Types: cluster, ProdOnly: true,
			Check: checkDefender,
		},
		{
			Name: "aks-kms",
			Description: "AKS clusters encrypt Kubernetes secrets in etcd with a Key Vault key through KMS " +
				"(Azure Policy: Azure Kubernetes Clusters should enable Key Management Service (KMS)).",
			Level: Advisory, Severity: Medium, Types: cluster, ProdOnly: true,
			Check: boolCheck(false, true, "securityProfile.azureKeyVaultKms.enabled"),
		},
		{
			Name: "aks-image-cleaner",
			Description: "AKS clusters run Image Cleaner, which removes unused and vulnerable images from the " +
				"nodes (Azure Policy: Azure Kubernetes Service Clusters should enable Image Cleaner).",
			Level: Mandatory, Severity: Medium, Types: cluster,
			Check: boolCheck(false, true, "securityProfile.imageCleaner.enabled"),
		},
		{
			Name: "aks-run-command-disabled",
			Description: "AKS clusters disable run command, which would reach the cluster around its network " +
				"restrictions (Azure Policy: Azure Kubernetes Service Clusters should disable Command Invoke).",
			Level: Mandatory, Severity: High, Types: cluster, ProdOnly: true,
			Check: boolCheck(false, true, "apiServerAccessProfile.disableRunCommand"),
		},
		{
			Name: "aks-host-encryption",
			Description: "Every AKS node pool encrypts its temp disks and caches at the VM host (Azure Policy: " +
				"Temp disks and cache for agent node pools in Azure Kubernetes Service clusters should be " +
				"encrypted at host).",
			Level: Mandatory, Severity: High, Types: []string{typeManagedCluster, typeAgentPool}, ProdOnly: true,
			Check: checkHostEncryption,
		},
		{
			Name: "aks-node-os-upgrade",
			Description: "AKS clusters apply node OS security updates themselves: nodeOSUpgradeChannel NodeImage " +
				"or SecurityPatch, or upgradeChannel node-image (Azure Policy: Azure Kubernetes Service " +
				"Clusters should enable node os auto-upgrade).",
			Level: Mandatory, Severity: Medium, Types: cluster, ProdOnly: true,
			Check: checkNodeOSUpgrade,
		},
	}
}

func checkDefender(r Resource, _ Settings) []string {
	if out := requireBool(r, "securityProfile.defender.securityMonitoring.enabled", false, true); len(out) > 0 {
		return out
	}
	ws, known := r.get("securityProfile.defender.logAnalyticsWorkspaceResourceId").str()
	if known && ws == "" {
		return []string{"securityProfile.defender.logAnalyticsWorkspaceResourceId is not set: Defender needs the workspace it reports to"}
	}
	return nil
}

// checkHostEncryption judges the inline pools of a cluster and each separate AgentPool; Azure
// leaves enableEncryptionAtHost off when it is absent.
func checkHostEncryption(r Resource, _ Settings) []string {
	if r.Type == typeAgentPool {
		return requireBool(r, "enableEncryptionAtHost", false, true)
	}
	pools, known := r.get("agentPoolProfiles").list()
	if !known {
		return nil
	}
	var out []string
	for i, p := range pools {
		on, known := elem(p).at("enableEncryptionAtHost").boolean(false)
		if known && !on {
			out = append(out, fmt.Sprintf("agentPoolProfiles[%d].enableEncryptionAtHost must be true", i))
		}
	}
	return out
}

func checkNodeOSUpgrade(r Resource, _ Settings) []string {
	upgrade, upKnown := r.get("autoUpgradeProfile.upgradeChannel").str()
	nodeOS, osKnown := r.get("autoUpgradeProfile.nodeOSUpgradeChannel").str()
	if !upKnown || !osKnown || strings.EqualFold(upgrade, "node-image") {
		return nil
	}
	if strings.EqualFold(nodeOS, "NodeImage") || strings.EqualFold(nodeOS, "SecurityPatch") {
		return nil
	}
	if nodeOS == "" {
		nodeOS = "unset"
	}
	return []string{fmt.Sprintf("autoUpgradeProfile.nodeOSUpgradeChannel is %s: node OS security updates need NodeImage or SecurityPatch", nodeOS)}
}
