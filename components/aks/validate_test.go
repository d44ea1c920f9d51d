package aks

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

// devSpec is a small dev cluster as config would give it (before defaults).
func devSpec() Spec {
	return Spec{KubernetesVersion: "1.37", UserPools: []NodePool{{Name: "apps"}}}
}

// prodSpec is a production cluster as config would give it (before defaults).
func prodSpec() Spec {
	return Spec{
		KubernetesVersion:  "1.37",
		AuthorizedIPRanges: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")},
		UserPools:          []NodePool{{Name: "apps"}},
	}
}

// problemKeys returns the keys of a *validation.Error, failing the test for any other error.
func problemKeys(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "want *validation.Error, got %T: %v", err, err)
	return verr.Keys()
}

func TestValidSpecsPass(t *testing.T) {
	for _, tc := range []struct {
		name string
		prod bool
		spec Spec
	}{
		{"dev", false, devSpec()},
		{"prod", true, prodSpec()},
		{"prod overlay cilium private", true, Spec{KubernetesVersion: "1.37", NetworkPlugin: AzureCNIOverlay, NetworkPolicy: PolicyCilium, PrivateCluster: true}},
		{"dev windows with CNI", false, Spec{NetworkPlugin: AzureCNI, UserPools: []NodePool{{Name: "win", OSType: Windows}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.prod)
			assert.NoError(t, s.Validate(tc.prod))
		})
	}
}

func TestValidateRules(t *testing.T) {
	pool := func(mut func(*NodePool)) func(*Spec) {
		return func(s *Spec) { mut(&s.UserPools[0]) }
	}
	for _, tc := range []struct {
		name   string
		prod   bool
		mutate func(*Spec)
		key    string
		reason string // substring of the reason, when it matters
	}{
		{"kubenet 500 nodes", false, func(s *Spec) {
			s.NetworkPlugin = Kubenet
			s.SystemPool.Count = 5
			s.UserPools[0] = NodePool{Name: "apps", MinCount: 1, MaxCount: 495}
		}, "networkPlugin", "at most 400 nodes"},
		{"kubenet 400 nodes plus upgrade surge", false, func(s *Spec) {
			s.NetworkPlugin = Kubenet
			s.SystemPool.Count = 5
			s.UserPools[0] = NodePool{Name: "apps", MinCount: 1, MaxCount: 395}
		}, "networkPlugin", "reach 402 nodes (400 + 2 upgrade surge)"},
		{"windows with kubenet", false, func(s *Spec) {
			s.NetworkPlugin = Kubenet
			s.UserPools = append(s.UserPools, NodePool{Name: "win", OSType: Windows})
		}, "userPools[1].osType", "kubenet is Linux only"},
		{"windows system pool", false, func(s *Spec) { s.NetworkPlugin = AzureCNI; s.SystemPool.OSType = Windows }, "systemPool.osType", "must be Linux"},
		{"overlay pod CIDR too small", false, func(s *Spec) {
			s.NetworkPlugin = AzureCNIOverlay
			s.PodCIDR = netip.MustParsePrefix("10.244.0.0/23")
			s.UserPools[0].Count = 3
		}, "podCidr", "holds 2"},
		{"network policy azure with kubenet", false, func(s *Spec) { s.NetworkPlugin = Kubenet; s.NetworkPolicy = PolicyAzure }, "networkPolicy", "needs Azure CNI"},
		{"network policy cilium with CNI", false, func(s *Spec) { s.NetworkPlugin = AzureCNI; s.NetworkPolicy = PolicyCilium }, "networkPolicy", "azure-overlay"},
		{"unknown plugin", false, func(s *Spec) { s.NetworkPlugin = "flannel" }, "networkPlugin", "not one of"},
		{"pod CIDR with flat CNI", false, func(s *Spec) { s.NetworkPlugin = AzureCNI; s.PodCIDR = DefaultPodCIDR }, "podCidr", "not used"},
		{"maxPods 5", false, pool(func(p *NodePool) { p.MaxPods = 5 }), "userPools[0].maxPods", "between 10 and 250"},
		{"maxPods 300", false, pool(func(p *NodePool) { p.MaxPods = 300 }), "userPools[0].maxPods", "between 10 and 250"},
		{"system maxPods 20", false, func(s *Spec) { s.SystemPool.MaxPods = 20 }, "systemPool.maxPods", "system pool"},
		{"minCount > maxCount", false, pool(func(p *NodePool) { p.Count, p.MinCount, p.MaxCount = 3, 5, 3 }), "userPools[0].maxCount", "maxCount 3 < minCount 5"},
		{"count outside autoscaler range", false, pool(func(p *NodePool) { p.Count, p.MinCount, p.MaxCount = 9, 1, 3 }), "userPools[0].count", "outside"},
		{"minCount without maxCount", false, pool(func(p *NodePool) { p.Count, p.MinCount = 2, 2 }), "userPools[0].minCount", "without maxCount"},
		{"maxCount over pool limit", false, pool(func(p *NodePool) { p.MinCount, p.MaxCount = 1, 1001 }), "userPools[0].maxCount", "1000"},
		{"dnsServiceIP outside serviceCidr", false, func(s *Spec) { s.DNSServiceIP = netip.MustParseAddr("10.0.0.10") }, "dnsServiceIP", "outside serviceCidr 172.16.0.0/16"},
		{"dnsServiceIP .1", false, func(s *Spec) { s.DNSServiceIP = netip.MustParseAddr("172.16.0.1") }, "dnsServiceIP", "first address"},
		{"dnsServiceIP network address", false, func(s *Spec) { s.DNSServiceIP = netip.MustParseAddr("172.16.0.0") }, "dnsServiceIP", "network address"},
		{"serviceCidr overlaps podCidr", false, func(s *Spec) { s.ServiceCIDR = netip.MustParsePrefix("10.244.128.0/20") }, "serviceCidr", "overlaps podCidr"},
		{"serviceCidr reserved", false, func(s *Spec) { s.ServiceCIDR = netip.MustParsePrefix("172.30.0.0/16") }, "serviceCidr", "reserves"},
		{"serviceCidr host bits", false, func(s *Spec) { s.ServiceCIDR = netip.MustParsePrefix("172.16.0.5/16") }, "serviceCidr", "host bits"},
		{"prod system pool with 1 node", true, func(s *Spec) { s.SystemPool.Count, s.SystemPool.MinCount, s.SystemPool.MaxCount = 1, 0, 0 }, "systemPool.count", "below 2"},
		{"prod system pool autoscaler min 1", true, func(s *Spec) { s.SystemPool.MinCount, s.SystemPool.MaxCount = 1, 3 }, "systemPool.minCount", "production system pool"},
		{"authorized range 0.0.0.0/0", false, func(s *Spec) { s.AuthorizedIPRanges = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")} }, "authorizedIpRanges[0]", "restricts nothing"},
		{"authorized ranges that halve the internet", false, func(s *Spec) {
			s.AuthorizedIPRanges = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/1"), netip.MustParsePrefix("128.0.0.0/1")}
		}, "authorizedIpRanges[1]", "as good as open"},
		{"authorized ranges on a private cluster", false, func(s *Spec) {
			s.PrivateCluster = true
			s.AuthorizedIPRanges = []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}
		}, "authorizedIpRanges", "public API server only"},
		{"prod public API server unrestricted", true, func(s *Spec) { s.AuthorizedIPRanges = nil }, "authorizedIpRanges", "private"},
		{"prod local accounts on", true, func(s *Spec) { s.LocalAccountsDisabled = new(false) }, "localAccountsDisabled", "bypasses Entra ID"},
		{"deployer group not an object ID", false, func(s *Spec) { s.DeployerGroupObjectID = "platform-deployers" }, "deployerGroupObjectId", "not an Entra ID group object ID"},
		{"prod Free tier", true, func(s *Spec) { s.SKUTier = TierFree }, "skuTier", "SLA"},
		{"prod without version", true, func(s *Spec) { s.KubernetesVersion = "" }, "kubernetesVersion", "required"},
		{"malformed version", false, func(s *Spec) { s.KubernetesVersion = "v1.32" }, "kubernetesVersion", "major.minor"},
		{"patch channel with pinned patch", false, func(s *Spec) { s.KubernetesVersion = "1.37.4" }, "kubernetesVersion", "downgrade"},
		{"node-image channel without NodeImage", false, func(s *Spec) {
			s.UpgradeChannel = ChannelNodeImage
			s.NodeOSUpgradeChannel = NodeOSSecurityPatch
		}, "nodeOsUpgradeChannel", "must be NodeImage"},
		{"window without channel", false, func(s *Spec) {
			s.UpgradeChannel = ChannelNone
			s.MaintenanceWindow = MaintenanceWindow{Day: "Sunday"}
		}, "maintenanceWindow", "nothing would use it"},
		{"window too short", false, func(s *Spec) { s.MaintenanceWindow.DurationHours = 2 }, "maintenanceWindow.durationHours", "at least 4"},
		{"window bad day", false, func(s *Spec) { s.NodeOSMaintenanceWindow.Day = "Caturday" }, "nodeOsMaintenanceWindow.day", "weekday"},
		{"window bad offset", false, func(s *Spec) { s.MaintenanceWindow.UTCOffset = "UTC" }, "maintenanceWindow.utcOffset", "+HH:MM"},
		{"pool name with capitals", false, pool(func(p *NodePool) { p.Name = "Apps" }), "userPools[0].name", "lowercase"},
		{"windows pool name too long", false, func(s *Spec) {
			s.NetworkPlugin = AzureCNI
			s.UserPools[0] = NodePool{Name: "windows1", OSType: Windows}
		}, "userPools[0].name", "at most 6"},
		{"duplicate pool name", false, func(s *Spec) { s.UserPools = append(s.UserPools, NodePool{Name: "apps"}) }, "userPools[1].name", "unique"},
		{"user pool without name", false, pool(func(p *NodePool) { p.Name = "" }), "userPools[0].name", "required"},
		{"zone 4", false, pool(func(p *NodePool) { p.Zones = []string{"1", "4"} }), "userPools[0].zones[1]", "not an availability zone"},
		{"maxSurge 0", false, pool(func(p *NodePool) { p.MaxSurge = "0" }), "userPools[0].maxSurge", "node count"},
		{"maxSurge 150%", false, pool(func(p *NodePool) { p.MaxSurge = "150%" }), "userPools[0].maxSurge", "percentage"},
		{"malformed taint", false, pool(func(p *NodePool) { p.Taints = []string{"gpu=true"} }), "userPools[0].taints[0]", "Effect"},
		{"reserved label", false, pool(func(p *NodePool) { p.Labels = map[string]string{"kubernetes.azure.com/mode": "x"} }), "userPools[0].labels.kubernetes.azure.com/mode", "reserved"},
		{"OS disk too small", false, pool(func(p *NodePool) { p.OSDiskSizeGB = 10 }), "userPools[0].osDiskSizeGB", "between 30"},
		{"pinned version with stable channel", false, func(s *Spec) {
			s.UpgradeChannel = ChannelStable
			s.UserPools[0].OrchestratorVersion = "1.36"
		}, "userPools[0].orchestratorVersion", "upgrades every pool"},
		{"pinned version ahead of control plane", false, pool(func(p *NodePool) { p.OrchestratorVersion = "1.38" }), "userPools[0].orchestratorVersion", "newer than kubernetesVersion 1.37"},
		{"admin group not a GUID", false, func(s *Spec) { s.AdminGroupObjectIDs = []string{"platform-admins"} }, "adminGroupObjectIds[0]", "GUID"},
		{"bad rotation interval", false, func(s *Spec) { s.Addons.KeyVaultSecretsProvider.RotationPollInterval = "soon" }, "addons.keyVaultSecretsProvider.rotationPollInterval", "duration"},
		{"bad expander", false, func(s *Spec) { s.AutoscalerProfile.Expander = "cheapest" }, "autoscalerProfile.expander", "not one of"},
		{"bad utilization threshold", false, func(s *Spec) { s.AutoscalerProfile.ScaleDownUtilizationThreshold = 1.5 }, "autoscalerProfile.scaleDownUtilizationThreshold", "(0, 1]"},
		{"more than 5000 nodes", false, func(s *Spec) {
			s.NetworkPlugin = AzureCNIOverlay
			s.PodCIDR = netip.MustParsePrefix("10.0.0.0/8")
			s.UserPools = nil
			for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
				s.UserPools = append(s.UserPools, NodePool{Name: n, MinCount: 1, MaxCount: 900})
			}
		}, "userPools", "at most 5000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := devSpec()
			if tc.prod {
				s = prodSpec()
			}
			s.SetDefaults(tc.prod)
			tc.mutate(&s)
			s.SetDefaults(tc.prod) // fills what the mutation left empty
			err := s.Validate(tc.prod)
			require.Error(t, err)
			assert.Contains(t, problemKeys(t, err), tc.key)
			assert.Contains(t, reasonOf(err, tc.key), tc.reason)
		})
	}
}

// reasonOf joins the reasons of every problem at key.
func reasonOf(err error, key string) string {
	var verr *validation.Error
	if !errors.As(err, &verr) {
		return ""
	}
	var rs []string
	for _, p := range verr.Problems {
		if p.Key == key {
			rs = append(rs, p.Reason)
		}
	}
	return strings.Join(rs, "; ")
}

func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	s := devSpec()
	s.NetworkPolicy = PolicyAzure // with kubenet
	s.UserPools[0].MaxPods = 5
	s.DNSServiceIP = netip.MustParseAddr("172.16.0.1")
	s.SetDefaults(false)
	keys := problemKeys(t, s.Validate(false))
	assert.Equal(t, []string{"dnsServiceIP", "networkPolicy", "userPools[0].maxPods"}, keys)
}

// Pool sizes far beyond what AKS accepts are reported on the pool; the cluster-wide sums are
// not computed from them (they would overflow into nonsense such as "use a /-39").
func TestHugePoolSizesAreReportedOnThePool(t *testing.T) {
	for _, plugin := range []NetworkPlugin{Kubenet, AzureCNI, AzureCNIOverlay} {
		t.Run(string(plugin), func(t *testing.T) {
			s := devSpec()
			s.NetworkPlugin = plugin
			s.UserPools[0] = NodePool{Name: "apps", MinCount: 1, MaxCount: 1 << 62, MaxSurge: "100%"}
			s.SetDefaults(false)
			err := s.Validate(false)
			assert.Equal(t, []string{"userPools[0].maxCount"}, problemKeys(t, err))
			assert.Contains(t, err.Error(), "exceeds 1000 nodes")
			assert.NoError(t, s.CheckNodeSubnet(netip.MustParsePrefix("10.1.0.0/28")), "reported once, by Validate")
		})
	}
}
