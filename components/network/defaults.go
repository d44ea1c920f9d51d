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
