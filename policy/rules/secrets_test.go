package rules

import "testing"

func TestRegistry(t *testing.T) {
	acr := func(p obj) Resource { return res(typeRegistry, "acr", p) }
	good := obj{"sku": obj{"name": "Premium"}, "adminUserEnabled": false, "publicNetworkAccess": "Disabled"}
	runCases(t, "acr-admin-user-disabled", []ruleCase{
		{name: "off", rs: one(acr(good))},
		{name: "unset (defaults off)", rs: one(acr(with(good, "adminUserEnabled", deleted)))},
		{name: "on", rs: one(acr(with(good, "adminUserEnabled", true))), want: []string{"adminUserEnabled must be false"}},
		{name: "unknown", rs: one(acr(with(good, "adminUserEnabled", unknown)))},
	})
	runCases(t, "acr-public-network-disabled", []ruleCase{
		{name: "disabled in prod", env: "prod", rs: one(acr(good))},
		{name: "enabled in prod", env: "prod", rs: one(acr(with(good, "publicNetworkAccess", "Enabled"))),
			want: []string{`publicNetworkAccess must be Disabled, is "Enabled"`}},
		{name: "unset in prod", env: "prod-weu", rs: one(acr(with(good, "publicNetworkAccess", deleted))),
			want: []string{"defaults to Enabled"}},
		{name: "enabled in dev", env: "dev", rs: one(acr(with(good, "publicNetworkAccess", "Enabled")))},
		{name: "unknown", env: "prod", rs: one(acr(with(good, "publicNetworkAccess", unknown)))},
	})
}

func TestVaultSecretValue(t *testing.T) {
	s := func(v any) Resource {
		return res(typeVaultSecret, "secret", obj{"secretName": "db", "properties": obj{"value": v}})
	}
	runCases(t, "keyvault-secret-value-secret", []ruleCase{
		{name: "secret", rs: one(s(secret("hunter2")))},
		{name: "plain text", rs: one(s("hunter2")), want: []string{"properties.value is plain text"}},
		{name: "whole properties secret", rs: one(res(typeVaultSecret, "secret",
			obj{"properties": secret(obj{"value": "hunter2"})}))},
		{name: "unknown secret", rs: one(s(unknown.WithSecret(true)))},
		{name: "unknown, secretness not yet known", rs: one(s(unknown))},
		{name: "no value", rs: one(res(typeVaultSecret, "secret", obj{"properties": obj{}}))},
	})
}

func TestGeneratedPasswords(t *testing.T) {
	pw := res(typeRandomPassword, "db-password", obj{"length": 32})
	pwOut := res(typeRandomPassword, "db-password", obj{"length": 32, "result": secret("xxxx")})
	plainOut := res(typeRandomPassword, "db-password", obj{"length": 32, "result": "xxxx"})
	consumer := func(props obj, propDeps map[string][]string, deps ...string) Resource {
		r := res(typeVaultSecret, "db", props)
		r.PropertyDependencies = propDeps
		r.Dependencies = deps
		return r
	}
	value := func(v any) obj { return obj{"properties": obj{"value": v}} }
	runCases(t, "generated-password-secret", []ruleCase{
		{name: "password alone", rs: one(pw)},
		{name: "secret result", rs: one(pwOut)},
		{name: "plain result", rs: one(plainOut), want: []string{"result is not secret"}},
		{name: "consumed as secret", rs: []Resource{pw, consumer(value(secret("xxxx")),
			map[string][]string{"properties": {pw.URN}}, pw.URN)}},
		{name: "consumed as plain text", rs: []Resource{pw, consumer(value("xxxx"),
			map[string][]string{"properties": {pw.URN}}, pw.URN)},
			want: []string{"properties takes the value of random password db-password but is plain text"}},
		{name: "consumed while unknown", rs: []Resource{pw, consumer(value(unknown),
			map[string][]string{"properties": {pw.URN}}, pw.URN)}},
		{name: "other property depends on something else", rs: []Resource{pw, consumer(obj{"vaultName": "kv"},
			map[string][]string{"vaultName": {"urn:other"}}, "urn:other")}},
		{name: "outputs leave the value out", rs: []Resource{pwOut, consumer(obj{"properties": obj{
			"secretUri": "https://kv.vault.azure.net/secrets/db"}}, map[string][]string{"properties": {pw.URN}}, pw.URN)}},
		{name: "outputs hold a plain copy of the known value", rs: []Resource{pwOut, consumer(value("xxxx"),
			map[string][]string{"properties": {pw.URN}}, pw.URN)},
			want: []string{"properties takes the value of random password db-password but is plain text"}},
		{name: "plain copy next to a secret", rs: []Resource{pwOut, consumer(obj{"properties": obj{"value": secret("xxxx"),
			"note": "password=xxxx"}}, map[string][]string{"properties": {pw.URN}}, pw.URN)},
			want: []string{"is plain text"}},
		{name: "known value kept secret", rs: []Resource{pwOut, consumer(value(secret("xxxx")),
			map[string][]string{"properties": {pw.URN}}, pw.URN)}},
		{name: "offline: dependency only, secret inside", rs: []Resource{pw, consumer(value(secret("x")), nil, pw.URN)}},
		{name: "offline: dependency only, nothing secret", rs: []Resource{pw, consumer(value("x"), nil, pw.URN)},
			want: []string{"depends on random password db-password but none of its properties is secret"}},
	})
}

func TestHelmVersion(t *testing.T) {
	rel := func(p obj) Resource { return res(typeHelmRelease, "argocd", p) }
	runCases(t, "helm-chart-version-pinned", []ruleCase{
		{name: "pinned", rs: one(rel(obj{"chart": "argo-cd", "version": "7.7.3"}))},
		{name: "v4 chart pinned", rs: one(res(typeHelmChartV4, "nginx", obj{"chart": "ingress-nginx", "version": "4.11.3"}))},
		{name: "local chart", rs: one(rel(obj{"chart": "./charts/platform"}))},
		{name: "no version", rs: one(rel(obj{"chart": "argo-cd"})), want: []string{`chart "argo-cd" has no version`}},
		{name: "range", rs: one(rel(obj{"chart": "argo-cd", "version": "^7.0.0"})), want: []string{"is a range"}},
		{name: "wildcard", rs: one(rel(obj{"chart": "argo-cd", "version": "7.x"})), want: []string{"is a range"}},
		{name: "partial version is ~7.7 to helm", rs: one(rel(obj{"chart": "argo-cd", "version": "7.7"})),
			want: []string{`"7.7" is a range, a partial version`}},
		{name: "constraint with a space-free operator", rs: one(rel(obj{"chart": "argo-cd", "version": ">=7.7.0"})),
			want: []string{"is a range"}},
		{name: "v-prefixed exact version", rs: one(rel(obj{"chart": "cert-manager", "version": "v1.16.2"}))},
		{name: "oci chart pinned", rs: one(rel(obj{"chart": "oci://mcr.microsoft.com/azure-application-gateway/charts/ingress-azure",
			"version": "1.7.5"}))},
		{name: "latest", rs: one(rel(obj{"chart": "argo-cd", "version": "latest"})), want: []string{"is a range"}},
		{name: "v4 chart without version", rs: one(res(typeHelmChartV4, "nginx", obj{"chart": "ingress-nginx"})),
			want: []string{"has no version"}},
		{name: "unknown", rs: one(rel(obj{"chart": "argo-cd", "version": unknown}))},
	})
}

func TestWorkloadIdentityServiceAccount(t *testing.T) {
	sa := func(labels, annotations obj) Resource {
		return res(typeServiceAccount, "app-sa", obj{"metadata": obj{"name": "app", "namespace": "apps",
			"labels": labels, "annotations": annotations}})
	}
	use := obj{wiUseLabel: "true"}
	clientID := obj{wiClientIDAnnotation: "00000000-0000-0000-0000-000000000001"}
	fic := res(typeFederatedCredential, "fic", obj{"subject": "system:serviceaccount:apps:app",
		"issuer": "https://oidc", "audiences": []any{"api://AzureADTokenExchange"}})
	runCases(t, "workload-identity-service-account", []ruleCase{
		{name: "labelled and annotated", rs: one(sa(use, clientID))},
		{name: "plain service account", rs: one(sa(obj{}, obj{}))},
		{name: "labelled without annotation", rs: one(sa(use, obj{})),
			want: []string{"is labelled azure.workload.identity/use=true but has no azure.workload.identity/client-id"}},
		{name: "federated without annotation", rs: []Resource{fic, sa(obj{}, obj{})},
			want: []string{"is the subject of a federated identity credential"}},
		{name: "federated with annotation", rs: []Resource{fic, sa(obj{}, clientID)}},
		{name: "empty annotation", rs: one(sa(use, obj{wiClientIDAnnotation: ""})), want: []string{"has no"}},
		{name: "client id unknown", rs: one(sa(use, obj{wiClientIDAnnotation: unknown}))},
		{name: "use label unknown", rs: one(sa(obj{wiUseLabel: unknown}, obj{}))},
		{name: "use label false", rs: one(sa(obj{wiUseLabel: "false"}, obj{}))},
		{name: "annotations unknown", rs: []Resource{fic, res(typeServiceAccount, "app-sa", obj{"metadata": obj{
			"name": "app", "namespace": "apps", "annotations": unknown}})}},
	})
}
