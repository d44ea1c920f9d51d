package stacks

import (
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/validation"
)

// hubKeysCheckedElsewhere are the problems of the hub args that validateHub leaves out: the
// firewall's tier and protections, which validateFirewall reports even when no hub can be
// planned, and the wiring that NewRegion adds.
var hubKeysCheckedElsewhere = []string{"firewallSku", "threatIntelMode", "idps", "resourceGroupName", "location", "logAnalyticsWorkspaceId"}

// defaultHub fills the hub keys left out exactly as network.HubArgs.SetDefaults does (the one
// place these defaults are decided): hub.firewallSku, threatIntelMode, idps, dnsProxy and
// firewallPublicIps.
func (e *Environment) defaultHub(prod bool) {
	h := network.HubArgs{
		Production:        prod,
		FirewallSKU:       e.Hub.FirewallSKU,
		ThreatIntelMode:   e.Hub.ThreatIntelMode,
		IDPS:              e.Hub.IDPS,
		DNSProxy:          e.Hub.DNSProxy,
		FirewallPublicIPs: e.Hub.FirewallPublicIPs,
		Zones:             []string{}, // not a hub key: keep SetDefaults from allocating them
	}
	h.SetDefaults()
	e.Hub.FirewallSKU, e.Hub.ThreatIntelMode, e.Hub.IDPS = h.FirewallSKU, h.ThreatIntelMode, h.IDPS
	e.Hub.DNSProxy, e.Hub.FirewallPublicIPs = h.DNSProxy, h.FirewallPublicIPs
}

// validateFirewall checks hub.firewallSku, hub.threatIntelMode and hub.idps (production
// refuses threat intelligence other than Deny, a Standard firewall and IDPS Off).
func (e *Environment) validateFirewall(ps *validation.Problems) {
	var fw validation.Problems
	network.CheckFirewall(&fw, e.Kind.Production(), e.Hub.Firewall, e.Hub.FirewallSKU, e.Hub.ThreatIntelMode, e.Hub.IDPS)
	*ps = append(*ps, fw.Prefix(Key("hub"))...)
}
