package rules

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/aksplatform/platform/components/aks/releases"
)

// channelSet reports whether an upgrade channel value turns automatic upgrades on.
func channelSet(f field) (set, known bool) {
	s, known := f.str()
	return known && s != "" && !strings.EqualFold(s, "none"), known
}

func checkUpgradeManagement(rs []Resource, _ Settings) []Finding {
	var out []Finding
	for _, c := range rs {
		if c.Type != typeManagedCluster {
			continue
		}
		k8s, k8sKnown := channelSet(c.get("autoUpgradeProfile.upgradeChannel"))
		nodeOS, nodeKnown := channelSet(c.get("autoUpgradeProfile.nodeOSUpgradeChannel"))
		if k8s || nodeOS || !k8sKnown || !nodeKnown || hasMaintenanceWindow(rs, c) {
			continue
		}
		out = append(out, Finding{URN: c.URN, Message: "no auto-upgrade channel " +
			"(autoUpgradeProfile.upgradeChannel) and no maintenance configuration for this cluster"})
	}
	return out
}

// hasMaintenanceWindow reports whether a MaintenanceConfiguration targets cluster c: it depends
// on c, or names it in resourceName.
func hasMaintenanceWindow(rs []Resource, c Resource) bool {
	name := c.azureName("resourceName")
	for _, m := range rs {
		if m.Type != typeMaintenanceConfig {
			continue
		}
		for _, dep := range m.AllDependencies() {
			if dep == c.URN {
				return true
			}
		}
		target, known := m.get("resourceName").str()
		if !known || target == name {
			// An unknown target cannot be told apart; give the cluster the benefit of the doubt.
			return true
		}
	}
	return false
}

func checkSystemPoolHA(r Resource, _ Settings) []string {
	if r.Type == typeAgentPool {
		mode, known := r.get("mode").str()
		if !known || !strings.EqualFold(mode, "System") {
			return nil
		}
		return poolHA("agent pool", lookup(property.New(r.Properties), ""))
	}
	pools, known := r.get("agentPoolProfiles").list()
	if !known {
		return nil
	}
	system := map[int]bool{}
	for i, p := range pools {
		mode, modeKnown := elem(p).at("mode").str()
		if !modeKnown {
			return nil // cannot tell which pool is the system pool yet
		}
		if strings.EqualFold(mode, "System") {
			system[i] = true
		}
	}
	if len(system) == 0 && len(pools) > 0 {
		system[0] = true // Azure makes the first pool the system pool when no mode is given
	}
	var out []string
	for i, p := range pools {
		if system[i] {
			out = append(out, poolHA(fmt.Sprintf("agentPoolProfiles[%d]", i), elem(p))...)
		}
	}
	return out
}

// poolHA judges one system pool: 2+ nodes (minCount when autoscaling) and 2+ zones.
func poolHA(where string, pool field) []string {
	var out []string
	autoscale, known := pool.at("enableAutoScaling").boolean(false)
	if known {
		key := "count"
		if autoscale {
			key = "minCount"
		}
		n, set, nKnown := pool.at(key).number()
		switch {
		case !nKnown:
		case !set && !autoscale:
			// Azure's default count is 1.
			out = append(out, fmt.Sprintf("%s: system pool count is unset (Azure default 1); need at least 2", where))
		case n < 2:
			out = append(out, fmt.Sprintf("%s: system pool %s is %v; need at least 2 nodes", where, key, n))
		}
	}
	zones, zonesKnown := pool.at("availabilityZones").strings()
	// ["1", "1"] is one zone, not two.
	if distinct := len(distinctFold(zones)); zonesKnown && distinct < 2 {
		out = append(out, fmt.Sprintf("%s: system pool spans %d availability zone(s) %v; need at least 2",
			where, distinct, zones))
	}
	return out
}

func requireAddon(r Resource, addon string) []string {
	addons, known := r.get("addonProfiles").object()
	if !known {
		return nil
	}
	profile, ok := mapKeyFold(addons, addon)
	if !ok {
		return []string{fmt.Sprintf("addonProfiles.%s is not configured; set addonProfiles.%s.enabled: true",
			addon, addon)}
	}
	enabled, known := elem(profile).at("enabled").boolean(false)
	if !known || enabled {
		return nil
	}
	return []string{fmt.Sprintf("addonProfiles.%s.enabled must be true", addon)}
}

func checkMonitoring(r Resource, _ Settings) []string {
	metrics, known := r.get("azureMonitorProfile.metrics.enabled").boolean(false)
	if !known || metrics {
		return nil
	}
	if out := requireAddon(r, "omsagent"); len(out) > 0 {
		return []string{"neither Container Insights (addonProfiles.omsagent.enabled) nor managed Prometheus " +
			"(azureMonitorProfile.metrics.enabled) is on"}
	}
	return nil
}

// checkKubernetesVersion judges every version a cluster or pool sets against the AKS release
// calendar (components/aks/releases, from learn.microsoft.com/azure/aks/supported-kubernetes-versions)
// on Settings.Today, the same judgement the aks component's validation makes. A cluster is
// allowed a version's LTS window when sku.tier is Premium and supportPlan AKSLongTermSupport
// (an unknown value of either gets the benefit of the doubt). A separate AgentPool resource
// cannot see its cluster's plan, so its version is held to the end of its LTS window; the
// cluster's own verdict covers the plan.
func checkKubernetesVersion(r Resource, s Settings) []string {
	lts := true
	if r.Type == typeManagedCluster {
		tier, tierKnown := r.get("sku.tier").str()
		plan, planKnown := r.get("supportPlan").str()
		lts = !tierKnown || !planKnown ||
			(strings.EqualFold(tier, "Premium") && strings.EqualFold(plan, "AKSLongTermSupport"))
	}
	var out []string
	judge := func(where string, f field) {
		v, known := f.str()
		if !known || v == "" {
			return // unset: Azure picks its default, a supported version
		}
		st, err := releases.StatusOn(v, s.Today)
		if err != nil {
			out = append(out, fmt.Sprintf("%s %q is not a Kubernetes version", where, v))
			return
		}
		if p := st.Problem(lts); p != "" {
			out = append(out, where+" "+p)
		}
	}
	if r.Type == typeAgentPool {
		judge("orchestratorVersion", r.get("orchestratorVersion"))
		return out
	}
	judge("kubernetesVersion", r.get("kubernetesVersion"))
	pools, _ := r.get("agentPoolProfiles").list()
	for i, p := range pools {
		judge(fmt.Sprintf("agentPoolProfiles[%d].orchestratorVersion", i), elem(p).at("orchestratorVersion"))
	}
	return out
}
