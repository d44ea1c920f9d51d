package rules

import "testing"

func sshRule() obj {
	return obj{"name": "allow-ssh", "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
		"sourceAddressPrefix": "10.0.0.0/8", "sourcePortRange": "*", "destinationAddressPrefix": "*",
		"destinationPortRange": "22", "priority": 100}
}

func nsg(rules ...any) Resource {
	return res(typeNSG, "nsg", obj{"securityRules": rules})
}

func TestAdminPorts(t *testing.T) {
	runCases(t, "nsg-no-internet-admin-ports", []ruleCase{
		{name: "ssh from the vnet", rs: one(nsg(sshRule()))},
		{name: "no rules", rs: one(res(typeNSG, "nsg", obj{}))},
		{name: "ssh from the internet", rs: one(nsg(with(sshRule(), "sourceAddressPrefix", "Internet"))),
			want: []string{`security rule allow-ssh allows inbound from "Internet" to port 22`}},
		{name: "rdp from anywhere in a range", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", "*"),
			"destinationPortRange", "3000-4000"))), want: []string{"covers 3389"}},
		{name: "all ports from 0.0.0.0/0 via plural keys", rs: one(nsg(with(with(with(sshRule(),
			"sourceAddressPrefix", deleted), "sourceAddressPrefixes", []any{"10.0.0.0/8", "0.0.0.0/0"}),
			"destinationPortRanges", []any{"443", "*"}))), want: []string{"0.0.0.0/0"}},
		{name: "https from the internet is fine", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", "Internet"),
			"destinationPortRange", "443")))},
		{name: "deny rule is fine", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", "*"), "access", "Deny")))},
		{name: "outbound is fine", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", "*"), "direction", "Outbound")))},
		{name: "icmp is fine", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", "*"), "protocol", "Icmp")))},
		{name: "unknown source", rs: one(nsg(with(sshRule(), "sourceAddressPrefix", unknown)))},
		{name: "unknown rules", rs: one(res(typeNSG, "nsg", obj{"securityRules": unknown}))},
		{name: "standalone SecurityRule", rs: one(res(typeSecurityRule, "ssh", with(with(sshRule(), "name", deleted),
			"sourceAddressPrefix", "Internet"))), want: []string{"security rule ssh allows"}},
		{name: "second of two rules", rs: one(nsg(sshRule(), with(with(sshRule(), "name", "rdp"),
			"sourceAddressPrefix", "*"))), want: []string{"security rule rdp"}},
		{name: "0.0.0.0/0 split in two halves", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", deleted),
			"sourceAddressPrefixes", []any{"0.0.0.0/1", "128.0.0.0/1"}))), want: []string{`"0.0.0.0/1" to port 22`}},
		{name: "keywords in any casing", rs: []Resource{nsg(with(sshRule(), "sourceAddressPrefix", "INTERNET")),
			nsg(with(sshRule(), "sourceAddressPrefix", "any"))}, want: []string{`"INTERNET"`, `"any"`}},
		{name: "ipv6 everywhere", rs: one(nsg(with(sshRule(), "sourceAddressPrefix", "::/0"))), want: []string{`"::/0"`}},
		{name: "all ports as a range", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", "*"),
			"destinationPortRange", "0-65535"))), want: []string{"covers 22"}},
		{name: "a /16 of the vnet is fine", rs: one(nsg(with(sshRule(), "sourceAddressPrefix", "10.11.0.0/16")))},
		{name: "known open source next to an unknown one", rs: one(nsg(with(with(sshRule(), "sourceAddressPrefix", deleted),
			"sourceAddressPrefixes", []any{unknown, "*"}))), want: []string{`"*" to port 22`}},
		{name: "known ssh port next to an unknown one", rs: one(nsg(with(with(with(sshRule(), "sourceAddressPrefix", "*"),
			"destinationPortRange", deleted), "destinationPortRanges", []any{unknown, "22"}))), want: []string{"covers 22"}},
		{name: "only unknown ports", rs: one(nsg(with(with(with(sshRule(), "sourceAddressPrefix", "*"),
			"destinationPortRange", deleted), "destinationPortRanges", []any{unknown})))},
		{name: "standalone SecurityRule with plural sources", rs: one(res(typeSecurityRule, "ssh", with(with(sshRule(),
			"sourceAddressPrefix", deleted), "sourceAddressPrefixes", []any{"10.0.0.0/8", "Internet"}))),
			want: []string{`security rule ssh allows inbound from "Internet"`}},
	})
}

func TestOpenRange(t *testing.T) {
	for s, want := range map[string]bool{
		"*": true, "Any": true, "internet": true, " Internet ": true, "0.0.0.0/0": true, "::/0": true,
		"0.0.0.0/1": true, "128.0.0.0/1": true, "0.0.0.0/7": true, "::ffff:0.0.0.0/96": true, "2000::/3": true,
		"10.0.0.0/8": false, "203.0.113.0/24": false, "198.51.100.7": false, "fc00::/7": false,
		"VirtualNetwork": false, "AzureLoadBalancer": false, "": false,
	} {
		if got := openRange(s); got != want {
			t.Errorf("openRange(%q) = %v, want %v", s, got, want)
		}
	}
}

func subnetRes(name string, props obj) Resource { return res(typeSubnet, name, props) }

func TestSubnetNSG(t *testing.T) {
	withNSG := obj{"subnetName": "aks", "networkSecurityGroup": obj{"id": "/subscriptions/s/nsg"}}
	bare := obj{"subnetName": "aks", "addressPrefix": "10.1.0.0/24"}
	appgwSubnet := subnetRes("appgw", obj{"subnetName": "snet-appgw"})
	gw := res(typeAppGateway, "gw", obj{})
	gw.Dependencies = []string{appgwSubnet.URN}
	gwByID := res(typeAppGateway, "gw", obj{"gatewayIPConfigurations": []any{obj{"name": "ip",
		"subnet": obj{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-appgw"}}}})
	runCases(t, "subnet-nsg", []ruleCase{
		{name: "with nsg", rs: one(subnetRes("aks", withNSG))},
		{name: "nsg id unknown", rs: one(subnetRes("aks", with(withNSG, "networkSecurityGroup.id", unknown)))},
		{name: "nsg unknown", rs: one(subnetRes("aks", with(withNSG, "networkSecurityGroup", unknown)))},
		{name: "without nsg", rs: one(subnetRes("aks", bare)), want: []string{"subnet aks has no network security group"}},
		{name: "empty nsg id", rs: one(subnetRes("aks", with(withNSG, "networkSecurityGroup.id", ""))),
			want: []string{"subnet aks has no network security group"}},
		{name: "logical name when subnetName unset", rs: one(subnetRes("spoke-aks", obj{})),
			want: []string{"subnet spoke-aks has"}},
		{name: "firewall subnet", rs: one(subnetRes("fw", obj{"subnetName": "AzureFirewallSubnet"}))},
		{name: "gateway subnet", rs: one(subnetRes("gw", obj{"subnetName": "GatewaySubnet"}))},
		{name: "bastion subnet", rs: one(subnetRes("bastion", obj{"subnetName": "AzureBastionSubnet"}))},
		{name: "delegated to app gateway", rs: one(subnetRes("appgw", obj{"delegations": []any{
			obj{"name": "d", "serviceName": "Microsoft.Network/applicationGateways"}}}))},
		{name: "app gateway depends on it", rs: []Resource{appgwSubnet, gw}},
		{name: "app gateway names it", rs: []Resource{appgwSubnet, gwByID}},
		{name: "app gateway elsewhere", rs: []Resource{appgwSubnet, res(typeAppGateway, "gw", obj{})},
			want: []string{"subnet snet-appgw"}},
		{name: "exempt by option", opts: obj{"exemptSubnets": []any{"aks"}}, rs: one(subnetRes("aks", bare))},
		{name: "inline subnets of a vnet", rs: one(res(typeVirtualNetwork, "vnet", obj{"subnets": []any{
			obj{"name": "AzureFirewallSubnet"}, obj{"name": "aks", "networkSecurityGroup": obj{"id": "x"}},
			obj{"name": "pe"}}})), want: []string{"subnet pe has"}},
	})
}

func goodGateway() obj {
	return obj{
		"sku":            obj{"name": "WAF_v2", "tier": "WAF_v2", "capacity": 2},
		"firewallPolicy": obj{"id": "/subscriptions/s/wafpolicy"},
		"sslPolicy":      obj{"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101"},
	}
}

func TestAppGatewayWAF(t *testing.T) {
	gw := func(p obj) Resource { return res(typeAppGateway, "gw", p) }
	runCases(t, "appgw-waf", []ruleCase{
		{name: "compliant", rs: one(gw(goodGateway()))},
		{name: "policy id unknown", rs: one(gw(with(goodGateway(), "firewallPolicy.id", unknown)))},
		{name: "standard tier", rs: one(gw(with(goodGateway(), "sku", obj{"name": "Standard_v2", "tier": "Standard_v2"}))),
			want: []string{`sku.tier must be WAF_v2, is "Standard_v2"`}},
		{name: "no policy", rs: one(gw(with(goodGateway(), "firewallPolicy", deleted))),
			want: []string{"no Web Application Firewall policy"}},
		{name: "unknown sku", rs: one(gw(with(goodGateway(), "sku", unknown)))},
		{name: "tier left out, name WAF_v2", rs: one(gw(with(goodGateway(), "sku.tier", deleted)))},
		{name: "tier left out, name Standard_v2", rs: one(gw(with(with(goodGateway(), "sku.tier", deleted),
			"sku.name", "Standard_v2"))), want: []string{`sku.tier must be WAF_v2, is "Standard_v2"`}},
		{name: "no sku", rs: one(gw(with(goodGateway(), "sku", deleted))), want: []string{"is unset"}},
	})
}

func TestWAFPrevention(t *testing.T) {
	waf := func(p obj) Resource { return res(typeWAFPolicy, "waf", p) }
	runCases(t, "waf-prevention-mode", []ruleCase{
		{name: "prevention", env: "prod", rs: one(waf(obj{"policySettings": obj{"mode": "Prevention", "state": "Enabled"}}))},
		{name: "detection in prod", env: "prod", rs: one(waf(obj{"policySettings": obj{"mode": "Detection"}})),
			want: []string{`policySettings.mode must be Prevention, is "Detection"`}},
		{name: "unset in prod", env: "prod", rs: one(waf(obj{})), want: []string{"defaults to Detection"}},
		{name: "disabled in prod", env: "prod", rs: one(waf(obj{"policySettings": obj{"mode": "Prevention",
			"state": "Disabled"}})), want: []string{"state is Disabled"}},
		{name: "detection in dev", env: "dev", rs: one(waf(obj{"policySettings": obj{"mode": "Detection"}}))},
		{name: "unknown", env: "prod", rs: one(waf(obj{"policySettings": unknown}))},
	})
}

func TestTLSPolicy(t *testing.T) {
	gw := func(ssl any) Resource { return res(typeAppGateway, "gw", with(goodGateway(), "sslPolicy", ssl)) }
	runCases(t, "appgw-tls-policy", []ruleCase{
		{name: "predefined 2022", rs: one(gw(obj{"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101S"}))},
		{name: "custom v2 tls 1.3", rs: one(gw(obj{"policyType": "CustomV2", "minProtocolVersion": "TLSv1_3"}))},
		{name: "legacy disabled protocols", rs: one(gw(obj{"disabledSslProtocols": []any{"TLSv1_0", "TLSv1_1"}}))},
		{name: "unset", rs: one(gw(deleted)), want: []string{"sslPolicy is not set"}},
		{name: "old predefined", rs: one(gw(obj{"policyType": "Predefined", "policyName": "AppGwSslPolicy20170401"})),
			want: []string{`"AppGwSslPolicy20170401" is not a modern predefined policy`}},
		{name: "custom tls 1.0", rs: one(gw(obj{"policyType": "Custom", "minProtocolVersion": "TLSv1_0"})),
			want: []string{"minProtocolVersion must be TLSv1_2"}},
		{name: "empty policy", rs: one(gw(obj{})), want: []string{"does not rule out TLS 1.0/1.1"}},
		{name: "unknown", rs: one(gw(unknown))},
		{name: "unknown name", rs: one(gw(obj{"policyType": "Predefined", "policyName": unknown}))},
	})
}
