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
	// Dedicated) instead of AzureDiagnostics: typed columns, cheaper queries, and for Azure
	// Firewall's structured logs the only place they exist.
	Dedicated bool
	// Service is the path of the sub-resource that logs, appended to the resource's ID: a
	// storage account logs per service (/blobServices/default), not as the account.
	Service string
	// Metrics are the metric categories to collect; nil means AllMetrics. A storage service
	// offers only Transaction.
	Metrics []string
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
	StorageAccount       = "azure-native:storage:StorageAccount"
)

// byType maps a base azure-native type token to what it logs. Every category name is the one
// Azure Monitor's "Supported logs" reference gives for the type
// (https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/logs-index), and
// Dedicated is set where that reference names resource-specific tables:
//   - AKS (microsoft-containerservice-managedclusters-logs): the control plane without
//     kube-audit, whose get/list events dominate the cost; kube-audit-admin keeps every change
//     (https://learn.microsoft.com/azure/aks/monitor-aks-reference#resource-logs). Tables
//     AKSControlPlane, AKSAuditAdmin.
//   - Key Vault (microsoft-keyvault-vaults-logs): AuditEvent, every data-plane access.
//   - Application Gateway (microsoft-network-applicationgateways-logs): access and firewall;
//     the performance log exists only for the v1 SKU, and the platform deploys WAF_v2.
//   - Azure Firewall (microsoft-network-azurefirewalls-logs): the structured logs, which exist
//     only in resource-specific tables (AZFW*), hence Dedicated.
//   - Front Door Standard/Premium (microsoft-cdn-profiles-logs): access, health probe, WAF.
//   - Container Registry (microsoft-containerregistry-registries-logs): login and repository
//     events, in their own tables.
//   - NSG (microsoft-network-networksecuritygroups-logs): rule events and rule counters.
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
	}, Dedicated: true},
	NetworkSecurityGroup: {Names: []string{
		"NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter",
	}},
	// Storage (microsoft-storage-storageaccounts-blobservices-logs): the blob service's reads,
	// writes and deletes, in the resource-specific StorageBlobLogs table; the account itself
	// has metrics only (https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage).
	StorageAccount: {Names: []string{"StorageRead", "StorageWrite", "StorageDelete"},
		Service: "/blobServices/default", Metrics: []string{"Transaction"}},
}

// For returns what a resource of the given type token logs; versioned tokens
// (azure-native:keyvault/v20230701:Vault) count as their base type. ok is false for a type that
// has no logs to collect.
func For(typeToken string) (c Categories, ok bool) {
	c, ok = byType[typetoken.Base(typeToken)]
	c.Names = slices.Clone(c.Names)
	c.Metrics = slices.Clone(c.Metrics)
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
