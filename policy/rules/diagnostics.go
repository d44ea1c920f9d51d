package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/aksplatform/platform/components/monitoring/logs"
)

const (
	typeDiagnosticSetting = "azure-native:insights:DiagnosticSetting"
	typeDCR               = "azure-native:insights:DataCollectionRule"
	typeDCRAssociation    = "azure-native:insights:DataCollectionRuleAssociation"
	typeActionGroup       = "azure-native:insights:ActionGroup"
	typeMetricAlert       = "azure-native:insights:MetricAlert"
	typeActivityLogAlert  = "azure-native:insights:ActivityLogAlert"
)

func diagnosticsRules() []Rule {
	return []Rule{
		{
			Name: "diagnostic-settings",
			Description: "Every resource of a type that has resource logs (components/monitoring/logs: AKS, Key " +
				"Vault, Application Gateway, Azure Firewall, Front Door, Container Registry, NSG) has a " +
				"diagnostic setting that points at it and collects the platform's categories.",
			Level: Mandatory, Severity: High, Types: nil,
			CheckStack: checkDiagnosticSettings,
		},
		{
			Name:        "diagnostic-settings-workspace",
			Description: "Every diagnostic setting sends to a Log Analytics workspace (workspaceId).",
			Level:       Mandatory, Severity: High, Types: []string{typeDiagnosticSetting},
			Check: func(r Resource, _ Settings) []string {
				if ws, known := r.get("workspaceId").str(); known && ws == "" {
					return []string{"workspaceId is not set: the logs reach no Log Analytics workspace"}
				}
				return nil
			},
		},
		{
			Name: "container-insights-managed-identity",
			Description: "AKS clusters with Container Insights authenticate with managed identity: the " +
				"omsagent add-on sets useAADAuth and a data collection rule with the ContainerInsights " +
				"extension is associated with the cluster.",
			Level: Mandatory, Severity: Medium, Types: nil,
			CheckStack: checkContainerInsights,
		},
		{
			Name: "alerts-configured",
			Description: "In production, every AKS cluster has alert rules that notify an action group " +
				"with at least one email or webhook receiver.",
			Level: Mandatory, Severity: Medium, Types: nil, ProdOnly: true,
			CheckStack: checkAlerts,
		},
	}
}

// refersTo reports whether property prop of r designates target: one of its known string
// values (a plain string, or the strings of a list) is target's ID, ignoring case as ARM does,
// or, in a preview where IDs are unknown, the property depends on target. The offline plan
// knows IDs; the engine sends property dependencies instead.
func refersTo(r Resource, prop string, values []string, target Resource) bool {
	if target.ID != "" && slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, target.ID) }) {
		return true
	}
	return slices.Contains(r.PropertyDependencies[prop], target.URN)
}

// stringsAt returns the known strings at path: the value itself, or a list's elements.
func stringsAt(r Resource, path string) []string {
	f := r.get(path)
	if s, known := f.str(); known && s != "" {
		return []string{s}
	}
	values, _ := f.strings()
	return values
}

func ofType(rs []Resource, typ string) []Resource {
	var out []Resource
	for _, r := range rs {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// checkDiagnosticSettings finds, for each loggable resource, the settings that point at it,
// and reports a resource with none, or whose settings leave out a category of the logs table.
func checkDiagnosticSettings(rs []Resource, _ Settings) []Finding {
	settings := ofType(rs, typeDiagnosticSetting)
	var out []Finding
	for _, r := range rs {
		want, ok := logs.For(r.Type)
		if !ok {
			continue
		}
		var collected []string
		found := false
		for _, d := range settings {
			// A service's setting (a storage account's blob service) names the resource's ID
			// followed by the service's path.
			target := r
			if target.ID != "" {
				target.ID += want.Service
			}
			if !refersTo(d, "resourceUri", stringsAt(d, "resourceUri"), target) {
				continue
			}
			found = true
			elems, known := d.get("logs").list()
			if !known {
				collected = want.Names // cannot judge the categories
			}
			for _, e := range elems {
				cat, _ := elem(e).at("category").str()
				on, onKnown := elem(e).at("enabled").boolean(false)
				if on || !onKnown {
					collected = append(collected, cat)
				}
			}
		}
		missing := slices.DeleteFunc(slices.Clone(want.Names), func(n string) bool { return slices.Contains(collected, n) })
		switch {
		case !found:
			out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
				"%s (%s) has no diagnostic setting: its logs (%s) reach no workspace; create one with monitoring.Diagnose",
				r.Name, r.Type, strings.Join(want.Names, ", "))})
		case len(missing) > 0:
			out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
				"%s: its diagnostic settings do not collect %s", r.Name, strings.Join(missing, ", "))})
		}
	}
	return out
}

// checkContainerInsights requires managed-identity auth on every cluster whose omsagent add-on
// is on: useAADAuth in the add-on's config, and a Container Insights rule associated with it.
// https://learn.microsoft.com/azure/azure-monitor/containers/kubernetes-monitoring-enable
func checkContainerInsights(rs []Resource, _ Settings) []Finding {
	var ciRules []Resource
	for _, d := range ofType(rs, typeDCR) {
		exts, known := d.get("dataSources.extensions").list()
		if !known || slices.ContainsFunc(exts, func(e property.Value) bool {
			name, nameKnown := elem(e).at("extensionName").str()
			return !nameKnown || name == "ContainerInsights"
		}) {
			ciRules = append(ciRules, d)
		}
	}
	var out []Finding
	for _, c := range ofType(rs, typeManagedCluster) {
		addons, known := c.get("addonProfiles").object()
		oms, ok := mapKeyFold(addons, "omsagent")
		if !known || !ok {
			continue
		}
		if on, onKnown := elem(oms).at("enabled").boolean(false); !on || !onKnown {
			continue
		}
		cfg, _ := elem(oms).at("config").object()
		aad, present := mapKeyFold(cfg, "useAADAuth")
		if v, known := elem(aad).str(); !present || known && !strings.EqualFold(v, "true") {
			out = append(out, Finding{URN: c.URN, Message: c.Name + ": the omsagent add-on authenticates with the " +
				"workspace key; set addonProfiles.omsagent.config.useAADAuth to \"true\""})
		}
		associated := slices.ContainsFunc(ofType(rs, typeDCRAssociation), func(a Resource) bool {
			return refersTo(a, "resourceUri", stringsAt(a, "resourceUri"), c) &&
				slices.ContainsFunc(ciRules, func(d Resource) bool {
					return refersTo(a, "dataCollectionRuleId", stringsAt(a, "dataCollectionRuleId"), d)
				})
		})
		if !associated {
			out = append(out, Finding{URN: c.URN, Message: c.Name + ": no data collection rule with the " +
				"ContainerInsights extension is associated with the cluster (monitoring.ContainerInsights)"})
		}
	}
	return out
}

// checkAlerts requires, per cluster, an alert rule scoped to it that notifies an action group
// with a receiver: an alert nobody receives is no alert.
func checkAlerts(rs []Resource, _ Settings) []Finding {
	var groups []Resource
	for _, g := range ofType(rs, typeActionGroup) {
		if hasReceiver(g) {
			groups = append(groups, g)
		}
	}
	alerts := append(ofType(rs, typeMetricAlert), ofType(rs, typeActivityLogAlert)...)
	var out []Finding
	for _, c := range ofType(rs, typeManagedCluster) {
		watched := slices.ContainsFunc(alerts, func(a Resource) bool {
			if enabled, known := a.get("enabled").boolean(true); known && !enabled {
				return false
			}
			ids := actionGroupIDs(a)
			return refersTo(a, "scopes", stringsAt(a, "scopes"), c) &&
				slices.ContainsFunc(groups, func(g Resource) bool { return refersTo(a, "actions", ids, g) })
		})
		if !watched {
			out = append(out, Finding{URN: c.URN, Message: c.Name + ": no enabled alert rule on the cluster " +
				"notifies an action group with an email or webhook receiver (monitoring.alerts)"})
		}
	}
	return out
}

// hasReceiver reports whether an action group has an email or webhook receiver (or receivers
// that are unknown in a preview).
func hasReceiver(g Resource) bool {
	for _, key := range []string{"emailReceivers", "webhookReceivers"} {
		if elems, known := g.get(key).list(); !known || len(elems) > 0 {
			return true
		}
	}
	return false
}

// actionGroupIDs returns the action group IDs a metric alert (actions[].actionGroupId) or an
// activity log alert (actions.actionGroups[].actionGroupId) notifies.
func actionGroupIDs(a Resource) []string {
	var ids []string
	for _, path := range []string{"actions", "actions.actionGroups"} {
		elems, _ := a.get(path).list()
		for _, e := range elems {
			if id, _ := elem(e).at("actionGroupId").str(); id != "" {
				ids = append(ids, id)
			}
		}
	}
	return ids
}
