// Package aks builds the platform's Kubernetes cluster: an AKS managed cluster in the spoke's
// private subnet with kubenet, Azure CNI or Azure CNI Overlay networking, a system pool and any
// number of user pools, Entra ID with Azure RBAC, OIDC issuer and workload identity, planned
// upgrades, and the add-ons the platform relies on.
//
// Spec is the plain-value description read from the aks-platform:aks config section; its
// SetDefaults and Validate decide everything that can be decided before Azure is involved,
// including the address sizing users of other AKS modules only discover at deploy time
// (InsufficientSubnetSize). CheckSupport and Warnings judge the Kubernetes versions against
// the AKS release calendar (package releases) on a day the caller gives, so a plan is
// reproducible. NewCluster turns a valid Spec into resources.
package aks

import (
	"net/netip"

	"github.com/aksplatform/platform/validation"
)

// NetworkPlugin is how pods get their addresses.
type NetworkPlugin string

// Network plugins.
const (
	// Kubenet gives pods addresses from the pod CIDR, one /24 per node, routed through the
	// spoke's route table. At most 400 nodes, Linux only.
	Kubenet NetworkPlugin = "kubenet"
	// AzureCNI gives every pod an address of the node subnet, reserved up front: maxPods + 1
	// addresses per node.
	AzureCNI NetworkPlugin = "azure"
	// AzureCNIOverlay gives pods addresses from a private pod CIDR (one /24 per node); only
	// nodes take addresses of the node subnet.
	AzureCNIOverlay NetworkPlugin = "azure-overlay"
)

// NetworkPolicy is the engine enforcing Kubernetes NetworkPolicy objects.
type NetworkPolicy string

// Network policy engines.
const (
	PolicyNone   NetworkPolicy = "none"
	PolicyCalico NetworkPolicy = "calico" // kubenet, azure and azure-overlay
	PolicyAzure  NetworkPolicy = "azure"  // Azure Network Policy Manager: Azure CNI only
	PolicyCilium NetworkPolicy = "cilium" // Azure CNI powered by Cilium: azure-overlay only
)

// SKUTier is the control plane's pricing tier; Standard and Premium carry the uptime SLA.
type SKUTier string

// Control plane tiers.
const (
	TierFree     SKUTier = "Free"
	TierStandard SKUTier = "Standard"
	TierPremium  SKUTier = "Premium"
)

// SupportPlan is the cluster's Kubernetes support plan.
type SupportPlan string

// Support plans (learn.microsoft.com/azure/aks/long-term-support).
const (
	// SupportCommunity is the default: a minor version is supported for its 12 months of
	// community support.
	SupportCommunity SupportPlan = "KubernetesOfficial"
	// SupportLTS is long-term support: a second year after community support ends. AKS offers
	// it on the Premium tier only.
	SupportLTS SupportPlan = "AKSLongTermSupport"
)

// UpgradeChannel is the cluster auto-upgrade channel (Kubernetes version and node image).
type UpgradeChannel string

// Auto-upgrade channels.
const (
	ChannelNone      UpgradeChannel = "none"
	ChannelPatch     UpgradeChannel = "patch"
	ChannelStable    UpgradeChannel = "stable"
	ChannelRapid     UpgradeChannel = "rapid"
	ChannelNodeImage UpgradeChannel = "node-image"
)

// NodeOSUpgradeChannel is how node OS security updates reach the nodes.
type NodeOSUpgradeChannel string

// Node OS upgrade channels.
const (
	NodeOSNone          NodeOSUpgradeChannel = "None"
	NodeOSUnmanaged     NodeOSUpgradeChannel = "Unmanaged"
	NodeOSSecurityPatch NodeOSUpgradeChannel = "SecurityPatch"
	NodeOSNodeImage     NodeOSUpgradeChannel = "NodeImage"
)

// Managed reports whether AKS applies node OS updates itself (NodeImage, SecurityPatch), in
// the node OS maintenance window; None and Unmanaged leave them to the nodes (or to nobody), so
// a window would go unused. The one definition used by defaulting, validation and the
// maintenance configurations.
func (c NodeOSUpgradeChannel) Managed() bool {
	return c == NodeOSNodeImage || c == NodeOSSecurityPatch
}

// OSType is a node pool's operating system.
type OSType string

// Node operating systems.
const (
	Linux   OSType = "Linux"
	Windows OSType = "Windows"
)

// OSDiskType is where a node's OS disk lives.
type OSDiskType string

// OS disk types.
const (
	// Managed is a remote managed disk: works with every VM size.
	Managed OSDiskType = "Managed"
	// Ephemeral uses the VM's local cache or temp disk: faster, but the VM size must have room
	// for osDiskSizeGB.
	Ephemeral OSDiskType = "Ephemeral"
)

// Spec is the cluster as plain values; its JSON names are the config keys under
// aks-platform:aks. SetDefaults fills what is left out; Validate says what is wrong.
type Spec struct {
	// KubernetesVersion is "major.minor" (the latest patch) or "major.minor.patch".
	KubernetesVersion string `json:"kubernetesVersion"`
	// SKUTier is Free, Standard or Premium.
	SKUTier SKUTier `json:"skuTier"`
	// SupportPlan is KubernetesOfficial or AKSLongTermSupport (Premium tier only), which keeps a
	// version supported for a year after its community support ends.
	SupportPlan SupportPlan `json:"supportPlan"`
	// NetworkPlugin is kubenet, azure or azure-overlay.
	NetworkPlugin NetworkPlugin `json:"networkPlugin"`
	// NetworkPolicy is none, calico, azure (CNI only) or cilium (overlay only).
	NetworkPolicy NetworkPolicy `json:"networkPolicy"`
	// PodCIDR is the pod address range of kubenet and azure-overlay (each node takes a /24).
	PodCIDR netip.Prefix `json:"podCidr"`
	// ServiceCIDR is the range Kubernetes services get their cluster IPs from.
	ServiceCIDR netip.Prefix `json:"serviceCidr"`
	// DNSServiceIP is the cluster DNS service address, inside ServiceCIDR.
	DNSServiceIP netip.Addr `json:"dnsServiceIP"`
	// SystemPool runs the critical add-ons (CoreDNS, metrics-server, konnectivity) only.
	SystemPool NodePool `json:"systemPool"`
	// UserPools run the workloads; each is a separate AKS agent pool.
	UserPools []NodePool `json:"userPools"`
	// PrivateCluster puts the API server on a private endpoint in the node subnet.
	PrivateCluster bool `json:"privateCluster"`
	// AuthorizedIPRanges limit who reaches a public API server.
	AuthorizedIPRanges []netip.Prefix `json:"authorizedIpRanges"`
	// AdminGroupObjectIDs are Entra ID groups bound to cluster-admin.
	AdminGroupObjectIDs []string `json:"adminGroupObjectIds"`
	// DeployerGroupObjectID is the Entra ID group whose members run `pulumi up`; it gets the
	// Kubernetes access the platform's Helm releases need. Empty: the principal that runs
	// Pulumi gets it (read from the Azure client config at deploy time).
	DeployerGroupObjectID string `json:"deployerGroupObjectId"`
	// LocalAccountsDisabled turns off the static admin kubeconfig so every access goes
	// through Entra ID (nil: the environment's default).
	LocalAccountsDisabled *bool `json:"localAccountsDisabled"`
	// UpgradeChannel is none, patch, stable, rapid or node-image.
	UpgradeChannel UpgradeChannel `json:"upgradeChannel"`
	// NodeOSUpgradeChannel is None, Unmanaged, SecurityPatch or NodeImage.
	NodeOSUpgradeChannel NodeOSUpgradeChannel `json:"nodeOsUpgradeChannel"`
	// MaintenanceWindow is when the auto-upgrade channel may act.
	MaintenanceWindow MaintenanceWindow `json:"maintenanceWindow"`
	// NodeOSMaintenanceWindow is when node OS updates may be applied.
	NodeOSMaintenanceWindow MaintenanceWindow `json:"nodeOsMaintenanceWindow"`
	// Addons are the AKS add-ons the platform uses.
	Addons Addons `json:"addons"`
	// AutoscalerProfile tunes the cluster autoscaler of every autoscaled pool.
	AutoscalerProfile AutoscalerProfile `json:"autoscalerProfile"`
	// Defender turns on Microsoft Defender for Containers' security monitoring, reporting to
	// the region's Log Analytics workspace (securityProfile.defender).
	Defender *bool `json:"defender"`
	// ImageCleaner, DisableRunCommand, KMS and DiskEncryption are the other security controls
	// (security.go).
	ImageCleaner      ImageCleaner   `json:"imageCleaner"`
	DisableRunCommand *bool          `json:"disableRunCommand"`
	KMS               KMS            `json:"kms"`
	DiskEncryption    DiskEncryption `json:"diskEncryption"`
}

// NodePool is one AKS agent pool. The system pool is mode System and tainted
// CriticalAddonsOnly=true:NoSchedule; user pools are mode User. Setting maxCount turns the
// cluster autoscaler on for the pool (count is then the initial size).
type NodePool struct {
	// Name is lowercase letters and digits, starting with a letter: at most 12 characters
	// (6 for Windows).
	Name string `json:"name"`
	// VMSize is the Azure VM size, e.g. Standard_D4s_v5.
	VMSize string `json:"vmSize"`
	// OSType is Linux or Windows (Windows needs Azure CNI, and never for the system pool).
	OSType OSType `json:"osType"`
	// OSDiskType is Managed or Ephemeral.
	OSDiskType OSDiskType `json:"osDiskType"`
	// OSDiskSizeGB is the OS disk size, 30-2048.
	OSDiskSizeGB int `json:"osDiskSizeGB"`
	// Count is the fixed size, or the initial size of an autoscaled pool.
	Count int `json:"count"`
	// MinCount is the autoscaler's lower bound.
	MinCount int `json:"minCount"`
	// MaxCount is the autoscaler's upper bound; 0 means no autoscaler.
	MaxCount int `json:"maxCount"`
	// Zones are availability zones ("1", "2", "3"). Left out (nil) takes the default; an
	// explicit empty list [] means no zones.
	Zones []string `json:"zones"`
	// MaxPods is the pods per node, 10-250; with Azure CNI each is an address of the subnet.
	MaxPods int `json:"maxPods"`
	// MaxSurge is the extra nodes during an upgrade: a count ("1") or a percentage ("33%").
	MaxSurge string `json:"maxSurge"`
	// Labels are Kubernetes node labels.
	Labels map[string]string `json:"labels"`
	// Taints are Kubernetes node taints, key=value:Effect.
	Taints []string `json:"taints"`
	// OrchestratorVersion pins the pool's Kubernetes version; empty follows kubernetesVersion.
	OrchestratorVersion string `json:"orchestratorVersion"`
	// HostEncryption encrypts the nodes' temp disks and caches on the VM host
	// (enableEncryptionAtHost); needs the subscription feature Microsoft.Compute/EncryptionAtHost.
	HostEncryption *bool `json:"hostEncryption"`
}

// Addons are the AKS add-ons the platform turns on.
type Addons struct {
	// KeyVaultSecretsProvider is the Secrets Store CSI driver for Azure Key Vault.
	KeyVaultSecretsProvider KeyVaultSecretsProvider `json:"keyVaultSecretsProvider"`
	// AzurePolicy installs Gatekeeper with Azure Policy for Kubernetes.
	AzurePolicy *bool `json:"azurePolicy"`
	// Keda installs the KEDA workload autoscaler.
	Keda bool `json:"keda"`
	// Monitoring sends container logs and metrics to the Log Analytics workspace.
	Monitoring *bool `json:"monitoring"`
}

// KeyVaultSecretsProvider configures the Key Vault Secrets Store CSI driver.
type KeyVaultSecretsProvider struct {
	// Enabled installs the driver.
	Enabled *bool `json:"enabled"`
	// RotationPollInterval is how often mounted secrets are refreshed (a duration like "2m");
	// rotation is always on.
	RotationPollInterval string `json:"rotationPollInterval"`
}

// AutoscalerProfile holds the common cluster autoscaler settings.
type AutoscalerProfile struct {
	// BalanceSimilarNodeGroups spreads scale-ups across similar (zonal) pools.
	BalanceSimilarNodeGroups *bool `json:"balanceSimilarNodeGroups"`
	// Expander picks the pool to grow: least-waste, most-pods, priority or random.
	Expander string `json:"expander"`
	// ScanInterval is how often the autoscaler looks at the cluster.
	ScanInterval string `json:"scanInterval"`
	// ScaleDownDelayAfterAdd is the pause after a scale-up before scale-down is considered.
	ScaleDownDelayAfterAdd string `json:"scaleDownDelayAfterAdd"`
	// ScaleDownUnneededTime is how long a node must be unneeded before it is removed.
	ScaleDownUnneededTime string `json:"scaleDownUnneededTime"`
	// ScaleDownUtilizationThreshold is the requested/allocatable ratio under which a node is
	// a scale-down candidate, in (0, 1].
	ScaleDownUtilizationThreshold float64 `json:"scaleDownUtilizationThreshold"`
	// MaxGracefulTerminationSec bounds pod termination during scale-down.
	MaxGracefulTerminationSec int `json:"maxGracefulTerminationSec"`
	// MaxNodeProvisionTime is how long to wait for a new node.
	MaxNodeProvisionTime string `json:"maxNodeProvisionTime"`
	// SkipNodesWithSystemPods keeps nodes running kube-system pods.
	SkipNodesWithSystemPods *bool `json:"skipNodesWithSystemPods"`
	// SkipNodesWithLocalStorage keeps nodes running pods with local storage.
	SkipNodesWithLocalStorage *bool `json:"skipNodesWithLocalStorage"`
}

// Autoscaled reports whether the cluster autoscaler manages the pool.
func (p NodePool) Autoscaled() bool { return p.MaxCount > 0 }

// MaxNodes is the most nodes the pool can have outside upgrades.
func (p NodePool) MaxNodes() int {
	if p.Autoscaled() {
		return p.MaxCount
	}
	return p.Count
}

// Pools returns the system pool followed by the user pools, with the config key of each.
func (s Spec) Pools() []KeyedPool {
	out := []KeyedPool{{Key: "systemPool", System: true, Pool: s.SystemPool}}
	for i, p := range s.UserPools {
		out = append(out, KeyedPool{Key: validation.Index("userPools", i), Pool: p})
	}
	return out
}

// KeyedPool is a pool together with its config key ("systemPool", "userPools[1]").
type KeyedPool struct {
	Key    string   // config key relative to the spec
	System bool     // the system pool
	Pool   NodePool // the pool itself
}

// usesPodCIDR reports whether the plugin takes pod addresses from the pod CIDR.
func (p NetworkPlugin) usesPodCIDR() bool { return p == Kubenet || p == AzureCNIOverlay }
