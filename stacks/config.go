// Package stacks composes the components into the per-environment, per-region platform.
// An Environment is the whole stack configuration as plain, typed Go values; it is read from
// Pulumi config (Load, LoadFile) or built in Go by tools that embed the platform, and turned
// into resources by Program. Defaulting (SetDefaults), checking (Validate) and planning the
// addresses (AddressPlan) are separate steps; none of them remembers a result, so an
// Environment edited after loading is checked and planned again as it is now.
package stacks

import (
	"time"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/frontdoor"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/keyvault"
	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/registry"
	"github.com/aksplatform/platform/components/thanos"
)

// Namespace is the Pulumi config namespace of every key: aks-platform:regions.
const Namespace = "aks-platform"

// Stage is where in the release path an environment stands (aks-platform:environment): dev,
// staging or prod. Prod turns on the stricter defaults and rules (local accounts off, private
// endpoints, WAF prevention, two system nodes).
type Stage string

// Stages.
const (
	Dev     Stage = "dev"
	Staging Stage = "staging"
	Prod    Stage = "prod"
)

// Production reports whether the stricter production defaults and rules apply.
func (k Stage) Production() bool { return k == Prod }

// Environment is one stack's configuration. Its JSON names are the config keys under
// aks-platform: (aks-platform:aks.networkPlugin is AKS.NetworkPlugin).
type Environment struct {
	// Name identifies the stack in resource names and tags (defaults to Kind).
	Name string `json:"name,omitempty"`
	// Kind is the environment's stage: dev, staging or prod (required).
	Kind Stage `json:"environment"`
	// Tags are added to every Azure resource, next to environment, region and managedBy.
	Tags map[string]string `json:"tags,omitempty"`
	// Hub holds settings shared by every region's hub.
	Hub HubSpec `json:"hub"`
	// Regions are deployed independently of each other; at least one is required.
	Regions []RegionSpec `json:"regions"`

	AKS        aks.Spec        `json:"aks"`
	Registry   registry.Spec   `json:"registry"`
	Monitoring monitoring.Spec `json:"monitoring"`
	Ingress    ingress.Spec    `json:"ingress"`
	KeyVault   keyvault.Spec   `json:"keyVault"`
	Workloads  []identity.Spec `json:"workloads,omitempty"`
	GitOps     gitops.Spec     `json:"gitops"`
	// Thanos is each region's metrics bucket and the identities of Thanos and Grafana.
	Thanos thanos.Spec `json:"thanos"`
	// FrontDoor is the global entry point in front of every region's ingress.
	FrontDoor frontdoor.Spec `json:"frontDoor"`
	// Management says where CI runs `pulumi up` for the private clusters.
	Management ManagementSpec `json:"management"`

	// Now is the clock for secret rotation windows and warnings; zero means the time of the run.
	Now time.Time `json:"-"`
}

// HubSpec configures the hub VNets.
type HubSpec struct {
	// Firewall deploys Azure Firewall in each hub and routes spoke egress through it.
	Firewall bool `json:"firewall"`
	// FirewallSKU is Standard or Premium (default dev Standard, prod Premium: IDPS).
	FirewallSKU string `json:"firewallSku,omitempty"`
	// ThreatIntelMode, IDPS and DNSProxy are the firewall's protections (see network.HubArgs;
	// defaults in defaultHub).
	ThreatIntelMode string `json:"threatIntelMode,omitempty"`
	IDPS            string `json:"idps,omitempty"`
	DNSProxy        *bool  `json:"dnsProxy,omitempty"`
	// FirewallPublicIPs is how many public IPs each hub's firewall gets, 1-250 (default dev 1,
	// prod 20): every outbound connection takes a SNAT port of one of them, and one IP runs
	// out under production load (see network.HubArgs.FirewallPublicIPs).
	FirewallPublicIPs int `json:"firewallPublicIps,omitempty"`
	// GatewayTransit lets spokes use a VPN/ExpressRoute gateway in the hub (default false:
	// the gateway itself is not deployed by this platform).
	GatewayTransit bool `json:"gatewayTransit,omitempty"`
}

// ManagementSpec says where the operators' CI runners are.
type ManagementSpec struct {
	// Region is the location of the hub whose management subnet runs CI (default regions[0]'s
	// location). VNet peering is not transitive, so that subnet reaches only its own region's
	// spoke through the hub; every other region's spoke is peered with that hub, and its
	// cluster's private DNS zone linked to it, by the global OperatorAccess component.
	Region string `json:"region,omitempty"`
}

// RegionSpec is one region: its location and the address spaces of its hub and spoke.
type RegionSpec struct {
	Location string             `json:"location"`
	Hub      network.HubInput   `json:"hub"`
	Spoke    network.SpokeInput `json:"spoke"`
	// MaintenanceWindow and NodeOSMaintenanceWindow replace aks.maintenanceWindow and
	// aks.nodeOsMaintenanceWindow for this region's cluster, so that active-active regions
	// upgrade at different times (required in production).
	MaintenanceWindow       *aks.MaintenanceWindow `json:"maintenanceWindow,omitempty"`
	NodeOSMaintenanceWindow *aks.MaintenanceWindow `json:"nodeOsMaintenanceWindow,omitempty"`
	// Serving says whether the global entry point sends the region traffic (default true).
	// false drains it: its Front Door origin is disabled, so it can be upgraded or repaired
	// while the other regions serve; everything else of the region stays as it is.
	Serving *bool `json:"serving,omitempty"`
	// KubernetesVersion replaces aks.kubernetesVersion for this region's cluster and its pools,
	// so that an upgrade moves one region at a time (stacks/versions.go has its rules).
	KubernetesVersion string `json:"kubernetesVersion,omitempty"`
}

// IsServing reports whether the region takes traffic from the global entry point.
func (r RegionSpec) IsServing() bool { return defaults.True(r.Serving) }
