package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aksplatform/platform/internal/typetoken"
)

// Edge resource types: the hub firewall's policy and the firewall, Front Door's WAF policy and
// custom domain (Application Gateway's WAF policy is typeWAFPolicy).
const (
	typeFirewallPolicy     = "azure-native:network:FirewallPolicy"
	typeAzureFirewall      = "azure-native:network:AzureFirewall"
	typeFrontDoorWAFPolicy = "azure-native:network:Policy"
	typeAFDCustomDomain    = "azure-native:cdn:AFDCustomDomain"
)

// botManagerRuleSet is the managed rule set both WAFs name for bot protection.
const botManagerRuleSet = "Microsoft_BotManagerRuleSet"

// networkSecurityRules are the edge's security controls (issue 10): what the hub firewall
// blocks, and what both WAFs inspect.
func networkSecurityRules() []Rule {
	return []Rule{
		{
			Name: "firewall-threat-intel-deny",
			Description: "In production, firewall policies drop traffic to and from addresses and domains of " +
				"Microsoft's threat intelligence feed (threatIntelMode Deny).",
			Level: Mandatory, Severity: High, Types: []string{typeFirewallPolicy}, ProdOnly: true,
			Check: checkThreatIntelDeny,
		},
		{
			Name: "firewall-premium-idps",
			Description: "In production, the firewall and its policy are Premium, with intrusion detection and " +
				"prevention on (intrusionDetection.mode Alert or Deny).",
			Level: Mandatory, Severity: High, Types: []string{typeFirewallPolicy, typeAzureFirewall}, ProdOnly: true,
			Check: checkPremiumIDPS,
		},
		{
			Name: "waf-bot-protection",
			Description: "Application Gateway and Front Door WAF policies carry the bot manager rule set " +
				"(Microsoft_BotManagerRuleSet; Front Door Premium only).",
			Level: Mandatory, Severity: Medium, Types: []string{typeWAFPolicy, typeFrontDoorWAFPolicy},
			Check: checkBotProtection,
		},
		{
			Name:        "waf-request-body-inspection",
			Description: "Application Gateway and Front Door WAF policies inspect request bodies.",
			Level:       Mandatory, Severity: Medium, Types: []string{typeWAFPolicy, typeFrontDoorWAFPolicy},
			Check: checkRequestBodyInspection,
		},
		{
			Name:        "frontdoor-tls12",
			Description: "Front Door custom domains accept TLS 1.2 at least (tlsSettings.minimumTlsVersion TLS12).",
			Level:       Mandatory, Severity: Medium, Types: []string{typeAFDCustomDomain},
			Check: checkFrontDoorTLS,
		},
	}
}

// checkThreatIntelDeny: https://learn.microsoft.com/azure/firewall/threat-intel (Azure leaves
// the mode at Alert when it is not set).
func checkThreatIntelDeny(r Resource, _ Settings) []string {
	mode, known := r.get("threatIntelMode").str()
	if !known || strings.EqualFold(mode, "Deny") {
		return nil
	}
	if mode == "" {
		mode = "unset (Azure defaults to Alert)"
	} else {
		mode = fmt.Sprintf("%q", mode)
	}
	return []string{"threatIntelMode must be Deny, is " + mode}
}

// checkPremiumIDPS: IDPS exists on Premium only, on the policy's intrusionDetection.
// https://learn.microsoft.com/azure/firewall/premium-features#idps
func checkPremiumIDPS(r Resource, _ Settings) []string {
	var out []string
	if tier, known := r.get("sku.tier").str(); known && !strings.EqualFold(tier, "Premium") {
		out = append(out, "sku.tier must be Premium (IDPS), is "+quoteOrUnset(tier))
	}
	if typetoken.Base(r.Type) != typeFirewallPolicy {
		return out
	}
	if mode, known := r.get("intrusionDetection.mode").str(); known &&
		!strings.EqualFold(mode, "Alert") && !strings.EqualFold(mode, "Deny") {
		out = append(out, "intrusionDetection.mode must be Alert or Deny, is "+quoteOrUnset(mode))
	}
	return out
}

// checkBotProtection: https://learn.microsoft.com/azure/web-application-firewall/ag/bot-protection-overview
// and https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-configure-bot-protection
func checkBotProtection(r Resource, _ Settings) []string {
	sets, known := r.get("managedRules.managedRuleSets").list()
	if !known {
		return nil
	}
	for _, s := range sets {
		typ, k := elem(s).at("ruleSetType").str()
		if !k || strings.EqualFold(typ, botManagerRuleSet) {
			return nil
		}
	}
	msg := "managedRules.managedRuleSets has no " + botManagerRuleSet
	if sku, k := r.get("sku.name").str(); k && isFrontDoorWAF(r) && sku != "Premium_AzureFrontDoor" {
		msg += fmt.Sprintf(" (sku.name is %s; managed rule sets need Premium_AzureFrontDoor)", quoteOrUnset(sku))
	}
	return []string{msg}
}

// checkRequestBodyInspection: Application Gateway takes a bool (default true), Front Door
// Enabled/Disabled (default Enabled); a policy that says nothing inspects.
// https://learn.microsoft.com/azure/web-application-firewall/ag/application-gateway-waf-request-size-limits
// https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-settings
func checkRequestBodyInspection(r Resource, _ Settings) []string {
	f := r.get("policySettings.requestBodyCheck")
	if isFrontDoorWAF(r) {
		if v, known := f.str(); known && strings.EqualFold(v, "Disabled") {
			return []string{`policySettings.requestBodyCheck is "Disabled"`}
		}
		return nil
	}
	if on, known := f.boolean(true); known && !on {
		return []string{"policySettings.requestBodyCheck is false"}
	}
	return nil
}

// checkFrontDoorTLS: https://learn.microsoft.com/azure/frontdoor/end-to-end-tls#supported-tls-versions
// (TLS12 is Front Door's default; TLS10 allows 1.0 and 1.1).
func checkFrontDoorTLS(r Resource, _ Settings) []string {
	v, known := r.get("tlsSettings.minimumTlsVersion").str()
	if !known || v == "" || slices.Contains([]string{"TLS12", "TLS13"}, strings.ToUpper(v)) {
		return nil
	}
	return []string{fmt.Sprintf("tlsSettings.minimumTlsVersion must be TLS12, is %q", v)}
}

// isFrontDoorWAF reports whether r is a Front Door WAF policy (with or without an API version).
func isFrontDoorWAF(r Resource) bool { return typetoken.Base(r.Type) == typeFrontDoorWAFPolicy }
