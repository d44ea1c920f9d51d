package network

import (
	"net/netip"
	"strconv"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/monitoring/logs"
)

// Azure service tags and port ranges the spoke's security rules use.
const (
	tagInternet          = "Internet"
	tagVirtualNetwork    = "VirtualNetwork"
	tagAzureLoadBalancer = "AzureLoadBalancer"
	tagGatewayManager    = "GatewayManager"
	anyAddress           = "*"
	// appGatewayInfraPorts must be open from GatewayManager for Application Gateway v2 to work.
	appGatewayInfraPorts = "65200-65535"
)

// nsgRule is one inbound security rule, as plain values.
type nsgRule struct {
	name        string
	priority    int
	deny        bool
	protocol    network.SecurityRuleProtocol
	source      string
	destination string
	ports       []string // "*" for every port
}

// args turns the rule into the SDK's shape.
func (r nsgRule) args() network.SecurityRuleTypeArgs {
	access := network.SecurityRuleAccessAllow
	if r.deny {
		access = network.SecurityRuleAccessDeny
	}
	ports := make(pulumi.StringArray, len(r.ports))
	for i, p := range r.ports {
		ports[i] = pulumi.String(p)
	}
	return network.SecurityRuleTypeArgs{
		Name:                     pulumi.String(r.name),
		Priority:                 pulumi.Int(r.priority),
		Direction:                network.SecurityRuleDirectionInbound,
		Access:                   access,
		Protocol:                 r.protocol,
		SourceAddressPrefix:      pulumi.String(r.source),
		SourcePortRange:          pulumi.String("*"),
		DestinationAddressPrefix: pulumi.String(r.destination),
		DestinationPortRanges:    ports,
	}
}

// newNSG registers a network security group holding rules, and its diagnostic setting when
// a.workspaceID is set.
func newNSG(ctx *pulumi.Context, name string, a vnetArgs, rules []nsgRule, parent pulumi.Resource) (*network.NetworkSecurityGroup, error) {
	sr := make(network.SecurityRuleTypeArray, len(rules))
	for i, r := range rules {
		sr[i] = r.args()
	}
	nsg, err := network.NewNetworkSecurityGroup(ctx, name, &network.NetworkSecurityGroupArgs{
		ResourceGroupName: a.resourceGroupName,
		Location:          a.location,
		SecurityRules:     sr,
		Tags:              a.tags,
	}, pulumi.Parent(parent))
	if err != nil {
		return nil, err
	}
	return nsg, diagnose(ctx, name, logs.NetworkSecurityGroup, idOf(nsg), a.workspaceID, parent)
}

// portStrings formats ports for a security rule.
func portStrings(ports []int) []string {
	out := make([]string, len(ports))
	for i, p := range ports {
		out[i] = strconv.Itoa(p)
	}
	return out
}

// publicRules let clients (source: the Internet, or only Azure Front Door) reach the ingress
// on its ports; Application Gateway v2 also needs its infrastructure ports from GatewayManager
// and probes from AzureLoadBalancer.
func publicRules(p SpokePlan, ports []int, source string, appGateway bool) []nsgRule {
	rules := []nsgRule{{
		name: "AllowClientsToIngress", priority: 100, protocol: network.SecurityRuleProtocolTcp,
		source: source, destination: p.Public.Prefix.String(), ports: portStrings(ports),
	}}
	if appGateway {
		rules = append(rules,
			nsgRule{
				name: "AllowGatewayManager", priority: 110, protocol: network.SecurityRuleProtocolTcp,
				source: tagGatewayManager, destination: anyAddress, ports: []string{appGatewayInfraPorts},
			},
			nsgRule{
				name: "AllowAzureLoadBalancer", priority: 120, protocol: network.SecurityRuleProtocolAsterisk,
				source: tagAzureLoadBalancer, destination: anyAddress, ports: []string{"*"},
			})
	}
	return rules
}

// privateRules let only the public subnet reach the nodes on the ingress ports (or, when a
// public load balancer fronts an in-cluster ingress, the clients: source is the Internet or
// only Azure Front Door), keep load balancer probes working, let the hub's management subnet
// (when given) reach a private cluster's API server endpoint on 443, and deny the rest of the
// Internet explicitly.
//
// Behind a public load balancer the destination is any address: AKS load balancer rules use
// floating IP, so packets reach the nodes addressed to the load balancer's public frontend IP,
// not to a node address; a rule limited to the node subnet would never match them and
// DenyInternetInbound would drop every client request.
//
// The API server of a private cluster is a private endpoint in the node subnet; the rule names
// the management subnet explicitly rather than relying on the default AllowVnetInBound, so that
// the path CI depends on survives a later deny rule for the VNet.
// https://learn.microsoft.com/azure/aks/private-clusters
func privateRules(p SpokePlan, ports []int, clients string, publicLB bool, management netip.Prefix) []nsgRule {
	source, destination := p.Public.Prefix.String(), p.Private.Prefix.String()
	if publicLB {
		source, destination = clients, anyAddress
	}
	rules := []nsgRule{
		{
			name: "AllowIngressToNodes", priority: 100, protocol: network.SecurityRuleProtocolTcp,
			source: source, destination: destination, ports: portStrings(ports),
		},
		{
			name: "AllowAzureLoadBalancer", priority: 110, protocol: network.SecurityRuleProtocolAsterisk,
			source: tagAzureLoadBalancer, destination: anyAddress, ports: []string{"*"},
		},
		{
			name: "DenyInternetInbound", priority: 4000, deny: true, protocol: network.SecurityRuleProtocolAsterisk,
			source: tagInternet, destination: anyAddress, ports: []string{"*"},
		},
	}
	if management.IsValid() {
		rules = append(rules, nsgRule{
			name: "AllowManagementToAPIServer", priority: 120, protocol: network.SecurityRuleProtocolTcp,
			source: management.String(), destination: p.Private.Prefix.String(), ports: []string{"443"},
		})
	}
	return rules
}

// endpointRules let the VNet (and peered VNets) reach private endpoints over HTTPS only.
func endpointRules(p SpokePlan) []nsgRule {
	return []nsgRule{
		{
			name: "AllowVirtualNetworkHttps", priority: 100, protocol: network.SecurityRuleProtocolTcp,
			source: tagVirtualNetwork, destination: p.Endpoints.Prefix.String(), ports: []string{"443"},
		},
		{
			name: "DenyOtherInbound", priority: 4000, deny: true, protocol: network.SecurityRuleProtocolAsterisk,
			source: anyAddress, destination: anyAddress, ports: []string{"*"},
		},
	}
}
