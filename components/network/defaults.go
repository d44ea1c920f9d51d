package network

// Azure Firewall tiers a hub can run.
const (
	FirewallStandard = "Standard"
	FirewallPremium  = "Premium"
)

// DefaultFirewallSKU is the firewall tier used when HubArgs.FirewallSKU is empty.
const DefaultFirewallSKU = FirewallStandard

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

// DefaultIngressSource is the ingress source used when SpokeArgs.IngressSource is empty.
const DefaultIngressSource = IngressFromInternet

// firewallSKU returns the requested firewall tier or the default.
func (a *HubArgs) firewallSKU() string {
	if a.FirewallSKU == "" {
		return DefaultFirewallSKU
	}
	return a.FirewallSKU
}

// ingressPorts returns the requested ingress ports or the defaults.
func (a *SpokeArgs) ingressPorts() []int {
	if len(a.IngressPorts) == 0 {
		return DefaultIngressPorts
	}
	return a.IngressPorts
}

// ingressSource returns the requested ingress source or the default.
func (a *SpokeArgs) ingressSource() string {
	if a.IngressSource == "" {
		return DefaultIngressSource
	}
	return a.IngressSource
}
