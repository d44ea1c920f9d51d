package stacks

import (
	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/defaults"
)

// SetDefaults fills every value the environment leaves out with its documented default for
// the environment's stage. It fills only zero values, so calling it again changes nothing;
// it checks nothing (Validate does). LoadFile and Load return an environment it has been
// applied to, and Program applies it to its own copy of the environment it is given.
//
//	key                                   default
//	name                                  the environment (aks-platform:environment), when that is a stage
//	hub.firewallSku                       dev Standard, prod Premium (IDPS)
//	hub.threatIntelMode                   Deny
//	hub.idps                              Deny on Premium, Off on Standard
//	hub.dnsProxy                          true
//	hub.firewallPublicIps                 dev 1, prod 20 (network.DevFirewallPublicIPs, ProdFirewallPublicIPs)
//	regions[].maintenanceWindow,          the fields a region's own window leaves out, as for
//	regions[].nodeOsMaintenanceWindow     aks.maintenanceWindow and aks.nodeOsMaintenanceWindow
//	management.region                     regions[0].location
//	aks, registry, monitoring, ingress,   each section's own SetDefaults (see its doc comment)
//	keyVault, gitops, frontDoor, workloads[]
//
// A changed aks-platform:environment does not undo defaults already filled for the previous
// stage: default a fresh Environment (or Load again) to move one between stages.
func (e *Environment) SetDefaults() {
	prod := e.Kind.Production()
	if e.Kind.valid() {
		defaults.Set(&e.Name, string(e.Kind))
	}
	e.defaultHub(prod)
	for _, sec := range e.sections() {
		sec.spec.SetDefaults(prod)
	}
	for i := range e.Workloads {
		e.Workloads[i].SetDefaults(prod)
	}
	for i := range e.Regions {
		e.defaultRegionWindows(&e.Regions[i], prod)
		defaults.SetPtr(&e.Regions[i].Serving, true)
	}
	if len(e.Regions) > 0 {
		defaults.Set(&e.Management.Region, e.Regions[0].Location)
	}
}

// valid reports whether k is one of the stages.
func (k Stage) valid() bool { return k == Dev || k == Staging || k == Prod }

// defaultRegionWindows fills the fields left out of a region's own maintenance windows exactly
// as the aks section fills the cluster's: it lets the aks package default a spec that holds
// only the upgrade channels and the region's windows, and keeps the windows the region set.
func (e *Environment) defaultRegionWindows(r *RegionSpec, production bool) {
	if r.MaintenanceWindow == nil && r.NodeOSMaintenanceWindow == nil {
		return
	}
	s := aks.Spec{UpgradeChannel: e.AKS.UpgradeChannel, NodeOSUpgradeChannel: e.AKS.NodeOSUpgradeChannel}
	if r.MaintenanceWindow != nil {
		s.MaintenanceWindow = *r.MaintenanceWindow
	}
	if r.NodeOSMaintenanceWindow != nil {
		s.NodeOSMaintenanceWindow = *r.NodeOSMaintenanceWindow
	}
	s.SetDefaults(production)
	// New values rather than writes through the pointers, which the caller may share.
	if r.MaintenanceWindow != nil {
		r.MaintenanceWindow = new(s.MaintenanceWindow)
	}
	if r.NodeOSMaintenanceWindow != nil {
		r.NodeOSMaintenanceWindow = new(s.NodeOSMaintenanceWindow)
	}
}
