package network

import (
	"slices"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// What the firewall does with a match of threat intelligence (hub.threatIntelMode) or of an
// IDPS signature (hub.idps): nothing, log it, or log and drop it (the portal's "Alert and deny").
// https://learn.microsoft.com/azure/firewall/threat-intel
// https://learn.microsoft.com/azure/firewall/premium-features#idps
const (
	ModeOff   = "Off"
	ModeAlert = "Alert"
	ModeDeny  = "Deny"
)

// modes are the values both keys accept.
var modes = []string{ModeOff, ModeAlert, ModeDeny}

// defaultFirewallSecurity fills the firewall's tier and protections left out (dev / prod):
// Standard / Premium; threat intelligence Deny (free on every tier); IDPS Deny on Premium and
// Off on Standard, which has no IDPS; DNS proxy on (free; see HubArgs.DNSProxy).
func (a *HubArgs) defaultFirewallSecurity() {
	defaults.Set(&a.FirewallSKU, defaults.Pick(a.Production, FirewallStandard, FirewallPremium))
	defaults.Set(&a.ThreatIntelMode, ModeDeny)
	defaults.Set(&a.IDPS, defaults.Pick(a.FirewallSKU == FirewallPremium, ModeOff, ModeDeny))
	defaults.SetPtr(&a.DNSProxy, true)
}

// CheckFirewall checks the firewall's tier and protections, keyed like the hub config
// (firewallSku, threatIntelMode, idps), so that the stacks report them whether or not the
// address plan lets them build a hub. Production (with a firewall) requires threat
// intelligence Deny and a Premium firewall with IDPS on: Off or Alert-only threat intelligence
// lets known command-and-control traffic through. IDPS exists only on Premium, and a Premium
// firewall needs a Premium policy (the hub gives both the same tier).
// https://learn.microsoft.com/azure/firewall/threat-intel
// https://learn.microsoft.com/azure/firewall/premium-features
// https://learn.microsoft.com/azure/firewall/premium-migrate
func CheckFirewall(ps *validation.Problems, production, firewall bool, sku, threatIntel, idps string) {
	skuOK := sku == FirewallStandard || sku == FirewallPremium
	if !skuOK {
		ps.Addf("firewallSku", "%q is not a firewall tier; use %s or %s", sku, FirewallStandard, FirewallPremium)
	}
	switch {
	case !slices.Contains(modes, threatIntel):
		ps.Addf("threatIntelMode", "%q is not one of Off, Alert, Deny", threatIntel)
	case production && firewall && threatIntel != ModeDeny:
		ps.Addf("threatIntelMode", "is %s; production requires Deny, so that traffic to and from addresses and domains in Microsoft's threat intelligence feed is dropped, not only logged", threatIntel)
	}
	switch {
	case !slices.Contains(modes, idps):
		ps.Addf("idps", "%q is not one of Off, Alert, Deny", idps)
	case idps != ModeOff && skuOK && sku != FirewallPremium:
		ps.Addf("idps", "is %s, but intrusion detection and prevention needs firewallSku %s (a Premium firewall and policy); set idps: Off on %s", idps, FirewallPremium, sku)
	case production && firewall && idps == ModeOff:
		ps.Addf("idps", "is Off; production requires Alert or Deny (intrusion detection and prevention)")
	}
	if production && firewall && skuOK && sku != FirewallPremium {
		ps.Addf("firewallSku", "is %s; production requires %s, for intrusion detection and prevention (IDPS)", sku, FirewallPremium)
	}
}

// policySecurity sets the firewall policy's threat intelligence, IDPS and DNS proxy. IDPS is
// sent only on Premium: a Standard policy refuses the setting. Our network rules name service
// tags and addresses only (FQDNs appear in application rules, which resolve names themselves),
// so none requires the DNS proxy; it is on because it costs nothing and lets FQDN network rules
// be added later (https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules).
func policySecurity(p *network.FirewallPolicyArgs, a firewallArgs) {
	p.ThreatIntelMode = pulumi.String(a.threatIntel)
	if a.sku == FirewallPremium {
		p.IntrusionDetection = &network.FirewallPolicyIntrusionDetectionArgs{Mode: pulumi.String(a.idps)}
	}
	p.DnsSettings = &network.DnsSettingsArgs{EnableProxy: pulumi.Bool(a.dnsProxy)}
}
