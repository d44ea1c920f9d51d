package aks

import (
	"net/netip"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// ClusterArgs is a Spec plus the wiring to the rest of the platform.
type ClusterArgs struct {
	// Spec is the cluster as configured; NewCluster applies SetDefaults to a copy.
	Spec Spec
	// Production selects the production defaults and rules.
	Production bool

	// ResourceGroupName holds the cluster, its identity and the private DNS zone.
	ResourceGroupName pulumi.StringInput
	// LocationName is the Azure region ("westeurope"); it names the private DNS zone.
	LocationName string
	// Location overrides LocationName as an input (optional).
	Location pulumi.StringInput
	// NodeSubnetID is the spoke's private subnet; NodeSubnet its prefix from the address plan.
	NodeSubnetID pulumi.StringInput
	NodeSubnet   netip.Prefix // checked against what the cluster can take (CheckNodeSubnet)
	// RouteTableID is the spoke's route table, associated with the node subnet: kubenet writes
	// its pod routes into it, and with a hub firewall it sends egress there. The control plane
	// identity gets Network Contributor on it.
	RouteTableID pulumi.StringInput
	// UserDefinedRouting says the hub has a firewall: outbound type userDefinedRouting.
	UserDefinedRouting bool
	// FirewallEgressIPs are the firewall's public IPs; with authorized ranges each is added as a
	// /32, because nodes leave through any of them (SNAT spreads flows over every frontend IP).
	FirewallEgressIPs pulumi.StringArrayInput
	// HubVNetID and SpokeVNetID are linked to the private cluster's DNS zone (hub optional).
	HubVNetID   pulumi.StringInput
	SpokeVNetID pulumi.StringInput // required with privateCluster
	// LogAnalyticsWorkspaceID receives container insights (addons.monitoring), Defender's
	// findings and the control plane's diagnostic logs; required in production.
	LogAnalyticsWorkspaceID pulumi.StringInput
	// Vault is the region's Key Vault, for the KMS and disk encryption keys; required when
	// kms or diskEncryption is enabled.
	Vault *VaultRef
	// Tags go on every Azure resource the component creates.
	Tags pulumi.StringMapInput
	// Today is the day the Kubernetes version is judged on against the AKS release calendar
	// (CheckSupport); zero means now. Pin it for reproducible plans and tests.
	Today time.Time
}

// spec returns the spec with defaults applied, without touching the caller's.
func (a *ClusterArgs) spec() Spec {
	s := a.Spec.clone()
	s.SetDefaults(a.Production)
	return s
}

// Validate checks what NewCluster would build: the spec with its defaults (Spec.Validate, and
// Spec.CheckSupport on Today), the node subnet's capacity and the wiring. Keys of spec
// problems are the config keys relative to the aks section; wiring problems are keyed by the
// args field in lowerCamelCase (nodeSubnetId), like the other components' args.
func (a *ClusterArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	s := a.spec()
	var ps validation.Problems
	ps.Merge("", s.Validate(a.Production))
	ps.Merge("", s.CheckSupport(a.Today))
	switch {
	case !a.NodeSubnet.IsValid():
		ps.Addf("nodeSubnet", "is required: the address plan's private subnet, to check that it holds the cluster")
	default:
		ps.Merge("", s.CheckNodeSubnet(a.NodeSubnet))
		for _, r := range s.ClusterRanges() {
			if r.Prefix.IsValid() && r.Prefix.Overlaps(a.NodeSubnet) {
				ps.Addf(r.Key, "%s overlaps the node subnet %s", r.Prefix, a.NodeSubnet)
			}
		}
	}
	required := []struct {
		key string
		set bool
	}{
		{"resourceGroupName", a.ResourceGroupName != nil},
		{"locationName", a.LocationName != ""},
		{"nodeSubnetId", a.NodeSubnetID != nil},
	}
	for _, r := range required {
		if !r.set {
			ps.Addf(r.key, "is required")
		}
	}
	if s.NetworkPlugin == Kubenet && a.RouteTableID == nil {
		ps.Addf("networkPlugin", "kubenet routes pod traffic through the node subnet's route table; pass the spoke's RouteTableID")
	}
	if a.UserDefinedRouting && a.RouteTableID == nil {
		ps.Addf("routeTableId", "is required with UserDefinedRouting: egress follows the route table's default route to the hub firewall")
	}
	if len(s.AuthorizedIPRanges) > 0 && a.UserDefinedRouting && a.FirewallEgressIPs == nil {
		ps.Addf("authorizedIpRanges", "egress leaves through the hub firewall, so its public IPs must be authorized ranges or the nodes cannot reach the API server; pass FirewallEgressIPs")
	}
	if s.PrivateCluster && a.SpokeVNetID == nil {
		ps.Addf("privateCluster", "the private API server's DNS zone must be linked to the spoke VNet; pass SpokeVNetID (and HubVNetID)")
	}
	a.validateSecurityWiring(&ps, s)
	if defaults.True(s.Addons.Monitoring) && a.LogAnalyticsWorkspaceID == nil {
		ps.Addf("addons.monitoring", "needs the Log Analytics workspace (LogAnalyticsWorkspaceID); set addons.monitoring: false to go without")
	}
	return ps.Err()
}

// Warnings returns the spec's warnings (Spec.Warnings) with its defaults applied, on Today.
func (a *ClusterArgs) Warnings() validation.Warnings {
	if a == nil {
		return nil
	}
	return a.spec().Warnings(a.Today)
}

// clone returns a copy of s that SetDefaults can change without touching s.
func (s Spec) clone() Spec {
	c := s
	c.SystemPool = s.SystemPool.clone()
	c.UserPools = nil
	for _, p := range s.UserPools {
		c.UserPools = append(c.UserPools, p.clone())
	}
	return c
}

// clone copies the slices SetDefaults may append to; an explicit empty Zones stays empty and
// non-nil, so that it keeps meaning "no zones".
func (p NodePool) clone() NodePool {
	c := p
	if p.Taints != nil {
		c.Taints = append([]string(nil), p.Taints...)
	}
	return c
}
