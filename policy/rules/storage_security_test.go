package rules

import "testing"

func goodStorage() obj {
	return obj{
		"accountName":          "thanosprodweu000000",
		"allowSharedKeyAccess": false,
		"publicNetworkAccess":  "Disabled",
		"networkRuleSet":       obj{"defaultAction": "Deny"},
	}
}

func storageAccount(props obj) Resource { return res(typeStorageAccount, "st", props) }

func TestStorageSharedKey(t *testing.T) {
	runCases(t, "storage-shared-key-disabled", []ruleCase{
		{name: "off", rs: one(storageAccount(goodStorage()))},
		{name: "on", rs: one(storageAccount(with(goodStorage(), "allowSharedKeyAccess", true))),
			want: []string{"allowSharedKeyAccess must be false, is true"}},
		{name: "unset (Azure allows it)", rs: one(storageAccount(with(goodStorage(), "allowSharedKeyAccess", deleted))),
			want: []string{"unset (defaults to true)"}},
		{name: "on in dev too", env: "dev", rs: one(storageAccount(with(goodStorage(), "allowSharedKeyAccess", true))),
			want: []string{"must be false"}},
		{name: "unknown", rs: one(storageAccount(with(goodStorage(), "allowSharedKeyAccess", unknown)))},
	})
}

func TestStoragePublicNetwork(t *testing.T) {
	runCases(t, "storage-public-network-disabled", []ruleCase{
		{name: "disabled", env: "prod", rs: one(storageAccount(goodStorage()))},
		{name: "enabled in prod", env: "prod", rs: one(storageAccount(with(goodStorage(), "publicNetworkAccess", "Enabled"))),
			want: []string{`publicNetworkAccess is "Enabled"`}},
		{name: "unset in prod", env: "prod", rs: one(storageAccount(with(goodStorage(), "publicNetworkAccess", deleted))),
			want: []string{"unset (defaults to Enabled)"}},
		{name: "enabled in dev", env: "dev", rs: one(storageAccount(with(goodStorage(), "publicNetworkAccess", "Enabled")))},
		{name: "unknown", env: "prod", rs: one(storageAccount(with(goodStorage(), "publicNetworkAccess", unknown)))},
	})
}

func TestHelmValuesNoLiteralSecrets(t *testing.T) {
	release := func(values any) Resource {
		return res(typeHelmRelease, "rel", obj{"chart": "grafana", "version": "8.0.0", "values": values})
	}
	app := func(path string, v any) Resource {
		return res(typeArgoCDApp, "app", with(obj{"spec": obj{"project": "platform"}}, path, v))
	}
	runCases(t, "helm-values-no-literal-secrets", []ruleCase{
		{name: "references only", rs: one(release(obj{"admin": obj{"existingSecret": "grafana-admin", "passwordKey": "pw"},
			"env": obj{"GF_SECURITY_ADMIN_PASSWORD__FILE": "/mnt/secrets/pw"}, "secretName": "tls", "token": ""}))},
		{name: "literal password", rs: one(release(obj{"adminPassword": "hunter2hunter2"})),
			want: []string{"values.adminPassword is a plain-text credential"}},
		{name: "nested literal in a list", rs: one(release(obj{"extra": []any{obj{"clientSecret": "abc"}}})),
			want: []string{"values.extra[0].clientSecret"}},
		{name: "secret value", rs: one(release(obj{"adminPassword": secret("hunter2")}))},
		{name: "unknown value", rs: one(release(obj{"adminPassword": unknown}))},
		{name: "whole values secret", rs: one(release(secret(obj{"adminPassword": "hunter2"})))},
		{name: "storage key in an Application's valuesObject", rs: one(app("spec.source.helm.valuesObject",
			obj{"objstoreConfig": obj{"config": obj{"storage_account": "st", "storage_account_key": "AAAA"}}})),
			want: []string{"objstoreConfig.config.storage_account_key"}},
		{name: "literal in an Application's values text", rs: one(app("spec.source.helm.values",
			"grafana:\n  adminPassword: hunter2\n")), want: []string{"sets adminPassword to a literal"}},
		{name: "reference in values text", rs: one(app("spec.source.helm.values",
			"grafana:\n  adminPassword: ${ADMIN}\n  existingSecret: x\n"))},
	})
}
