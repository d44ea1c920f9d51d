package aks

import (
	"net/netip"
	"slices"
)

// Default values that are not per-environment.
var (
	DefaultPodCIDR     = netip.MustParsePrefix("10.244.0.0/16")
	DefaultServiceCIDR = netip.MustParsePrefix("172.16.0.0/16")
)

// CriticalAddonsTaint keeps everything but critical add-ons off the system pool.
const CriticalAddonsTaint = "CriticalAddonsOnly=true:NoSchedule"

// DefaultMaxPods is the AKS default pods per node of each plugin (kubenet 110, Azure CNI 30,
// Azure CNI Overlay 250; learn.microsoft.com/azure/aks/concepts-network-ip-address-planning).
func DefaultMaxPods(p NetworkPlugin) int {
	switch p {
	case AzureCNI:
		return 30
	case AzureCNIOverlay:
		return 250
	default:
		return 110
	}
}

// SetDefaults fills every value left out of aks-platform:aks with its documented default for
// the environment (dev / prod where they differ):
//
//	key                                   default
//	skuTier                               Free / Standard (SLA-backed)
//	networkPlugin                         kubenet / azure
//	networkPolicy                         calico (works with every plugin)
//	podCidr                               10.244.0.0/16 (kubenet and azure-overlay only)
//	serviceCidr                           172.16.0.0/16
//	dnsServiceIP                          serviceCidr's network address + 10 (172.16.0.10)
//	localAccountsDisabled                 false / true
//	upgradeChannel                        patch
//	nodeOsUpgradeChannel                  NodeImage
//	maintenanceWindow                     Sunday 00:00 +00:00, 4 h, every week (when upgradeChannel is not none)
//	nodeOsMaintenanceWindow               Saturday 00:00 +00:00, 4 h, every week (when nodeOsUpgradeChannel is NodeImage or SecurityPatch)
//	addons.keyVaultSecretsProvider        enabled, rotationPollInterval 2m
//	addons.azurePolicy                    false / true
//	addons.keda                           false
//	addons.monitoring                     true (needs the Log Analytics workspace)
//	autoscalerProfile                     balanceSimilarNodeGroups true, expander random, scanInterval 10s,
//	                                      scaleDownDelayAfterAdd 10m, scaleDownUnneededTime 10m,
//	                                      scaleDownUtilizationThreshold 0.5, maxGracefulTerminationSec 600,
//	                                      maxNodeProvisionTime 15m, skipNodesWithSystemPods true,
//	                                      skipNodesWithLocalStorage false (the AKS values, made explicit)
//	systemPool.name                       system
//	systemPool / userPools[*]:
//	  vmSize                              Standard_D2s_v5 / Standard_D4s_v5
//	  osType                              Linux
//	  osDiskType, osDiskSizeGB            Managed, 128
//	  count, minCount, maxCount           system: count 1 / minCount 3, maxCount 5
//	                                      user:   count 1 / minCount 3, maxCount 10
//	                                      (only when all three are left out; an autoscaled pool
//	                                      without count starts at minCount)
//	  zones                               none / ["1", "2", "3"] (zones: [] opts out)
//	  maxPods                             kubenet 110, azure 30, azure-overlay 250 (the AKS defaults)
//	  maxSurge                            1 / 33% (Microsoft's production recommendation)
//	  taints (system pool)                CriticalAddonsOnly=true:NoSchedule is always added
//	  orchestratorVersion                 none: the pool follows kubernetesVersion
//
// kubernetesVersion has no default: left out in dev, AKS picks its default version (prod
// requires it). maxSurge is always set explicitly because the AKS default changed between API
// versions (1 node, then 10%), and the address sizing must count the same surge AKS will use.
func (s *Spec) SetDefaults(production bool) {
	pick := func(dev, prod string) string {
		if production {
			return prod
		}
		return dev
	}
	if s.SKUTier == "" {
		s.SKUTier = SKUTier(pick(string(TierFree), string(TierStandard)))
	}
	if s.NetworkPlugin == "" {
		s.NetworkPlugin = NetworkPlugin(pick(string(Kubenet), string(AzureCNI)))
	}
	if s.NetworkPolicy == "" {
		s.NetworkPolicy = PolicyCalico
	}
	if s.NetworkPlugin.usesPodCIDR() && !s.PodCIDR.IsValid() {
		s.PodCIDR = DefaultPodCIDR
	}
	if !s.ServiceCIDR.IsValid() {
		s.ServiceCIDR = DefaultServiceCIDR
	}
	if !s.DNSServiceIP.IsValid() && s.ServiceCIDR.Addr().Is4() {
		s.DNSServiceIP = addrPlus(s.ServiceCIDR.Masked().Addr(), 10)
	}
	if s.LocalAccountsDisabled == nil {
		s.LocalAccountsDisabled = ptr(production)
	}
	if s.UpgradeChannel == "" {
		s.UpgradeChannel = ChannelPatch
	}
	if s.NodeOSUpgradeChannel == "" {
		s.NodeOSUpgradeChannel = NodeOSNodeImage
	}
	if s.UpgradeChannel != ChannelNone {
		s.MaintenanceWindow.setDefaults("Sunday")
	}
	if s.NodeOSUpgradeChannel == NodeOSNodeImage || s.NodeOSUpgradeChannel == NodeOSSecurityPatch {
		s.NodeOSMaintenanceWindow.setDefaults("Saturday")
	}
	s.Addons.setDefaults(production)
	s.AutoscalerProfile.setDefaults()

	if s.SystemPool.Name == "" {
		s.SystemPool.Name = "system"
	}
	s.SystemPool.setDefaults(production, true, s.NetworkPlugin)
	for i := range s.UserPools {
		s.UserPools[i].setDefaults(production, false, s.NetworkPlugin)
	}
}

func (p *NodePool) setDefaults(production, system bool, plugin NetworkPlugin) {
	if p.VMSize == "" {
		p.VMSize = "Standard_D2s_v5"
		if production {
			p.VMSize = "Standard_D4s_v5"
		}
	}
	if p.OSType == "" {
		p.OSType = Linux
	}
	if p.OSDiskType == "" {
		p.OSDiskType = Managed
	}
	if p.OSDiskSizeGB == 0 {
		p.OSDiskSizeGB = 128
	}
	if p.Count == 0 && p.MinCount == 0 && p.MaxCount == 0 {
		switch {
		case !production:
			p.Count = 1
		case system:
			p.MinCount, p.MaxCount = 3, 5
		default:
			p.MinCount, p.MaxCount = 3, 10
		}
	}
	if p.Autoscaled() && p.Count == 0 {
		p.Count = p.MinCount
	}
	if p.Zones == nil && production {
		p.Zones = []string{"1", "2", "3"}
	}
	if p.MaxPods == 0 {
		p.MaxPods = DefaultMaxPods(plugin)
	}
	if p.MaxSurge == "" {
		p.MaxSurge = "1"
		if production {
			p.MaxSurge = "33%"
		}
	}
	if system && !slices.Contains(p.Taints, CriticalAddonsTaint) {
		p.Taints = append(p.Taints, CriticalAddonsTaint)
	}
}

func (w *MaintenanceWindow) setDefaults(day string) {
	if w.Day == "" {
		w.Day = day
	}
	if w.IntervalWeeks == 0 {
		w.IntervalWeeks = 1
	}
	if w.StartTime == "" {
		w.StartTime = "00:00"
	}
	if w.DurationHours == 0 {
		w.DurationHours = 4
	}
	if w.UTCOffset == "" {
		w.UTCOffset = "+00:00"
	}
}

func (a *Addons) setDefaults(production bool) {
	if a.KeyVaultSecretsProvider.Enabled == nil {
		a.KeyVaultSecretsProvider.Enabled = ptr(true)
	}
	if a.KeyVaultSecretsProvider.RotationPollInterval == "" {
		a.KeyVaultSecretsProvider.RotationPollInterval = "2m"
	}
	if a.AzurePolicy == nil {
		a.AzurePolicy = ptr(production)
	}
	if a.Monitoring == nil {
		a.Monitoring = ptr(true)
	}
}

func (p *AutoscalerProfile) setDefaults() {
	if p.BalanceSimilarNodeGroups == nil {
		p.BalanceSimilarNodeGroups = ptr(true)
	}
	setString := func(dst *string, def string) {
		if *dst == "" {
			*dst = def
		}
	}
	setString(&p.Expander, "random")
	setString(&p.ScanInterval, "10s")
	setString(&p.ScaleDownDelayAfterAdd, "10m")
	setString(&p.ScaleDownUnneededTime, "10m")
	setString(&p.MaxNodeProvisionTime, "15m")
	if p.ScaleDownUtilizationThreshold == 0 {
		p.ScaleDownUtilizationThreshold = 0.5
	}
	if p.MaxGracefulTerminationSec == 0 {
		p.MaxGracefulTerminationSec = 600
	}
	if p.SkipNodesWithSystemPods == nil {
		p.SkipNodesWithSystemPods = ptr(true)
	}
	if p.SkipNodesWithLocalStorage == nil {
		p.SkipNodesWithLocalStorage = ptr(false)
	}
}

// addrPlus returns a + n for an IPv4 address.
func addrPlus(a netip.Addr, n uint32) netip.Addr {
	b := a.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v += n
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
