package rules

import "testing"

func goodVault() obj {
	return obj{
		"vaultName": "kv-weu",
		"properties": obj{
			"tenantId":                  "t",
			"sku":                       obj{"family": "A", "name": "standard"},
			"enableRbacAuthorization":   true,
			"enablePurgeProtection":     true,
			"softDeleteRetentionInDays": 90,
			"publicNetworkAccess":       "Disabled",
			"networkAcls":               obj{"defaultAction": "Deny", "bypass": "AzureServices"},
		},
		"tags": obj{"environment": "prod", "managedBy": "aks-platform", "owner": "platform"},
	}
}

func vault(props obj) Resource { return res(typeVault, "kv", props) }

func TestVaultRBAC(t *testing.T) {
	runCases(t, "keyvault-rbac-authorization", []ruleCase{
		{name: "compliant", rs: one(vault(goodVault()))},
		{name: "empty access policies", rs: one(vault(with(goodVault(), "properties.accessPolicies", []any{})))},
		{name: "rbac off", rs: one(vault(with(goodVault(), "properties.enableRbacAuthorization", false))),
			want: []string{"properties.enableRbacAuthorization must be true, is false"}},
		{name: "rbac unset", rs: one(vault(with(goodVault(), "properties.enableRbacAuthorization", deleted))),
			want: []string{"is unset"}},
		{name: "access policies", rs: one(vault(with(goodVault(), "properties.accessPolicies",
			[]any{obj{"objectId": "o", "tenantId": "t"}}))), want: []string{"accessPolicies has 1 entries"}},
		{name: "access policy resource", rs: one(res(typeVaultAccessPolicy, "ap", obj{})),
			want: []string{"keyvault:AccessPolicy"}},
		{name: "unknown", rs: one(vault(with(goodVault(), "properties.enableRbacAuthorization", unknown)))},
		{name: "unknown properties", rs: one(vault(with(goodVault(), "properties", unknown)))},
	})
}

func TestPurgeProtection(t *testing.T) {
	runCases(t, "keyvault-purge-protection", []ruleCase{
		{name: "on", rs: one(vault(goodVault()))},
		{name: "off", rs: one(vault(with(goodVault(), "properties.enablePurgeProtection", false))),
			want: []string{"properties.enablePurgeProtection must be true, is false"}},
		{name: "unset", rs: one(vault(with(goodVault(), "properties.enablePurgeProtection", deleted))),
			want: []string{"unset (defaults to false)"}},
		{name: "unknown", rs: one(vault(with(goodVault(), "properties.enablePurgeProtection", unknown)))},
	})
}

func TestSoftDelete(t *testing.T) {
	runCases(t, "keyvault-soft-delete", []ruleCase{
		{name: "90 days", rs: one(vault(goodVault()))},
		{name: "retention unset (Azure default 90)", rs: one(vault(with(goodVault(),
			"properties.softDeleteRetentionInDays", deleted)))},
		{name: "7 days", rs: one(vault(with(goodVault(), "properties.softDeleteRetentionInDays", 7)))},
		{name: "too short", rs: one(vault(with(goodVault(), "properties.softDeleteRetentionInDays", 3))),
			want: []string{"softDeleteRetentionInDays is 3; need at least 7"}},
		{name: "soft delete off", rs: one(vault(with(goodVault(), "properties.enableSoftDelete", false))),
			want: []string{"properties.enableSoftDelete must be true"}},
		{name: "unknown", rs: one(vault(with(goodVault(), "properties.softDeleteRetentionInDays", unknown)))},
	})
}

func TestVaultNetwork(t *testing.T) {
	open := with(with(goodVault(), "properties.publicNetworkAccess", "Enabled"), "properties.networkAcls", deleted)
	runCases(t, "keyvault-network-restricted", []ruleCase{
		{name: "private", env: "prod", rs: one(vault(goodVault()))},
		{name: "public but default deny", env: "prod", rs: one(vault(with(goodVault(),
			"properties.publicNetworkAccess", "Enabled")))},
		{name: "public access disabled, acl allow", env: "prod", rs: one(vault(with(goodVault(),
			"properties.networkAcls.defaultAction", "Allow")))},
		{name: "open in prod", env: "prod", rs: one(vault(open)), want: []string{"public network access is open"}},
		{name: "open in dev", env: "dev", rs: one(vault(open))},
		{name: "unknown", env: "prod", rs: one(vault(with(open, "properties.publicNetworkAccess", unknown)))},
		{name: "default deny but an IP rule opens it", env: "prod", rs: one(vault(with(with(goodVault(),
			"properties.publicNetworkAccess", "Enabled"), "properties.networkAcls.ipRules",
			[]any{obj{"value": "203.0.113.0/24"}, obj{"value": "0.0.0.0/1"}}))),
			want: []string{`ipRules admits "0.0.0.0/1"`}},
		{name: "default deny with scoped IP rules", env: "prod", rs: one(vault(with(with(goodVault(),
			"properties.publicNetworkAccess", "Enabled"), "properties.networkAcls.ipRules",
			[]any{obj{"value": "203.0.113.0/24"}, obj{"value": unknown}})))},
		{name: "public access off makes IP rules moot", env: "prod", rs: one(vault(with(goodVault(),
			"properties.networkAcls.ipRules", []any{obj{"value": "0.0.0.0/0"}})))},
		{name: "unknown ACLs", env: "prod", rs: one(vault(with(with(goodVault(),
			"properties.publicNetworkAccess", "Enabled"), "properties.networkAcls", unknown)))},
	})
}
