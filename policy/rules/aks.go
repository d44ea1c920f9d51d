package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// Azure resource types the AKS rules look at.
const (
	typeManagedCluster    = "azure-native:containerservice:ManagedCluster"
	typeAgentPool         = "azure-native:containerservice:AgentPool"
	typeMaintenanceConfig = "azure-native:containerservice:MaintenanceConfiguration"
)

func aksRules() []Rule {
	cluster := []string{typeManagedCluster}
	return []Rule{
		{
			Name:        "aks-azure-rbac",
			Description: "AKS clusters use Entra ID integration with Azure RBAC for Kubernetes authorization.",
			Level:       Mandatory, Severity: High, Types: cluster,
			Check: checkAzureRBAC,
		},
		{
			Name:        "aks-local-accounts-disabled",
			Description: "AKS clusters disable local accounts, so every access goes through Entra ID.",
			Level:       Mandatory, Severity: High, Types: cluster,
			Check: boolCheck(false, true, "disableLocalAccounts"),
		},
		{
			Name: "aks-api-server-access",
			Description: "The AKS API server is private, or public but restricted to authorized IP ranges " +
				"that do not include 0.0.0.0/0.",
			Level: Mandatory, Severity: Critical, Types: cluster,
			Check: checkAPIServerAccess,
		},
		{
			Name:        "aks-network-policy",
			Description: "AKS clusters enforce Kubernetes network policies (networkProfile.networkPolicy is set).",
			Level:       Mandatory, Severity: High, Types: cluster,
			Check: checkNetworkPolicy,
		},
		{
			Name:        "aks-workload-identity",
			Description: "AKS clusters enable the OIDC issuer and workload identity.",
			Level:       Mandatory, Severity: High, Types: cluster,
			Check: boolCheck(false, true, "oidcIssuerProfile.enabled", "securityProfile.workloadIdentity.enabled"),
		},
		{
			Name: "aks-upgrade-management",
			Description: "AKS clusters have an auto-upgrade channel or a planned maintenance window " +
				"(containerservice:MaintenanceConfiguration).",
			Level: Advisory, Severity: Medium, Types: []string{typeManagedCluster, typeMaintenanceConfig},
			CheckStack: checkUpgradeManagement,
		},
		{
			Name: "aks-system-pool-ha",
			Description: "In production, every AKS system node pool runs at least 2 nodes spread over at " +
				"least 2 availability zones.",
			Level: Mandatory, Severity: High, Types: []string{typeManagedCluster, typeAgentPool},
			ProdOnly: true,
			Check:    checkSystemPoolHA,
		},
		{
			Name: "aks-monitoring",
			Description: "AKS clusters send telemetry to Azure Monitor (Container Insights addon or " +
				"managed Prometheus metrics).",
			Level: Advisory, Severity: Medium, Types: cluster,
			Check: checkMonitoring,
		},
		{
			Name:        "aks-azure-policy-addon",
			Description: "AKS clusters run the Azure Policy add-on, so in-cluster guardrails are enforced too.",
			Level:       Advisory, Severity: Medium, Types: cluster,
			Check: func(r Resource, _ Settings) []string {
				return requireAddon(r, "azurepolicy")
			},
		},
		{
			Name: "aks-kubernetes-version",
			Description: "AKS clusters and node pools run a Kubernetes version that AKS supports on the day " +
				"of the check (unset, or in the AKS release calendar's support window; past community " +
				"support only with long-term support: Premium tier and supportPlan AKSLongTermSupport).",
			Level: Advisory, Severity: Medium, Types: []string{typeManagedCluster, typeAgentPool},
			Check: checkKubernetesVersion,
		},
	}
}

// boolCheck is a check that requires the boolean at each path to be want; def is the Azure
// default when a property is absent.
func boolCheck(def, want bool, paths ...string) func(Resource, Settings) []string {
	return func(r Resource, _ Settings) []string {
		var out []string
		for _, p := range paths {
			out = append(out, requireBool(r, p, def, want)...)
		}
		return out
	}
}

// requireBool reports a violation when the boolean at path is known and not want; def is the
// Azure default when the property is absent.
func requireBool(r Resource, path string, def, want bool) []string {
	got, known := r.get(path).boolean(def)
	if !known || got == want {
		return nil
	}
	state := strconv.FormatBool(got)
	if !r.get(path).present {
		state = "unset (defaults to " + state + ")"
	}
	return []string{fmt.Sprintf("%s must be %t, is %s", path, want, state)}
}

func checkAzureRBAC(r Resource, _ Settings) []string {
	aad := r.get("aadProfile")
	if aad.unknown {
		return nil
	}
	if !aad.present {
		return []string{"aadProfile is not set: enable Entra ID integration (aadProfile.managed: true) " +
			"with Azure RBAC (aadProfile.enableAzureRBAC: true)"}
	}
	out := append(requireBool(r, "aadProfile.managed", false, true),
		requireBool(r, "aadProfile.enableAzureRBAC", false, true)...)
	return append(out, requireBool(r, "enableRBAC", true, true)...)
}

func checkAPIServerAccess(r Resource, _ Settings) []string {
	profile := r.get("apiServerAccessProfile")
	if profile.unknown {
		return nil
	}
	private, privKnown := profile.at("enablePrivateCluster").boolean(false)
	ranges, rangesKnown := profile.at("authorizedIPRanges").strings()
	var out []string
	for _, cidr := range ranges {
		if openRange(cidr) {
			out = append(out, fmt.Sprintf("apiServerAccessProfile.authorizedIPRanges includes %q, which "+
				"opens the API server to the internet", cidr))
		}
	}
	if len(out) > 0 || !privKnown || private {
		return out
	}
	if rangesKnown && len(ranges) == 0 {
		return []string{"the API server is public with no authorized IP ranges: set " +
			"apiServerAccessProfile.enablePrivateCluster: true or list apiServerAccessProfile.authorizedIPRanges"}
	}
	return nil
}

func checkNetworkPolicy(r Resource, _ Settings) []string {
	policy, known := r.get("networkProfile.networkPolicy").str()
	if !known || (policy != "" && !strings.EqualFold(policy, "none")) {
		return nil
	}
	return []string{"networkProfile.networkPolicy must be azure, calico or cilium, is " + quoteOrUnset(policy)}
}

func quoteOrUnset(s string) string {
	if s == "" {
		return "unset"
	}
	return strconv.Quote(s)
}
