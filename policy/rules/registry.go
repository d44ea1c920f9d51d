package rules

import "strings"

const typeRegistry = "azure-native:containerregistry:Registry"

func registryRules() []Rule {
	registry := []string{typeRegistry}
	return []Rule{
		{
			Name:        "acr-admin-user-disabled",
			Description: "Container registries disable the admin user; pulls and pushes use Entra ID identities.",
			Level:       Mandatory, Severity: High, Types: registry,
			Check: boolCheck(false, false, "adminUserEnabled"),
		},
		{
			Name: "acr-public-network-disabled",
			Description: "In production, container registries disable public network access and are reached " +
				"through private endpoints (Premium SKU).",
			Level: Mandatory, Severity: High, Types: registry, ProdOnly: true,
			Check: func(r Resource, _ Settings) []string {
				access, known := r.get("publicNetworkAccess").str()
				if !known || strings.EqualFold(access, "Disabled") {
					return nil
				}
				if access == "" {
					access = "unset (defaults to Enabled)"
				} else {
					access = `"` + access + `"`
				}
				return []string{"publicNetworkAccess must be Disabled, is " + access}
			},
		},
	}
}
