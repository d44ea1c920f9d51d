package rules

import (
	"testing"

	"github.com/aksplatform/platform/components/monitoring/logs"
)

// observed adds, under parent, what the monitoring component builds for rs: a diagnostic
// setting for each loggable resource (referring to it the way the engine reports it, by a
// property dependency), and for each cluster a Container Insights rule with its association and
// an alert to an action group with a receiver.
func observed(parent string, rs []Resource) []Resource {
	under := func(r Resource) Resource { r.Parent = parent; return r }
	group := under(res(typeActionGroup, "ag", obj{"emailReceivers": []any{obj{"emailAddress": "oncall@example.com"}}}))
	out := append(rs, group)
	for _, r := range rs {
		if c, ok := logs.For(r.Type); ok {
			out = append(out, diagnosticSetting(r, c.Names))
		}
		if r.Type != typeManagedCluster {
			continue
		}
		dcr := under(res(typeDCR, r.Name+"-dcr", obj{"dataSources": obj{"extensions": []any{obj{"extensionName": "ContainerInsights"}}}}))
		dcra := under(res(typeDCRAssociation, r.Name+"-dcra", obj{"resourceUri": unknown, "dataCollectionRuleId": unknown}))
		dcra.PropertyDependencies = map[string][]string{"resourceUri": {r.URN}, "dataCollectionRuleId": {dcr.URN}}
		alert := under(res(typeMetricAlert, r.Name+"-cpu", obj{"scopes": []any{unknown}, "actions": []any{obj{"actionGroupId": unknown}}}))
		alert.PropertyDependencies = map[string][]string{"scopes": {r.URN}, "actions": {group.URN}}
		out = append(out, dcr, dcra, alert)
	}
	return out
}

func diagnosticSetting(target Resource, categories []string) Resource {
	var ls []any
	for _, c := range categories {
		ls = append(ls, obj{"category": c, "enabled": true})
	}
	d := res(typeDiagnosticSetting, target.Name+"-diag", obj{"resourceUri": unknown, "workspaceId": "/ws", "logs": ls})
	d.Parent = target.Parent
	d.PropertyDependencies = map[string][]string{"resourceUri": {target.URN}}
	return d
}

func TestDiagnosticSettings(t *testing.T) {
	kv := res(typeVault, "kv", obj{})
	kv.ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
	byID := res(typeDiagnosticSetting, "kv-diag", obj{"resourceUri": "/SUBSCRIPTIONS/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
		"logs": []any{obj{"category": "AuditEvent", "enabled": true}}})
	otherID := res(typeDiagnosticSetting, "kv-diag", obj{"resourceUri": "/subscriptions/s/other/kv",
		"logs": []any{obj{"category": "AuditEvent", "enabled": true}}})
	aks := res(typeManagedCluster, "aks", obj{})
	partial := diagnosticSetting(aks, []string{"kube-apiserver", "guard"})
	disabled := diagnosticSetting(aks, []string{"kube-apiserver", "kube-audit-admin", "kube-controller-manager", "cluster-autoscaler", "guard"})
	disabled.Properties = val(with(obj{"logs": []any{
		obj{"category": "kube-audit-admin", "enabled": false}, obj{"category": "kube-apiserver", "enabled": true},
		obj{"category": "kube-controller-manager", "enabled": true}, obj{"category": "cluster-autoscaler", "enabled": true},
		obj{"category": "guard", "enabled": true}}}, "resourceUri", "x")).AsMap()
	runCases(t, "diagnostic-settings", []ruleCase{
		{name: "setting by property dependency", rs: []Resource{kv, diagnosticSetting(kv, []string{"AuditEvent"})}},
		{name: "setting by known ID, case-insensitive", rs: []Resource{kv, byID}},
		{name: "no setting", rs: []Resource{kv, res(typeSubnet, "s", obj{})},
			want: []string{"kv (azure-native:keyvault:Vault) has no diagnostic setting: its logs (AuditEvent)"}},
		{name: "a setting on another resource", rs: []Resource{kv, otherID}, want: []string{"kv (azure-native:keyvault:Vault) has no diagnostic setting"}},
		{name: "categories missing", rs: []Resource{aks, partial},
			want: []string{"aks: its diagnostic settings do not collect kube-audit-admin, kube-controller-manager, cluster-autoscaler"}},
		{name: "category disabled", rs: []Resource{aks, disabled}, want: []string{"do not collect kube-audit-admin"}},
		{name: "unknown logs list", rs: []Resource{aks, with2(diagnosticSetting(aks, nil), "logs", unknown)}},
		{name: "versioned type counts", rs: []Resource{res("azure-native:keyvault/v20230701:Vault", "kv", obj{})},
			want: []string{"has no diagnostic setting"}},
		{name: "types without logs are not judged", rs: []Resource{res(typeSubnet, "s", obj{})}},
	})
}

// with2 sets a property of a built resource.
func with2(r Resource, key string, v any) Resource {
	m := map[string]any{}
	for k, p := range r.Properties.AsMap() {
		m[k] = p
	}
	m[key] = v
	r.Properties = val(m).AsMap()
	return r
}

func TestDiagnosticSettingsWorkspace(t *testing.T) {
	runCases(t, "diagnostic-settings-workspace", []ruleCase{
		{name: "workspace", rs: one(res(typeDiagnosticSetting, "d", obj{"workspaceId": "/ws"}))},
		{name: "unknown workspace", rs: one(res(typeDiagnosticSetting, "d", obj{"workspaceId": unknown}))},
		{name: "storage only", rs: one(res(typeDiagnosticSetting, "d", obj{"storageAccountId": "/sa"})),
			want: []string{"workspaceId is not set"}},
	})
}

func TestContainerInsightsManagedIdentity(t *testing.T) {
	good := observed("", one(cluster(goodCluster())))
	keyAuth := observed("", one(cluster(with(goodCluster(), "addonProfiles.omsagent.config", deleted))))
	var noDCR, otherExtension []Resource
	for _, r := range good {
		switch r.Type {
		case typeDCRAssociation:
		case typeDCR:
			otherExtension = append(otherExtension, with2(r, "dataSources", obj{"extensions": []any{obj{"extensionName": "Other"}}}))
			noDCR = append(noDCR, r)
			continue
		default:
			noDCR = append(noDCR, r)
		}
		if r.Type != typeDCR {
			otherExtension = append(otherExtension, r)
		}
	}
	runCases(t, "container-insights-managed-identity", []ruleCase{
		{name: "managed identity and rule", rs: good},
		{name: "workspace key", rs: keyAuth, want: []string{`useAADAuth to "true"`}},
		{name: "useAADAuth false", rs: observed("", one(cluster(with(goodCluster(), "addonProfiles.omsagent.config.useAADAuth", "false")))),
			want: []string{"authenticates with the workspace key"}},
		{name: "no association", rs: noDCR, want: []string{"no data collection rule with the ContainerInsights extension"}},
		{name: "association to another rule", rs: otherExtension, want: []string{"no data collection rule"}},
		{name: "add-on off", rs: one(cluster(with(goodCluster(), "addonProfiles.omsagent.enabled", false)))},
		{name: "unknown add-ons", rs: one(cluster(with(goodCluster(), "addonProfiles", unknown)))},
	})
}

func TestAlertsConfigured(t *testing.T) {
	good := observed("", one(cluster(goodCluster())))
	replace := func(typ string, f func(Resource) Resource) []Resource {
		var out []Resource
		for _, r := range good {
			if r.Type == typ {
				r = f(r)
			}
			out = append(out, r)
		}
		return out
	}
	noReceiver := replace(typeActionGroup, func(r Resource) Resource { return with2(r, "emailReceivers", []any{}) })
	disabled := replace(typeMetricAlert, func(r Resource) Resource { return with2(r, "enabled", false) })
	elsewhere := replace(typeMetricAlert, func(r Resource) Resource {
		r.PropertyDependencies = map[string][]string{"scopes": {"urn:other"}, "actions": r.PropertyDependencies["actions"]}
		return r
	})
	runCases(t, "alerts-configured", []ruleCase{
		{name: "alert to a receiver", env: "prod", rs: good},
		{name: "no receiver", env: "prod", rs: noReceiver, want: []string{"no enabled alert rule on the cluster notifies"}},
		{name: "alert disabled", env: "prod", rs: disabled, want: []string{"no enabled alert rule"}},
		{name: "alert on another resource", env: "prod", rs: elsewhere, want: []string{"no enabled alert rule"}},
		{name: "no alerts at all", env: "prod", rs: one(cluster(goodCluster())), want: []string{"monitoring.alerts"}},
		{name: "dev is not judged", env: "dev", rs: one(cluster(goodCluster()))},
		{name: "webhook receiver by known IDs", env: "prod", rs: alertsByID()},
	})
}

// alertsByID wires an activity log alert to the cluster and the group by known IDs, as the
// offline plan sees them.
func alertsByID() []Resource {
	c := cluster(goodCluster())
	c.ID = "/clusters/aks"
	g := res(typeActionGroup, "ag", obj{"webhookReceivers": []any{obj{"serviceUri": secret("https://x")}}})
	g.ID = "/groups/ag"
	a := res(typeActivityLogAlert, "api", obj{"scopes": []any{"/clusters/aks"},
		"actions": obj{"actionGroups": []any{obj{"actionGroupId": "/groups/ag"}}}})
	return []Resource{c, g, a}
}
