package network

import (
	"slices"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// Azure Firewall tiers a hub can run.
const (
	FirewallStandard = "Standard"
	FirewallPremium  = "Premium"
)

// Firewall public IP counts. One IP gives each firewall instance 2,496 SNAT ports; AKS
// recommends at least 20 frontend IPs in production to avoid SNAT port exhaustion, and Azure
// allows at most 250 public IPs per firewall (DNAT rules count against the same limit).
// https://learn.microsoft.com/azure/aks/limit-egress-traffic
// https://learn.microsoft.com/azure/firewall/integrate-with-nat-gateway
// https://learn.microsoft.com/azure/firewall/deploy-multi-public-ip-powershell
const (
	DevFirewallPublicIPs  = 1
	ProdFirewallPublicIPs = 20
	MaxFirewallPublicIPs  = 250
)

// DefaultIngressPorts are the ports the ingress listens on when SpokeArgs.IngressPorts is empty.
var DefaultIngressPorts = []int{80, 443}

// Sources the ingress accepts clients from (SpokeArgs.IngressSource): Azure service tags.
const (
	// IngressFromInternet lets any client reach the ingress directly.
	IngressFromInternet = "Internet"
	// IngressFromFrontDoor admits only Azure Front Door's back end, so that clients cannot
	// bypass the front door and its WAF.
	IngressFromFrontDoor = "AzureFrontDoor.Backend"
)

// SetDefaults fills every value left out (dev / prod), leaving set values alone:
//
//	key                firewall default
//	firewallSku        Standard / Premium (IDPS)
//	threatIntelMode    Deny (free on every tier)
//	idps               Deny on Premium, Off on Standard (which has no IDPS)
//	dnsProxy           true (free; see policySecurity)
//	firewallPublicIps  1 / 20 (AKS recommends 20 frontend IPs in production against SNAT exhaustion;
//	                   dev keeps one address to allow-list)
//	zones              none / 1, 2, 3 (nil only; an explicit empty list stays "no zones")
//	managementEgress   DefaultManagementEgress (nil only)
func (a *HubArgs) SetDefaults() {
	a.defaultFirewallSecurity()
	defaults.Set(&a.FirewallPublicIPs, defaults.Pick(a.Production, DevFirewallPublicIPs, ProdFirewallPublicIPs))
	if a.Zones == nil {
		a.Zones = defaults.Pick(a.Production, []string{}, slices.Clone(validation.AvailabilityZones))
	}
	if a.ManagementEgress == nil {
		a.ManagementEgress = slices.Clone(DefaultManagementEgress)
	}
}

// SetDefaults fills every value left out, leaving set values alone (the same in dev and prod):
//
//	key            default
//	ingressPorts   80, 443
//	ingressSource  Internet
func (a *SpokeArgs) SetDefaults() {
	if len(a.IngressPorts) == 0 {
		a.IngressPorts = slices.Clone(DefaultIngressPorts)
	}
	defaults.Set(&a.IngressSource, IngressFromInternet)
}
