package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
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

func checkKubernetesVersion(r Resource, s Settings) []string {
	minMajor, minMinor, ok := parseMinor(s.MinKubernetesVersion)
	if !ok {
		return []string{fmt.Sprintf("minKubernetesVersion %q is not a major.minor version", s.MinKubernetesVersion)}
	}
	var out []string
	judge := func(where string, f field) {
		v, known := f.str()
		if !known || v == "" {
			return // unset: Azure picks its default, a supported version
		}
		major, minor, ok := parseMinor(v)
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %q is not a Kubernetes version", where, v))
		case major < minMajor || (major == minMajor && minor < minMinor):
			out = append(out, fmt.Sprintf("%s %s is older than the oldest supported %s", where, v,
				s.MinKubernetesVersion))
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

// parseMinor parses "1.30", "1.30.4" or "v1.30" into its major and minor numbers.
func parseMinor(v string) (major, minor int, ok bool) {
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(v), "v"), ".")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	if len(parts) == 3 {
		if _, err := strconv.Atoi(parts[2]); err != nil {
			return 0, 0, false
		}
	}
	return major, minor, true
}
