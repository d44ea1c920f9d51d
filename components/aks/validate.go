package aks

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/aksplatform/platform/components/aks/releases"
	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// Limits Azure documents for AKS (learn.microsoft.com/azure/aks/quotas-skus-regions,
// .../configure-kubenet, .../azure-cni-overlay, .../api-server-authorized-ip-ranges).
const (
	// KubenetMaxNodes: kubenet needs one route per node and a route table holds 400 routes.
	KubenetMaxNodes = 400
	// MaxNodesPerPool and MaxNodesPerCluster are the VM scale set based limits.
	MaxNodesPerPool    = 1000
	MaxNodesPerCluster = 5000
	// MinMaxPods and MaxMaxPods bound maxPods; a system pool needs at least SystemMinMaxPods.
	MinMaxPods       = 10
	MaxMaxPods       = 250
	SystemMinMaxPods = 30
	// MaxAuthorizedIPRanges is how many API server authorized ranges AKS accepts.
	MaxAuthorizedIPRanges = 200
)

// reservedRanges may not be used for pod or service CIDRs (AKS reserves them).
var reservedRanges = []netip.Prefix{
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("172.30.0.0/16"),
	netip.MustParsePrefix("172.31.0.0/16"),
	netip.MustParsePrefix("192.0.2.0/24"),
}

var (
	versionPattern  = regexp.MustCompile(`^(\d+)\.(\d+)(?:\.(\d+))?$`)
	hhmmPattern     = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
	offsetPattern   = regexp.MustCompile(`^[+-](0\d|1[0-4]):[0-5]\d$`)
	durationPattern = regexp.MustCompile(`^[1-9]\d*[smh]$`)
)

// Weekdays are the days a maintenance window may open on, as AKS spells them, Monday first
// (the order a week is laid out in when windows of several regions are compared).
var Weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// Validate checks the spec (after SetDefaults) and returns nil or a *validation.Error listing
// every problem, each keyed relative to the aks section ("userPools[1].maxCount").
func (s Spec) Validate(production bool) error {
	var ps validation.Problems
	s.validateControlPlane(&ps, production)
	s.validateNetwork(&ps)
	s.validateAccess(&ps, production)
	s.validateUpgrades(&ps)
	s.validatePools(&ps, production)
	s.validateAddons(&ps)
	s.validateSecurity(&ps, production)
	return ps.Err()
}

func (s Spec) validateControlPlane(ps *validation.Problems, production bool) {
	switch {
	case s.KubernetesVersion == "" && production:
		ps.Addf("kubernetesVersion", "is required in production so that upgrades are deliberate (e.g. %q)", releases.Latest().Minor)
	case s.KubernetesVersion != "" && !versionPattern.MatchString(s.KubernetesVersion):
		ps.Addf("kubernetesVersion", "%q is not major.minor or major.minor.patch (e.g. %q)", s.KubernetesVersion, releases.Latest().Minor)
	}
	switch s.SupportPlan {
	case SupportCommunity:
	case SupportLTS:
		// learn.microsoft.com/azure/aks/long-term-support: LTS is a Premium tier feature.
		if s.SKUTier != TierPremium {
			ps.Addf("supportPlan", "AKSLongTermSupport needs skuTier Premium, not %s (learn.microsoft.com/azure/aks/long-term-support)", s.SKUTier)
		}
	default:
		ps.Addf("supportPlan", "%q is not one of KubernetesOfficial, AKSLongTermSupport", s.SupportPlan)
	}
	switch s.SKUTier {
	case TierFree:
		if production {
			ps.Addf("skuTier", "Free has no uptime SLA (Microsoft recommends it for fewer than 10 nodes); production needs Standard or Premium")
		}
	case TierStandard, TierPremium:
	default:
		ps.Addf("skuTier", "%q is not one of Free, Standard, Premium", s.SKUTier)
	}
}

func (s Spec) validateNetwork(ps *validation.Problems) {
	switch s.NetworkPlugin {
	case Kubenet, AzureCNI, AzureCNIOverlay:
	default:
		ps.Addf("networkPlugin", "%q is not one of kubenet, azure, azure-overlay", s.NetworkPlugin)
		return
	}
	switch s.NetworkPolicy {
	case PolicyNone, PolicyCalico:
	case PolicyAzure:
		if s.NetworkPlugin == Kubenet {
			ps.Addf("networkPolicy", "azure (Network Policy Manager) needs Azure CNI (networkPlugin azure or azure-overlay); with kubenet use calico")
		}
	case PolicyCilium:
		if s.NetworkPlugin != AzureCNIOverlay {
			ps.Addf("networkPolicy", "cilium needs Azure CNI powered by Cilium, which this platform deploys with networkPlugin azure-overlay (not %s)", s.NetworkPlugin)
		}
	default:
		ps.Addf("networkPolicy", "%q is not one of none, calico, azure, cilium", s.NetworkPolicy)
	}

	podOK := false
	if s.NetworkPlugin.usesPodCIDR() {
		podOK = checkClusterRange(ps, "podCidr", s.PodCIDR, 8, 24)
		if podOK {
			s.checkPodCIDRCapacity(ps)
		}
	} else if s.PodCIDR.IsValid() {
		ps.Addf("podCidr", "%s is not used with networkPlugin azure: Azure CNI gives pods addresses of the node subnet; remove podCidr or use azure-overlay", s.PodCIDR)
	}
	svcOK := checkClusterRange(ps, "serviceCidr", s.ServiceCIDR, 12, 28)
	if podOK && svcOK && s.PodCIDR.Overlaps(s.ServiceCIDR) {
		ps.Addf("serviceCidr", "%s overlaps podCidr %s", s.ServiceCIDR, s.PodCIDR)
	}
	switch dns := s.DNSServiceIP; {
	case !dns.IsValid():
		ps.Addf("dnsServiceIP", "is required (an address inside serviceCidr, e.g. %s)", addrPlus(DefaultServiceCIDR.Addr(), 10))
	case !svcOK:
	case !s.ServiceCIDR.Contains(dns):
		ps.Addf("dnsServiceIP", "%s is outside serviceCidr %s", dns, s.ServiceCIDR)
	case dns == s.ServiceCIDR.Addr():
		ps.Addf("dnsServiceIP", "%s is the network address of serviceCidr %s", dns, s.ServiceCIDR)
	case dns == addrPlus(s.ServiceCIDR.Addr(), 1):
		ps.Addf("dnsServiceIP", "%s is the first address of serviceCidr %s, which the kubernetes service takes; use e.g. %s",
			dns, s.ServiceCIDR, addrPlus(s.ServiceCIDR.Addr(), 10))
	case dns == lastAddr(s.ServiceCIDR):
		ps.Addf("dnsServiceIP", "%s is the broadcast address of serviceCidr %s", dns, s.ServiceCIDR)
	}
}

// checkClusterRange checks a pod or service CIDR and reports whether it is usable.
func checkClusterRange(ps *validation.Problems, key string, p netip.Prefix, minBits, maxBits int) bool {
	switch {
	case !p.IsValid():
		ps.Addf(key, "is required (an IPv4 CIDR)")
	case !p.Addr().Is4():
		ps.Addf(key, "%s is not IPv4", p)
	case p.Masked() != p:
		ps.Addf(key, "%s has host bits set; did you mean %s?", p, p.Masked())
	case p.Bits() < minBits || p.Bits() > maxBits:
		ps.Addf(key, "/%d must be between /%d and /%d", p.Bits(), minBits, maxBits)
	default:
		for _, r := range reservedRanges {
			if p.Overlaps(r) {
				ps.Addf(key, "%s overlaps %s, which AKS reserves", p, r)
				return false
			}
		}
		return true
	}
	return false
}

func (s Spec) validateUpgrades(ps *validation.Problems) {
	switch s.UpgradeChannel {
	case ChannelNone, ChannelPatch, ChannelStable, ChannelRapid, ChannelNodeImage:
	default:
		ps.Addf("upgradeChannel", "%q is not one of none, patch, stable, rapid, node-image", s.UpgradeChannel)
	}
	switch s.NodeOSUpgradeChannel {
	case NodeOSNone, NodeOSUnmanaged, NodeOSSecurityPatch, NodeOSNodeImage:
	default:
		ps.Addf("nodeOsUpgradeChannel", "%q is not one of None, Unmanaged, SecurityPatch, NodeImage", s.NodeOSUpgradeChannel)
	}
	if s.UpgradeChannel == ChannelNodeImage && s.NodeOSUpgradeChannel != NodeOSNodeImage {
		ps.Addf("nodeOsUpgradeChannel", "must be NodeImage when upgradeChannel is node-image (AKS requires it), not %s", s.NodeOSUpgradeChannel)
	}
	if s.UpgradeChannel == ChannelPatch && s.KubernetesVersion != "" && versionPattern.MatchString(s.KubernetesVersion) {
		if v, _ := parseVersion(s.KubernetesVersion); v.patch >= 0 {
			ps.Addf("kubernetesVersion", "%q pins a patch while upgradeChannel patch moves patches: the next `up` would try to downgrade; use \"%d.%d\"",
				s.KubernetesVersion, v.major, v.minor)
		}
	}
	checkWindow(ps, "maintenanceWindow", s.MaintenanceWindow, s.UpgradeChannel == ChannelNone, "upgradeChannel is none")
	checkWindow(ps, "nodeOsMaintenanceWindow", s.NodeOSMaintenanceWindow, !s.NodeOSUpgradeChannel.Managed(), "nodeOsUpgradeChannel is "+string(s.NodeOSUpgradeChannel))
}

func checkWindow(ps *validation.Problems, key string, w MaintenanceWindow, off bool, why string) {
	if w.IsZero() {
		return
	}
	if off {
		ps.Addf(key, "is set but %s, so nothing would use it; remove it or turn the channel on", why)
		return
	}
	if !slices.Contains(Weekdays, w.Day) {
		ps.Addf(key+".day", "%q is not a weekday (%s)", w.Day, strings.Join(Weekdays, ", "))
	}
	if w.IntervalWeeks < 1 || w.IntervalWeeks > 4 {
		ps.Addf(key+".intervalWeeks", "%d must be between 1 and 4", w.IntervalWeeks)
	}
	if !hhmmPattern.MatchString(w.StartTime) {
		ps.Addf(key+".startTime", "%q is not HH:MM", w.StartTime)
	}
	if w.DurationHours < 4 || w.DurationHours > 24 {
		ps.Addf(key+".durationHours", "%d must be between 4 and 24 (AKS needs at least 4 hours)", w.DurationHours)
	}
	if !offsetPattern.MatchString(w.UTCOffset) {
		ps.Addf(key+".utcOffset", "%q is not +HH:MM or -HH:MM", w.UTCOffset)
	}
}

func (s Spec) validateAddons(ps *validation.Problems) {
	kv := s.Addons.KeyVaultSecretsProvider
	if defaults.True(kv.Enabled) {
		checkDuration(ps, "addons.keyVaultSecretsProvider.rotationPollInterval", kv.RotationPollInterval)
	}
	a := s.AutoscalerProfile
	switch a.Expander {
	case "least-waste", "most-pods", "priority", "random":
	default:
		ps.Addf("autoscalerProfile.expander", "%q is not one of least-waste, most-pods, priority, random", a.Expander)
	}
	checkDuration(ps, "autoscalerProfile.scanInterval", a.ScanInterval)
	checkDuration(ps, "autoscalerProfile.scaleDownDelayAfterAdd", a.ScaleDownDelayAfterAdd)
	checkDuration(ps, "autoscalerProfile.scaleDownUnneededTime", a.ScaleDownUnneededTime)
	checkDuration(ps, "autoscalerProfile.maxNodeProvisionTime", a.MaxNodeProvisionTime)
	if t := a.ScaleDownUtilizationThreshold; t <= 0 || t > 1 {
		ps.Addf("autoscalerProfile.scaleDownUtilizationThreshold", "%g must be in (0, 1]", t)
	}
	if a.MaxGracefulTerminationSec < 0 {
		ps.Addf("autoscalerProfile.maxGracefulTerminationSec", "%d must not be negative", a.MaxGracefulTerminationSec)
	}
}

// checkDuration accepts durations the way AKS writes them: a positive whole number of seconds,
// minutes or hours ("30s", "10m", "1h").
func checkDuration(ps *validation.Problems, key, v string) {
	if !durationPattern.MatchString(v) {
		ps.Addf(key, "%q is not a duration such as 30s, 10m or 1h", v)
	}
}

type version struct{ major, minor, patch int }

// parseVersion parses "1.32" (patch -1) or "1.32.4".
func parseVersion(s string) (version, bool) {
	m := versionPattern.FindStringSubmatch(s)
	if m == nil {
		return version{}, false
	}
	v := version{patch: -1}
	v.major, _ = strconv.Atoi(m[1])
	v.minor, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		v.patch, _ = strconv.Atoi(m[3])
	}
	return v, true
}

// newerThan reports whether v is a later version than w, comparing patches only when both
// have one.
func (v version) newerThan(w version) bool {
	if v.major != w.major {
		return v.major > w.major
	}
	if v.minor != w.minor {
		return v.minor > w.minor
	}
	return v.patch >= 0 && w.patch >= 0 && v.patch > w.patch
}

// String formats the version as it was written.
func (v version) String() string {
	if v.patch < 0 {
		return fmt.Sprintf("%d.%d", v.major, v.minor)
	}
	return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch)
}

// lastAddr returns the last address of an IPv4 prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	return addrPlus(p.Masked().Addr(), uint32(1)<<(32-p.Bits())-1)
}
