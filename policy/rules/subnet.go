package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// noNSGSubnets are the subnets on which Azure forbids or does not need an NSG: the gateway,
// firewall and route server subnets reject one; Bastion manages its own traffic rules.
var noNSGSubnets = []string{"GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet",
	"AzureBastionSubnet", "RouteServerSubnet"}

// subnet is one subnet found in the stack, as a resource or inline in a virtual network.
type subnet struct {
	urn     string // the Subnet resource, or the VirtualNetwork holding it inline
	urnSelf string // the Subnet resource's own URN; "" when inline
	name    string
	value   field
}

func checkSubnetNSG(rs []Resource, s Settings) []Finding {
	var subnets []subnet
	for _, r := range rs {
		switch r.Type {
		case typeSubnet:
			subnets = append(subnets, subnet{urn: r.URN, urnSelf: r.URN, name: r.azureName("subnetName"),
				value: lookup(property.New(r.Properties), "")})
		case typeVirtualNetwork:
			inline, _ := r.get("subnets").list()
			for i, sn := range inline {
				name, _ := elem(sn).at("name").str()
				if name == "" {
					name = fmt.Sprintf("%s.subnets[%d]", r.Name, i)
				}
				subnets = append(subnets, subnet{urn: r.URN, name: name, value: elem(sn)})
			}
		}
	}
	var out []Finding
	for _, sn := range subnets {
		if sn.value.unknown || exemptSubnet(sn, s) || holdsAppGateway(rs, sn) {
			continue
		}
		// An NSG reference with an empty ID attaches nothing.
		if id, known := sn.value.at("networkSecurityGroup").at("id").str(); !known || strings.TrimSpace(id) != "" {
			continue
		}
		out = append(out, Finding{URN: sn.urn, Message: fmt.Sprintf(
			"subnet %s has no network security group (networkSecurityGroup.id)", sn.name)})
	}
	return out
}

func exemptSubnet(sn subnet, s Settings) bool {
	fold := func(n string) bool { return strings.EqualFold(n, sn.name) }
	if slices.ContainsFunc(noNSGSubnets, fold) || slices.ContainsFunc(s.ExemptSubnets, fold) {
		return true
	}
	if configs, _ := sn.value.at("applicationGatewayIPConfigurations").list(); len(configs) > 0 {
		return true
	}
	delegations, _ := sn.value.at("delegations").list()
	for _, d := range delegations {
		service, _ := elem(d).at("serviceName").str()
		if strings.EqualFold(service, "Microsoft.Network/applicationGateways") {
			return true
		}
	}
	return false
}

// holdsAppGateway reports whether an Application Gateway is deployed into the subnet: the
// gateway depends on the Subnet resource or names the subnet in a gatewayIPConfigurations id.
func holdsAppGateway(rs []Resource, sn subnet) bool {
	for _, gw := range rs {
		if gw.Type != typeAppGateway {
			continue
		}
		if sn.urnSelf != "" && slices.Contains(gw.AllDependencies(), sn.urnSelf) {
			return true
		}
		configs, _ := gw.get("gatewayIPConfigurations").list()
		for _, c := range configs {
			id, _ := elem(c).at("subnet.id").str()
			if strings.HasSuffix(strings.ToLower(id), "/subnets/"+strings.ToLower(sn.name)) {
				return true
			}
		}
	}
	return false
}
