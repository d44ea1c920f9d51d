package rules

import (
	"testing"
	"time"

	"github.com/aksplatform/platform/components/keyvault/lifetime"
)

// unix is the expiry input of a secret expiring at 00:00 UTC on date.
func unix(date string) int {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return int(d.Unix())
}

func goodSecret() obj {
	return obj{
		"secretName": "db-password",
		"properties": obj{
			"value":      secret("x"),
			"attributes": obj{"enabled": true, "expires": unix("2100-02-01")},
		},
		"tags": obj{"owner": "platform", lifetime.RotateAfterTag: "2100-01-01"},
	}
}

func TestSecretExpiry(t *testing.T) {
	s := func(props obj) []Resource { return one(res(typeVaultSecret, "db", props)) }
	runCases(t, "keyvault-secret-expiry", []ruleCase{
		{name: "expires a month after rotation", rs: s(goodSecret())},
		{name: "no rotation tag: expiry alone", rs: s(with(goodSecret(), "tags", obj{"owner": "platform"}))},
		{name: "tag key in another case", rs: s(with(goodSecret(), "tags", obj{"RotateAfter": "2100-03-01"})),
			want: []string{"expires on 2100-02-01, on or before its rotation on 2100-03-01"}},
		{name: "no expiry", rs: s(with(goodSecret(), "properties.attributes.expires", deleted)),
			want: []string{"properties.attributes.expires is unset: the secret never expires"}},
		{name: "no attributes", rs: s(with(goodSecret(), "properties.attributes", deleted)),
			want: []string{"never expires"}},
		{name: "expiry before rotation", rs: s(with(goodSecret(), "tags."+lifetime.RotateAfterTag, "2100-03-01")),
			want: []string{"expires on 2100-02-01, on or before its rotation on 2100-03-01"}},
		{name: "expiry on the rotation day", rs: s(with(goodSecret(), "tags."+lifetime.RotateAfterTag, "2100-02-01")),
			want: []string{"on or before its rotation"}},
		{name: "a past expiry after its rotation: judged alike on any day", rs: s(with(with(goodSecret(),
			"properties.attributes.expires", unix("2020-01-01")), "tags."+lifetime.RotateAfterTag, "2019-12-01"))},
		{name: "rotation tag not a date", rs: s(with(goodSecret(), "tags."+lifetime.RotateAfterTag, "soon")),
			want: []string{`tag rotateAfter is "soon", not a date`}},
		{name: "unknown expiry", rs: s(with(goodSecret(), "properties.attributes.expires", unknown))},
		{name: "unknown tags", rs: s(with(goodSecret(), "tags", unknown))},
	})
}

func TestVaultDefaultDeny(t *testing.T) {
	runCases(t, "keyvault-firewall-default-deny", []ruleCase{
		{name: "deny", rs: one(vault(goodVault()))},
		{name: "deny in dev with ranges", env: "dev", rs: one(vault(with(with(goodVault(), "properties.publicNetworkAccess", "Enabled"),
			"properties.networkAcls.ipRules", []any{obj{"value": "203.0.113.0/24"}})))},
		{name: "allow in dev", env: "dev", rs: one(vault(with(goodVault(), "properties.networkAcls.defaultAction", "Allow"))),
			want: []string{`defaultAction must be Deny, is "Allow"`}},
		{name: "allow behind a disabled endpoint", rs: one(vault(with(goodVault(), "properties.networkAcls.defaultAction", "Allow"))),
			want: []string{`is "Allow"`}},
		{name: "no network rules", rs: one(vault(with(goodVault(), "properties.networkAcls", deleted))),
			want: []string{"unset (defaults to Allow)"}},
		{name: "unknown", rs: one(vault(with(goodVault(), "properties.networkAcls", unknown)))},
	})
}

func goodRegistry() obj {
	return obj{
		"sku":                 obj{"name": "Premium"},
		"adminUserEnabled":    false,
		"publicNetworkAccess": "Disabled",
		"policies": obj{
			"exportPolicy":    obj{"status": "disabled"},
			"retentionPolicy": obj{"status": "enabled", "days": 7},
		},
	}
}

func registryRes(props obj) []Resource { return one(res(typeRegistry, "acr", props)) }

func TestRegistryExport(t *testing.T) {
	runCases(t, "acr-export-disabled", []ruleCase{
		{name: "disabled", env: "prod", rs: registryRes(goodRegistry())},
		{name: "enabled", env: "prod", rs: registryRes(with(goodRegistry(), "policies.exportPolicy.status", "enabled")),
			want: []string{`policies.exportPolicy.status must be disabled, is "enabled"`}},
		{name: "unset", env: "prod", rs: registryRes(with(goodRegistry(), "policies", deleted)),
			want: []string{"unset (defaults to enabled)"}},
		{name: "enabled in dev", env: "dev", rs: registryRes(with(goodRegistry(), "policies.exportPolicy.status", "enabled"))},
		{name: "unknown", env: "prod", rs: registryRes(with(goodRegistry(), "policies", unknown))},
	})
}

func TestRegistryAnonymousPull(t *testing.T) {
	runCases(t, "acr-anonymous-pull-disabled", []ruleCase{
		{name: "unset", env: "dev", rs: registryRes(goodRegistry())},
		{name: "false", rs: registryRes(with(goodRegistry(), "anonymousPullEnabled", false))},
		{name: "true", env: "dev", rs: registryRes(with(goodRegistry(), "anonymousPullEnabled", true)),
			want: []string{"anonymousPullEnabled must be false, is true"}},
		{name: "unknown", rs: registryRes(with(goodRegistry(), "anonymousPullEnabled", unknown))},
	})
}

func TestRegistryRetention(t *testing.T) {
	runCases(t, "acr-untagged-retention", []ruleCase{
		{name: "enabled", rs: registryRes(goodRegistry())},
		{name: "disabled", rs: registryRes(with(goodRegistry(), "policies.retentionPolicy.status", "disabled")),
			want: []string{`retentionPolicy.status must be enabled on a Premium registry, is "disabled"`}},
		{name: "unset", rs: registryRes(with(goodRegistry(), "policies.retentionPolicy", deleted)),
			want: []string{"unset (defaults to disabled)"}},
		{name: "Standard cannot", env: "dev", rs: registryRes(with(with(goodRegistry(), "sku.name", "Standard"), "policies", deleted))},
		{name: "unknown sku", rs: registryRes(with(with(goodRegistry(), "sku", unknown), "policies", deleted))},
	})
}
