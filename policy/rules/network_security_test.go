package rules

import "testing"

func firewallPolicy(tier, threatIntel, idps any) Resource {
	p := obj{"sku": obj{"tier": tier}, "threatIntelMode": threatIntel}
	if idps != nil {
		p["intrusionDetection"] = obj{"mode": idps}
	}
	return res(typeFirewallPolicy, "hub-fw-policy", p)
}

func TestFirewallThreatIntelDeny(t *testing.T) {
	runCases(t, "firewall-threat-intel-deny", []ruleCase{
		{name: "deny in prod", env: "prod", rs: one(firewallPolicy("Premium", "Deny", "Deny"))},
		{name: "alert in prod", env: "prod", rs: one(firewallPolicy("Premium", "Alert", "Deny")),
			want: []string{`threatIntelMode must be Deny, is "Alert"`}},
		{name: "unset in prod", env: "prod", rs: one(res(typeFirewallPolicy, "p", obj{})),
			want: []string{"unset (Azure defaults to Alert)"}},
		{name: "unknown in prod", env: "prod", rs: one(firewallPolicy("Premium", unknown, "Deny"))},
		{name: "off in dev is not judged", env: "dev", rs: one(firewallPolicy("Standard", "Off", nil))},
	})
}

func TestFirewallPremiumIDPS(t *testing.T) {
	firewall := func(tier string) Resource {
		return res(typeAzureFirewall, "hub-fw", obj{"sku": obj{"name": "AZFW_VNet", "tier": tier}})
	}
	runCases(t, "firewall-premium-idps", []ruleCase{
		{name: "premium with IDPS deny", env: "prod", rs: []Resource{firewallPolicy("Premium", "Deny", "Deny"), firewall("Premium")}},
		{name: "IDPS alert-only passes", env: "prod", rs: one(firewallPolicy("Premium", "Deny", "Alert"))},
		{name: "standard policy without IDPS", env: "prod", rs: one(firewallPolicy("Standard", "Deny", nil)),
			want: []string{`sku.tier must be Premium (IDPS), is "Standard"`, "intrusionDetection.mode must be Alert or Deny, is unset"}},
		{name: "IDPS off", env: "prod", rs: one(firewallPolicy("Premium", "Deny", "Off")),
			want: []string{`intrusionDetection.mode must be Alert or Deny, is "Off"`}},
		{name: "standard firewall", env: "prod", rs: one(firewall("Standard")), want: []string{`sku.tier must be Premium`}},
		{name: "unknown tier and mode", env: "prod", rs: one(firewallPolicy(unknown, "Deny", unknown))},
		{name: "standard in dev is not judged", env: "dev", rs: []Resource{firewallPolicy("Standard", "Deny", nil), firewall("Standard")}},
	})
}

func TestWAFBotProtection(t *testing.T) {
	sets := func(types ...any) obj {
		var out []any
		for _, t := range types {
			out = append(out, obj{"ruleSetType": t, "ruleSetVersion": "1.0"})
		}
		return obj{"managedRuleSets": out}
	}
	appgw := func(m obj) Resource { return res(typeWAFPolicy, "appgw-waf", obj{"managedRules": m}) }
	afd := func(sku string, m obj) Resource {
		p := obj{"sku": obj{"name": sku}}
		if m != nil {
			p["managedRules"] = m
		}
		return res(typeFrontDoorWAFPolicy, "fd-waf", p)
	}
	runCases(t, "waf-bot-protection", []ruleCase{
		{name: "both WAFs with bots", rs: []Resource{appgw(sets("Microsoft_DefaultRuleSet", botManagerRuleSet)),
			afd("Premium_AzureFrontDoor", sets("Microsoft_DefaultRuleSet", botManagerRuleSet))}},
		{name: "app gateway core set only", rs: one(appgw(sets("OWASP"))), want: []string{"has no Microsoft_BotManagerRuleSet"}},
		{name: "front door standard has no managed rules", rs: one(afd("Standard_AzureFrontDoor", nil)),
			want: []string{`sku.name is "Standard_AzureFrontDoor"; managed rule sets need Premium_AzureFrontDoor`}},
		{name: "unknown rule set type", rs: one(appgw(sets("OWASP", unknown)))},
		{name: "unknown rule sets", rs: one(appgw(obj{"managedRuleSets": unknown}))},
	})
}

func TestWAFRequestBodyInspection(t *testing.T) {
	appgw := func(v any) Resource {
		return res(typeWAFPolicy, "appgw-waf", obj{"policySettings": obj{"requestBodyCheck": v}})
	}
	afd := func(v any) Resource {
		return res(typeFrontDoorWAFPolicy, "fd-waf", obj{"policySettings": obj{"requestBodyCheck": v}})
	}
	runCases(t, "waf-request-body-inspection", []ruleCase{
		{name: "both inspect", rs: []Resource{appgw(true), afd("Enabled")}},
		{name: "left to the defaults", rs: []Resource{res(typeWAFPolicy, "a", obj{}), res(typeFrontDoorWAFPolicy, "f", obj{})}},
		{name: "app gateway off", rs: one(appgw(false)), want: []string{"policySettings.requestBodyCheck is false"}},
		{name: "front door disabled", rs: one(afd("Disabled")), want: []string{`requestBodyCheck is "Disabled"`}},
		{name: "unknown", rs: []Resource{appgw(unknown), afd(unknown)}},
	})
}

func TestFrontDoorTLS12(t *testing.T) {
	domain := func(v any) Resource {
		return res(typeAFDCustomDomain, "fd-domain", obj{"tlsSettings": obj{"certificateType": "ManagedCertificate", "minimumTlsVersion": v}})
	}
	runCases(t, "frontdoor-tls12", []ruleCase{
		{name: "TLS 1.2", rs: one(domain("TLS12"))},
		{name: "left to the default (TLS 1.2)", rs: one(res(typeAFDCustomDomain, "d", obj{}))},
		{name: "TLS 1.0", rs: one(domain("TLS10")), want: []string{`minimumTlsVersion must be TLS12, is "TLS10"`}},
		{name: "unknown", rs: one(domain(unknown))},
	})
}
