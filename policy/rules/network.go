package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Network resource types.
const (
	typeNSG            = "azure-native:network:NetworkSecurityGroup"
	typeSecurityRule   = "azure-native:network:SecurityRule"
	typeSubnet         = "azure-native:network:Subnet"
	typeVirtualNetwork = "azure-native:network:VirtualNetwork"
	typeAppGateway     = "azure-native:network:ApplicationGateway"
	typeWAFPolicy      = "azure-native:network:WebApplicationFirewallPolicy"
)

// adminPorts are the remote administration ports never opened to the internet.
var adminPorts = []int{22, 3389}

// modernTLSPolicies are the predefined Application Gateway TLS policies with TLS 1.2 as minimum.
var modernTLSPolicies = []string{"AppGwSslPolicy20220101", "AppGwSslPolicy20220101S"}

func networkRules() []Rule {
	return []Rule{
		{
			Name: "nsg-no-internet-admin-ports",
			Description: "No network security rule allows inbound traffic from the internet (Internet, *, " +
				"0.0.0.0/0) to SSH (22) or RDP (3389).",
			Level: Mandatory, Severity: Critical, Types: []string{typeNSG, typeSecurityRule},
			Check: checkAdminPorts,
		},
		{
			Name: "subnet-nsg",
			Description: "Every workload subnet has a network security group (Azure's special subnets and " +
				"Application Gateway subnets excepted).",
			Level: Mandatory, Severity: High,
			Types:      []string{typeSubnet, typeVirtualNetwork, typeAppGateway},
			Options:    []Option{optExemptSubnets},
			CheckStack: checkSubnetNSG,
		},
		{
			Name: "appgw-waf",
			Description: "Application Gateways use the WAF_v2 tier with a Web Application Firewall policy " +
				"attached (firewallPolicy.id).",
			Level: Mandatory, Severity: High, Types: []string{typeAppGateway},
			Check: checkAppGatewayWAF,
		},
		{
			Name:        "waf-prevention-mode",
			Description: "In production, Web Application Firewall policies are enabled in Prevention mode.",
			Level:       Mandatory, Severity: High, Types: []string{typeWAFPolicy}, ProdOnly: true,
			Check: checkWAFPrevention,
		},
		{
			Name: "appgw-tls-policy",
			Description: "Application Gateways use a modern TLS policy (AppGwSslPolicy20220101 or " +
				"20220101S, or a custom policy with TLS 1.2 minimum).",
			Level: Mandatory, Severity: Medium, Types: []string{typeAppGateway},
			Check: checkTLSPolicy,
		},
	}
}

func checkAdminPorts(r Resource, _ Settings) []string {
	if r.Type == typeSecurityRule {
		if msg := judgeSecurityRule(lookup(property.New(r.Properties), ""), r.azureName("securityRuleName")); msg != "" {
			return []string{msg}
		}
		return nil
	}
	rules, _ := r.get("securityRules").list()
	var out []string
	for i, rule := range rules {
		name, _ := elem(rule).at("name").str()
		if name == "" {
			name = fmt.Sprintf("securityRules[%d]", i)
		}
		if msg := judgeSecurityRule(elem(rule), name); msg != "" {
			out = append(out, msg)
		}
	}
	return out
}

// judgeSecurityRule returns a message when the rule is known to allow internet traffic in to an
// admin port, and "" otherwise. Values still unknown during a preview never cause a violation,
// but they do not hide known ones either: an unknown entry next to "*" in sourceAddressPrefixes
// still leaves "*" in the rule.
func judgeSecurityRule(rule field, name string) string {
	if rule.unknown || !rule.present {
		return ""
	}
	direction, dKnown := rule.at("direction").str()
	access, aKnown := rule.at("access").str()
	protocol, pKnown := rule.at("protocol").str()
	if !dKnown || !aKnown || !pKnown || !strings.EqualFold(direction, "Inbound") ||
		!strings.EqualFold(access, "Allow") || slices.ContainsFunc([]string{"Icmp", "Esp", "Ah"},
		func(p string) bool { return strings.EqualFold(p, protocol) }) {
		return ""
	}
	sources := knownValues(rule, "sourceAddressPrefix", "sourceAddressPrefixes")
	open := slices.IndexFunc(sources, openRange)
	if open < 0 {
		return ""
	}
	for _, port := range adminPorts {
		for _, pr := range knownValues(rule, "destinationPortRange", "destinationPortRanges") {
			if portRangeCovers(pr, port) {
				return fmt.Sprintf("security rule %s allows inbound from %q to port %s (covers %d)",
					name, sources[open], pr, port)
			}
		}
	}
	return ""
}

// knownValues gathers the known values of a single-valued key and of its plural form (Azure
// takes either); unknown values are left out.
func knownValues(rule field, single, plural string) []string {
	values, _ := rule.at(plural).strings()
	if one, _ := rule.at(single).str(); one != "" {
		values = append([]string{one}, values...)
	}
	return values
}

// portRangeCovers reports whether an NSG port range ("*", "22", "20-25") includes port.
func portRangeCovers(pr string, port int) bool {
	pr = strings.TrimSpace(pr)
	if pr == "*" {
		return true
	}
	lo, hi, isRange := strings.Cut(pr, "-")
	from, err := strconv.Atoi(strings.TrimSpace(lo))
	if err != nil {
		return false
	}
	to := from
	if isRange {
		if to, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
			return false
		}
	}
	return from <= port && port <= to
}

func checkAppGatewayWAF(r Resource, _ Settings) []string {
	var out []string
	tier, known := r.get("sku.tier").str()
	if name, nameKnown := r.get("sku.name").str(); known && tier == "" {
		tier, known = name, nameKnown // the tier may be left out; the name says it then
	}
	if known && !strings.EqualFold(tier, "WAF_v2") {
		out = append(out, fmt.Sprintf("sku.tier must be WAF_v2, is %s", quoteOrUnset(tier)))
	}
	policy := r.get("firewallPolicy")
	if !policy.unknown && !policy.at("id").present && !policy.at("id").unknown {
		out = append(out, "no Web Application Firewall policy attached (firewallPolicy.id)")
	}
	return out
}

func checkWAFPrevention(r Resource, _ Settings) []string {
	var out []string
	mode, known := r.get("policySettings.mode").str()
	if known && !strings.EqualFold(mode, "Prevention") {
		if mode == "" {
			mode = "unset (defaults to Detection)"
		} else {
			mode = strconv.Quote(mode)
		}
		out = append(out, "policySettings.mode must be Prevention, is "+mode)
	}
	state, known := r.get("policySettings.state").str()
	if known && strings.EqualFold(state, "Disabled") {
		out = append(out, "policySettings.state is Disabled")
	}
	return out
}

func checkTLSPolicy(r Resource, _ Settings) []string {
	ssl := r.get("sslPolicy")
	if ssl.unknown {
		return nil
	}
	if !ssl.present {
		return []string{"sslPolicy is not set; the default depends on the API version and may allow " +
			"TLS 1.0/1.1: set sslPolicy.policyType Predefined with policyName AppGwSslPolicy20220101"}
	}
	kind, k1 := ssl.at("policyType").str()
	name, k2 := ssl.at("policyName").str()
	minVersion, k3 := ssl.at("minProtocolVersion").str()
	disabled, k4 := ssl.at("disabledSslProtocols").strings()
	if !k1 || !k2 || !k3 || !k4 {
		return nil
	}
	modernMin := strings.EqualFold(minVersion, "TLSv1_2") || strings.EqualFold(minVersion, "TLSv1_3")
	switch {
	case strings.EqualFold(kind, "Predefined") || (kind == "" && name != ""):
		if slices.ContainsFunc(modernTLSPolicies, func(p string) bool { return strings.EqualFold(p, name) }) {
			return nil
		}
		return []string{fmt.Sprintf("sslPolicy.policyName %s is not a modern predefined policy (%s)",
			quoteOrUnset(name), strings.Join(modernTLSPolicies, ", "))}
	case strings.EqualFold(kind, "Custom") || strings.EqualFold(kind, "CustomV2") || (kind == "" && minVersion != ""):
		if modernMin {
			return nil
		}
		return []string{fmt.Sprintf("sslPolicy.minProtocolVersion must be TLSv1_2 or TLSv1_3, is %s",
			quoteOrUnset(minVersion))}
	case kind == "":
		fold := func(v string) func(string) bool { return func(s string) bool { return strings.EqualFold(s, v) } }
		if slices.ContainsFunc(disabled, fold("TLSv1_0")) && slices.ContainsFunc(disabled, fold("TLSv1_1")) {
			return nil
		}
	}
	return []string{fmt.Sprintf("sslPolicy (policyType %s) does not rule out TLS 1.0/1.1", quoteOrUnset(kind))}
}
