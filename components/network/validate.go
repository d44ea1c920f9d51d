package network

import (
	"net/netip"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// Validate checks the hub's args after SetDefaults, before anything is registered, and
// returns every problem keyed like the config (firewallSku, firewallPublicIps, zones[1],
// egress.rules[0].fqdns[2]) or the Go args for what only Go callers set (plan.gateway). It
// never defaults and never modifies a.
func (a *HubArgs) Validate() error {
	if a == nil {
		return validation.Required(HubType)
	}
	var ps validation.Problems
	checkPlan(&ps, a.Plan.AddressSpace, []namedSubnet{
		{"plan.firewall", FirewallSubnetName, a.Plan.Firewall},
		{"plan.gateway", GatewaySubnetName, a.Plan.Gateway},
		{"plan.bastion", BastionSubnetName, a.Plan.Bastion},
		{"plan.management", "", a.Plan.Management},
	})
	CheckFirewall(&ps, a.Production, a.Firewall, a.FirewallSKU, a.ThreatIntelMode, a.IDPS)
	checkWorkspace(&ps, a.Production, a.LogAnalyticsWorkspaceID)
	if n := a.FirewallPublicIPs; a.Firewall && (n < 1 || n > MaxFirewallPublicIPs) {
		ps.Addf("firewallPublicIps", "%d must be between 1 and %d (Azure's limit of public IPs per firewall)", n, MaxFirewallPublicIPs)
	}
	validation.Zones(&ps, "zones", a.Zones)
	checkRules(&ps, "egress.rules", a.Egress.Rules)
	checkRules(&ps, "managementEgress", a.ManagementEgress)
	if a.Firewall && len(a.Egress.Rules) > 0 && len(a.EgressSources) == 0 {
		ps.Addf("egressSources", "is required with egress rules: the spokes' node subnets they allow out (never any address)")
	}
	for i, p := range a.EgressSources {
		checkSpace(&ps, validation.Index("egressSources", i), p)
	}
	checkPlacement(&ps, a.ResourceGroupName, a.Location)
	return ps.Err()
}

// Warnings returns what does not stop a plan but will hurt in production: a production
// firewall with fewer public IPs than AKS recommends runs out of SNAT ports under load.
// https://learn.microsoft.com/azure/aks/limit-egress-traffic
func (a *HubArgs) Warnings() validation.Warnings {
	var ws validation.Warnings
	if a != nil && a.Production && a.Firewall && a.FirewallPublicIPs > 0 && a.FirewallPublicIPs < ProdFirewallPublicIPs {
		ws.Addf("firewallPublicIps", "%d public IPs: AKS recommends at least %d on a production firewall against SNAT port exhaustion (or a NAT gateway on AzureFirewallSubnet)",
			a.FirewallPublicIPs, ProdFirewallPublicIPs)
	}
	return ws
}

// Validate checks the spoke's args after SetDefaults, before anything is registered, and
// returns every problem keyed relative to the args (plan.private, ingressPorts[1]). It never
// defaults and never modifies a.
func (a *SpokeArgs) Validate() error {
	if a == nil {
		return validation.Required(SpokeType)
	}
	var ps validation.Problems
	checkPlan(&ps, a.Plan.AddressSpace, []namedSubnet{
		{"plan.public", "", a.Plan.Public},
		{"plan.private", "", a.Plan.Private},
		{"plan.endpoints", "", a.Plan.Endpoints},
	})
	if len(a.IngressPorts) == 0 {
		ps.Addf("ingressPorts", "needs at least one port")
	}
	seen := map[int]bool{}
	for i, p := range a.IngressPorts {
		key := validation.Index("ingressPorts", i)
		switch {
		case p < 1 || p > 65535:
			ps.Addf(key, "%d is not a port (1-65535)", p)
		case seen[p]:
			ps.Addf(key, "port %d is listed twice", p)
		}
		seen[p] = true
	}
	switch a.IngressSource {
	case IngressFromInternet:
	case IngressFromFrontDoor:
		if !a.AppGateway && !a.PublicLoadBalancer {
			ps.Addf("ingressSource", "%s needs a public entry point (appGateway or publicLoadBalancer): Front Door reaches the ingress over the internet", IngressFromFrontDoor)
		}
	default:
		ps.Addf("ingressSource", "%q is not an ingress source; use %s or %s", a.IngressSource, IngressFromInternet, IngressFromFrontDoor)
	}
	if m := a.ManagementPrefix; m.IsValid() {
		if checkSpace(&ps, "managementPrefix", m) && a.Plan.AddressSpace.IsValid() && m.Overlaps(a.Plan.AddressSpace) {
			ps.Addf("managementPrefix", "%s lies in the spoke %s; it is the hub's management subnet", m, a.Plan.AddressSpace)
		}
	}
	checkWorkspace(&ps, a.Production, a.LogAnalyticsWorkspaceID)
	checkPlacement(&ps, a.ResourceGroupName, a.Location)
	return ps.Err()
}

// Validate checks that both VNets and both resource groups are given.
func (a *PeeringArgs) Validate() error {
	if a == nil {
		return validation.Required(PeeringType)
	}
	var ps validation.Problems
	for _, f := range []struct {
		key string
		v   pulumi.StringInput
	}{
		{"hubVNetName", a.HubVNetName},
		{"hubVNetId", a.HubVNetID},
		{"hubResourceGroupName", a.HubResourceGroupName},
		{"spokeVNetName", a.SpokeVNetName},
		{"spokeVNetId", a.SpokeVNetID},
		{"spokeResourceGroupName", a.SpokeResourceGroupName},
	} {
		if f.v == nil {
			ps.Addf(f.key, "is required")
		}
	}
	return ps.Err()
}

// namedSubnet is a planned subnet, the key it is reported under and the Azure name it must
// have ("" when any name will do).
type namedSubnet struct {
	key    string
	name   string
	subnet Subnet
}

// checkPlan checks a VNet's address space and that its subnets are named, lie inside it and
// do not overlap one another. Plans from NewAddressPlan always pass; hand-written ones may not.
func checkPlan(ps *validation.Problems, space netip.Prefix, subnets []namedSubnet) {
	spaceOK := checkSpace(ps, "plan.addressSpace", space)
	var placed []namedSubnet
	for _, s := range subnets {
		p := s.subnet.Prefix
		switch {
		case s.subnet.Name == "":
			ps.Addf(s.key+".name", "is required")
		case s.name != "" && s.subnet.Name != s.name:
			ps.Addf(s.key+".name", "is %q; Azure requires %q", s.subnet.Name, s.name)
		}
		switch {
		case !p.IsValid():
			ps.Addf(s.key+".prefix", "is required")
			continue
		case p.Masked() != p:
			ps.Addf(s.key+".prefix", "%s has host bits set; did you mean %s?", p, p.Masked())
			continue
		case spaceOK && (p.Bits() < space.Bits() || !space.Contains(p.Addr())):
			ps.Addf(s.key+".prefix", "%s is outside the address space %s", p, space)
			continue
		}
		for _, o := range placed {
			if p.Overlaps(o.subnet.Prefix) {
				ps.Addf(s.key+".prefix", "%s overlaps %s %s", p, o.key, o.subnet.Prefix)
			}
		}
		placed = append(placed, s)
	}
}

// checkWorkspace requires the region's Log Analytics workspace in production, where every
// NSG and firewall sends its logs there.
func checkWorkspace(ps *validation.Problems, production bool, id pulumi.StringInput) {
	if production && id == nil {
		ps.Addf("logAnalyticsWorkspaceId", "is required in production: the NSGs and the firewall send their logs to the region's workspace")
	}
}

// checkPlacement checks that a resource group and a location are given.
func checkPlacement(ps *validation.Problems, rg, location pulumi.StringInput) {
	if rg == nil {
		ps.Addf("resourceGroupName", "is required")
	}
	if location == nil {
		ps.Addf("location", "is required")
	}
}
