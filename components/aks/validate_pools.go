package aks

import (
	"regexp"
	"slices"
	"strings"

	"github.com/aksplatform/platform/validation"
)

var (
	poolNamePattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	taintPattern    = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?(=[A-Za-z0-9_.-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$`)
)

// validatePools checks every pool on its own, then what the pools add up to.
func (s Spec) validatePools(ps *validation.Problems, production bool) {
	names := map[string]string{}
	for _, kp := range s.Pools() {
		s.validatePool(ps, kp, production)
		if kp.Pool.Name == "" {
			continue
		}
		if other, dup := names[kp.Pool.Name]; dup {
			ps.Addf(kp.Key+".name", "%q is already the name of %s; pool names are unique", kp.Pool.Name, other)
		}
		names[kp.Pool.Name] = kp.Key
	}
	if !s.countsInRange() {
		return // the pools out of range are reported; sums of them would mean nothing
	}
	d := s.Demand()
	if s.NetworkPlugin == Kubenet && d.Nodes() > KubenetMaxNodes {
		// Surge nodes get their pod route too, while the nodes they replace still have theirs.
		ps.Addf("networkPlugin", "kubenet supports at most %d nodes, upgrade surge included (one route per node in the route table), but the pools reach %s (%s); use azure-overlay or lower maxCount or maxSurge",
			KubenetMaxNodes, d.nodesWithSurge(), d.nodeBreakdown())
	}
	if d.MaxNodes() > MaxNodesPerCluster {
		ps.Addf("userPools", "the pools can scale to %d nodes; an AKS cluster holds at most %d", d.MaxNodes(), MaxNodesPerCluster)
	}
}

func (s Spec) validatePool(ps *validation.Problems, kp KeyedPool, production bool) {
	p, key := kp.Pool, kp.Key
	k := func(field string) string { return key + "." + field }

	maxName := 12
	if p.OSType == Windows {
		maxName = 6
	}
	switch {
	case p.Name == "":
		ps.Addf(k("name"), "is required (lowercase letters and digits, e.g. apps)")
	case !poolNamePattern.MatchString(p.Name) || len(p.Name) > maxName:
		ps.Addf(k("name"), "%q must be lowercase letters and digits, start with a letter, and be at most %d characters for %s pools",
			p.Name, maxName, p.OSType)
	}
	if p.VMSize == "" {
		ps.Addf(k("vmSize"), "is required (an Azure VM size such as Standard_D4s_v5)")
	}
	switch p.OSType {
	case Linux:
	case Windows:
		switch {
		case kp.System:
			ps.Addf(k("osType"), "the system pool must be Linux; add Windows nodes as a user pool")
		case s.NetworkPlugin == Kubenet:
			ps.Addf(k("osType"), "Windows node pools need Azure CNI (networkPlugin azure or azure-overlay); kubenet is Linux only")
		case s.NetworkPolicy == PolicyCilium:
			ps.Addf(k("osType"), "Windows node pools are not supported with networkPolicy cilium")
		}
	default:
		ps.Addf(k("osType"), "%q is not one of Linux, Windows", p.OSType)
	}
	switch p.OSDiskType {
	case Managed, Ephemeral:
	default:
		ps.Addf(k("osDiskType"), "%q is not one of Managed, Ephemeral", p.OSDiskType)
	}
	if p.OSDiskSizeGB < 30 || p.OSDiskSizeGB > 2048 {
		ps.Addf(k("osDiskSizeGB"), "%d must be between 30 and 2048", p.OSDiskSizeGB)
	}
	validateCounts(ps, kp, production)
	validation.Zones(ps, k("zones"), p.Zones)
	switch {
	case p.MaxPods < MinMaxPods || p.MaxPods > MaxMaxPods:
		ps.Addf(k("maxPods"), "%d must be between %d and %d", p.MaxPods, MinMaxPods, MaxMaxPods)
	case kp.System && p.MaxPods < SystemMinMaxPods:
		ps.Addf(k("maxPods"), "%d is below %d, the least AKS accepts for a system pool", p.MaxPods, SystemMinMaxPods)
	}
	if _, _, ok := parseSurge(p.MaxSurge); !ok {
		ps.Addf(k("maxSurge"), "%q is not a node count (\"1\") or a percentage from 1%% to 100%% (\"33%%\")", p.MaxSurge)
	}
	for i, t := range p.Taints {
		if !taintPattern.MatchString(t) {
			ps.Addf(validation.Index(k("taints"), i), "%q is not key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute", t)
		}
	}
	for _, l := range sortedKeys(p.Labels) {
		switch {
		case l == "":
			ps.Addf(k("labels"), "a label key is empty")
		case strings.HasPrefix(l, "kubernetes.azure.com/"):
			ps.Addf(k("labels."+l), "the kubernetes.azure.com/ prefix is reserved for AKS")
		}
	}
	s.validatePoolVersion(ps, k("orchestratorVersion"), p.OrchestratorVersion)
}

// validateCounts checks count, minCount and maxCount of one pool.
func validateCounts(ps *validation.Problems, kp KeyedPool, production bool) {
	p := kp.Pool
	k := func(field string) string { return kp.Key + "." + field }
	for _, f := range []struct {
		field string
		v     int
	}{{"count", p.Count}, {"minCount", p.MinCount}, {"maxCount", p.MaxCount}} {
		if f.v < 0 {
			ps.Addf(k(f.field), "%d must not be negative", f.v)
		}
	}
	least := 0
	if kp.System {
		least = 1
	}
	if production && kp.System {
		least = 2
	}
	why := "a pool"
	if kp.System {
		why = "the system pool"
		if production {
			why = "a production system pool (so critical add-ons survive a node loss)"
		}
	}
	if p.Autoscaled() {
		switch {
		case p.MinCount > p.MaxCount:
			ps.Addf(k("maxCount"), "maxCount %d < minCount %d", p.MaxCount, p.MinCount)
		case p.Count < p.MinCount || p.Count > p.MaxCount:
			ps.Addf(k("count"), "count %d is outside minCount %d .. maxCount %d", p.Count, p.MinCount, p.MaxCount)
		}
		if p.MinCount < least {
			ps.Addf(k("minCount"), "%d is below %d, the least for %s", p.MinCount, least, why)
		}
		if p.MaxCount > MaxNodesPerPool {
			ps.Addf(k("maxCount"), "%d exceeds %d nodes, the most an AKS pool holds", p.MaxCount, MaxNodesPerPool)
		}
		return
	}
	if p.MinCount > 0 {
		ps.Addf(k("minCount"), "minCount %d without maxCount: set maxCount to turn the autoscaler on, or remove minCount", p.MinCount)
	}
	if p.Count < least {
		ps.Addf(k("count"), "%d is below %d, the least for %s", p.Count, least, why)
	}
	if p.Count > MaxNodesPerPool {
		ps.Addf(k("count"), "%d exceeds %d nodes, the most an AKS pool holds", p.Count, MaxNodesPerPool)
	}
}

// countsInRange reports whether every pool's count, minCount and maxCount is a size an AKS pool
// can have (0 to MaxNodesPerPool). Only then do the address sizing's sums and products mean
// something (and cannot overflow); validateCounts reports the pools that are out of range.
func (s Spec) countsInRange() bool {
	for _, kp := range s.Pools() {
		for _, n := range []int{kp.Pool.Count, kp.Pool.MinCount, kp.Pool.MaxCount} {
			if n < 0 || n > MaxNodesPerPool {
				return false
			}
		}
	}
	return true
}

// validatePoolVersion checks a pinned orchestratorVersion against the control plane version
// and the auto-upgrade channel.
func (s Spec) validatePoolVersion(ps *validation.Problems, key, pinned string) {
	if pinned == "" {
		return
	}
	v, ok := parseVersion(pinned)
	if !ok {
		ps.Addf(key, "%q is not major.minor or major.minor.patch", pinned)
		return
	}
	switch s.UpgradeChannel {
	case ChannelStable, ChannelRapid:
		ps.Addf(key, "is pinned to %s but upgradeChannel %s upgrades every pool; remove the pin or set upgradeChannel none, patch or node-image",
			pinned, s.UpgradeChannel)
		return
	case ChannelPatch:
		if v.patch >= 0 {
			ps.Addf(key, "%q pins a patch while upgradeChannel patch moves patches; use \"%d.%d\"", pinned, v.major, v.minor)
		}
	}
	if cp, ok := parseVersion(s.KubernetesVersion); ok {
		switch {
		case v.newerThan(cp):
			ps.Addf(key, "%s is newer than kubernetesVersion %s; a pool cannot run ahead of the control plane", v, cp)
		case v.major != cp.major:
			ps.Addf(key, "%s is a different major version than kubernetesVersion %s", v, cp)
		}
	}
}

// parseSurge parses maxSurge: "3" is 3 nodes, "33%" is 33 percent.
func parseSurge(s string) (n int, percent, ok bool) {
	digits, percent := strings.CutSuffix(s, "%")
	if digits == "" || digits[0] == '0' || len(digits) > 4 {
		return 0, false, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false, false
		}
		n = n*10 + int(c-'0')
	}
	if percent && n > 100 {
		return 0, false, false
	}
	return n, percent, true
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
