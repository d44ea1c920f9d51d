package aks

import (
	"net/netip"
	"slices"

	"github.com/aksplatform/platform/components/defaults"
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
//	supportPlan                           KubernetesOfficial (AKSLongTermSupport needs skuTier Premium)
//	deployerGroupObjectId                 none: the principal running Pulumi gets Kubernetes access
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
//	defender                              false / true (Defender for Containers is billed per vCore)
//	imageCleaner                          enabled, intervalHours 168 (the AKS default week)
//	disableRunCommand                     true (dev's API server is reachable with kubectl;
//	                                      run command would be a second, ARM-authorized way in)
//	kms.enabled                           false / false: the region vault's firewall denies by
//	                                      default, which rules out keyVaultNetworkAccess Public,
//	                                      and Private needs API server VNet integration, which
//	                                      the AKS API version used here (2024-09-01) cannot set
//	kms.keyVaultNetworkAccess             Private (the platform's vault is firewalled)
//	kms.key                               (when enabled) size 2048, rotationDays 90, expiryDays 365
//	diskEncryption.enabled                false (opt-in: platform-managed keys already encrypt
//	                                      the disks; a customer key adds key operations to run)
//	diskEncryption.key                    (when enabled) as kms.key
//	systemPool.name                       system
//	systemPool / userPools[*]:
//	  vmSize                              Standard_D2s_v5 / Standard_D4s_v5
//	  osType                              Linux
//	  osDiskType, osDiskSizeGB            Managed, 128
//	  count, minCount, maxCount           system: count 1 / minCount 3, maxCount 5
//	                                      user:   count 1 / minCount 3, maxCount 10
//	                                      (only when all three are left out; an autoscaled pool
//	                                      without count starts at minCount)
//	  zones                               none / ["1", "2", "3"] (left out: the default; zones: [] means no zones)
//	  maxPods                             kubenet 110, azure 30, azure-overlay 250 (the AKS defaults)
//	  maxSurge                            1 / 33% (Microsoft's production recommendation)
//	  taints (system pool)                CriticalAddonsOnly=true:NoSchedule is always added
//	  orchestratorVersion                 none: the pool follows kubernetesVersion
//	  hostEncryption                      false / true (needs the subscription feature
//	                                      Microsoft.Compute/EncryptionAtHost registered)
//
// kubernetesVersion has no default: left out in dev, AKS picks its default version (prod
// requires it). maxSurge is always set explicitly because the AKS default changed between API
// versions (1 node, then 10%), and the address sizing must count the same surge AKS will use.
func (s *Spec) SetDefaults(production bool) {
	defaults.Set(&s.SKUTier, defaults.Pick(production, TierFree, TierStandard))
	defaults.Set(&s.SupportPlan, SupportCommunity)
	defaults.Set(&s.NetworkPlugin, defaults.Pick(production, Kubenet, AzureCNI))
	defaults.Set(&s.NetworkPolicy, PolicyCalico)
	if s.NetworkPlugin.usesPodCIDR() {
		defaults.Set(&s.PodCIDR, DefaultPodCIDR)
	}
	defaults.Set(&s.ServiceCIDR, DefaultServiceCIDR)
	if s.ServiceCIDR.Addr().Is4() {
		defaults.Set(&s.DNSServiceIP, addrPlus(s.ServiceCIDR.Masked().Addr(), 10))
	}
	defaults.SetPtr(&s.LocalAccountsDisabled, production)
	defaults.Set(&s.UpgradeChannel, ChannelPatch)
	defaults.Set(&s.NodeOSUpgradeChannel, NodeOSNodeImage)
	if s.UpgradeChannel != ChannelNone {
		s.MaintenanceWindow.setDefaults("Sunday")
	}
	if s.NodeOSUpgradeChannel.Managed() {
		s.NodeOSMaintenanceWindow.setDefaults("Saturday")
	}
	s.Addons.setDefaults(production)
	s.AutoscalerProfile.setDefaults()
	s.setSecurityDefaults(production)

	defaults.Set(&s.SystemPool.Name, "system")
	s.SystemPool.setDefaults(production, true, s.NetworkPlugin)
	for i := range s.UserPools {
		s.UserPools[i].setDefaults(production, false, s.NetworkPlugin)
	}
}

func (p *NodePool) setDefaults(production, system bool, plugin NetworkPlugin) {
	defaults.Set(&p.VMSize, defaults.Pick(production, "Standard_D2s_v5", "Standard_D4s_v5"))
	defaults.Set(&p.OSType, Linux)
	defaults.Set(&p.OSDiskType, Managed)
	defaults.Set(&p.OSDiskSizeGB, 128)
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
	if p.Autoscaled() {
		defaults.Set(&p.Count, p.MinCount)
	}
	// nil (zones left out) takes the default; an explicit [] stays empty: no zones.
	if p.Zones == nil && production {
		p.Zones = []string{"1", "2", "3"}
	}
	defaults.Set(&p.MaxPods, DefaultMaxPods(plugin))
	defaults.Set(&p.MaxSurge, defaults.Pick(production, "1", "33%"))
	defaults.SetPtr(&p.HostEncryption, production)
	if system && !slices.Contains(p.Taints, CriticalAddonsTaint) {
		p.Taints = append(p.Taints, CriticalAddonsTaint)
	}
}

func (w *MaintenanceWindow) setDefaults(day string) {
	defaults.Set(&w.Day, day)
	defaults.Set(&w.IntervalWeeks, 1)
	defaults.Set(&w.StartTime, "00:00")
	defaults.Set(&w.DurationHours, 4)
	defaults.Set(&w.UTCOffset, "+00:00")
}

func (a *Addons) setDefaults(production bool) {
	defaults.SetPtr(&a.KeyVaultSecretsProvider.Enabled, true)
	defaults.Set(&a.KeyVaultSecretsProvider.RotationPollInterval, "2m")
	defaults.SetPtr(&a.AzurePolicy, production)
	defaults.SetPtr(&a.Monitoring, true)
}

func (p *AutoscalerProfile) setDefaults() {
	defaults.SetPtr(&p.BalanceSimilarNodeGroups, true)
	defaults.Set(&p.Expander, "random")
	defaults.Set(&p.ScanInterval, "10s")
	defaults.Set(&p.ScaleDownDelayAfterAdd, "10m")
	defaults.Set(&p.ScaleDownUnneededTime, "10m")
	defaults.Set(&p.MaxNodeProvisionTime, "15m")
	defaults.Set(&p.ScaleDownUtilizationThreshold, 0.5)
	defaults.Set(&p.MaxGracefulTerminationSec, 600)
	defaults.SetPtr(&p.SkipNodesWithSystemPods, true)
	defaults.SetPtr(&p.SkipNodesWithLocalStorage, false)
}

// addrPlus returns a + n for an IPv4 address.
func addrPlus(a netip.Addr, n uint32) netip.Addr {
	b := a.As4()
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v += n
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
