package rules

import (
	"fmt"
	"strings"
)

// Key Vault resource types.
const (
	typeVault             = "azure-native:keyvault:Vault"
	typeVaultAccessPolicy = "azure-native:keyvault:AccessPolicy"
	typeVaultSecret       = "azure-native:keyvault:Secret"
)

// minSoftDeleteDays is the shortest soft-delete retention accepted (Azure's own minimum).
const minSoftDeleteDays = 7

func keyVaultRules() []Rule {
	vault := []string{typeVault}
	return []Rule{
		{
			Name: "keyvault-rbac-authorization",
			Description: "Key Vaults authorize data-plane access with Azure RBAC " +
				"(properties.enableRbacAuthorization) and carry no access policies.",
			Level: Mandatory, Severity: High, Types: []string{typeVault, typeVaultAccessPolicy},
			Check: checkVaultRBAC,
		},
		{
			Name:        "keyvault-purge-protection",
			Description: "Key Vaults enable purge protection, so deleted secrets cannot be purged before retention ends.",
			Level:       Mandatory, Severity: High, Types: vault,
			Check: boolCheck(false, true, "properties.enablePurgeProtection"),
		},
		{
			Name: "keyvault-soft-delete",
			Description: fmt.Sprintf("Key Vaults keep soft delete on with a retention of at least %d days.",
				minSoftDeleteDays),
			Level: Mandatory, Severity: Medium, Types: vault,
			Check: checkSoftDelete,
		},
		{
			Name: "keyvault-network-restricted",
			Description: "In production, Key Vaults disable public network access or deny it by default " +
				"(properties.networkAcls.defaultAction: Deny) with no IP rule open to the internet.",
			Level: Mandatory, Severity: High, Types: vault, ProdOnly: true,
			Check: checkVaultNetwork,
		},
	}
}

func checkVaultRBAC(r Resource, _ Settings) []string {
	if r.Type == typeVaultAccessPolicy {
		return []string{"a keyvault:AccessPolicy grants access outside Azure RBAC; use role assignments instead"}
	}
	out := requireBool(r, "properties.enableRbacAuthorization", false, true)
	policies, known := r.get("properties.accessPolicies").list()
	if known && len(policies) > 0 {
		out = append(out, fmt.Sprintf("properties.accessPolicies has %d entries; an RBAC vault has none",
			len(policies)))
	}
	return out
}

func checkSoftDelete(r Resource, _ Settings) []string {
	out := requireBool(r, "properties.enableSoftDelete", true, true)
	days, set, known := r.get("properties.softDeleteRetentionInDays").number()
	if known && set && days < minSoftDeleteDays {
		out = append(out, fmt.Sprintf("properties.softDeleteRetentionInDays is %v; need at least %d",
			days, minSoftDeleteDays))
	}
	return out
}

func checkVaultNetwork(r Resource, _ Settings) []string {
	access, accessKnown := r.get("properties.publicNetworkAccess").str()
	if !accessKnown || strings.EqualFold(access, "Disabled") {
		return nil
	}
	acls := r.get("properties.networkAcls")
	action, actionKnown := acls.at("defaultAction").str()
	switch {
	case !actionKnown:
		return nil
	case !strings.EqualFold(action, "Deny"):
		return []string{fmt.Sprintf("public network access is open (properties.publicNetworkAccess %s, "+
			"properties.networkAcls.defaultAction %s); disable it or set the default action to Deny",
			quoteOrUnset(access), quoteOrUnset(action))}
	}
	// Default Deny, but an IP rule can let the whole internet back in.
	var out []string
	ipRules, _ := acls.at("ipRules").list()
	for _, rule := range ipRules {
		if v, known := elem(rule).at("value").str(); known && openRange(v) {
			out = append(out, fmt.Sprintf("properties.networkAcls.ipRules admits %q, which opens the vault "+
				"to the internet despite defaultAction Deny", v))
		}
	}
	return out
}
