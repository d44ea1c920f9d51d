// Package logs is the one list of the Azure resource types whose logs the platform collects,
// and which log categories each sends. It is plain data: the monitoring component builds every
// diagnostic setting from it, and the policy pack checks from it that every such resource has
// one, so a type added here is both collected and enforced.
package logs

import (
	"slices"
	"sort"

	"github.com/aksplatform/platform/internal/typetoken"
)

// Categories are the logs one resource type sends to Log Analytics.
type Categories struct {
	// Names are the log categories, as the resource type's diagnostic settings name them.
	Names []string
	// Dedicated sends the logs to resource-specific tables (LogAnalyticsDestinationType
	// Dedicated) instead of AzureDiagnostics. Azure Firewall's structured logs exist only there.
	Dedicated bool
}

// The resource types that log, as base azure-native type tokens.
const (
	ManagedCluster       = "azure-native:containerservice:ManagedCluster"
	KeyVault             = "azure-native:keyvault:Vault"
	ApplicationGateway   = "azure-native:network:ApplicationGateway"
	AzureFirewall        = "azure-native:network:AzureFirewall"
	FrontDoor            = "azure-native:cdn:Profile"
	ContainerRegistry    = "azure-native:containerregistry:Registry"
	NetworkSecurityGroup = "azure-native:network:NetworkSecurityGroup"
)

// byType maps a base azure-native type token to what it logs. Sources, one per type:
//   - AKS: https://learn.microsoft.com/azure/aks/monitor-aks-reference#resource-logs (kube-audit-admin
//     rather than kube-audit: the baseline's choice, it drops get/list reads and most of the cost)
//   - Key Vault: https://learn.microsoft.com/azure/key-vault/key-vault-insights-overview (AuditEvent)
//   - Application Gateway: https://learn.microsoft.com/azure/application-gateway/monitor-application-gateway-reference
//   - Azure Firewall: https://learn.microsoft.com/azure/firewall/monitor-firewall-reference (structured logs)
//   - Front Door: https://learn.microsoft.com/azure/frontdoor/front-door-diagnostics
//   - Container Registry: https://learn.microsoft.com/azure/container-registry/monitor-container-registry-reference
//   - NSG: https://learn.microsoft.com/azure/virtual-network/virtual-network-nsg-manage-log
var byType = map[string]Categories{
	ManagedCluster: {Names: []string{
		"kube-apiserver", "kube-audit-admin", "kube-controller-manager", "cluster-autoscaler", "guard",
	}, Dedicated: true},
	KeyVault: {Names: []string{"AuditEvent"}},
	ApplicationGateway: {Names: []string{
		"ApplicationGatewayAccessLog", "ApplicationGatewayFirewallLog",
	}},
	AzureFirewall: {Names: []string{
		"AZFWNetworkRule", "AZFWApplicationRule", "AZFWNatRule", "AZFWThreatIntel",
		"AZFWIdpsSignature", "AZFWDnsQuery", "AZFWFqdnResolveFailure",
	}, Dedicated: true},
	FrontDoor: {Names: []string{
		"FrontDoorAccessLog", "FrontDoorHealthProbeLog", "FrontDoorWebApplicationFirewallLog",
	}},
	ContainerRegistry: {Names: []string{
		"ContainerRegistryRepositoryEvents", "ContainerRegistryLoginEvents",
	}},
	NetworkSecurityGroup: {Names: []string{
		"NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter",
	}},
}

// For returns what a resource of the given type token logs; versioned tokens
// (azure-native:keyvault/v20230701:Vault) count as their base type. ok is false for a type that
// has no logs to collect.
func For(typeToken string) (c Categories, ok bool) {
	c, ok = byType[typetoken.Base(typeToken)]
	c.Names = slices.Clone(c.Names)
	return c, ok
}

// Types returns every type token that logs, sorted.
func Types() []string {
	ts := make([]string, 0, len(byType))
	for t := range byType {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}
