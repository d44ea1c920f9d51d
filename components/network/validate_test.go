package network

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/validation"
)

func TestHubArgsValidate(t *testing.T) {
	rule := func(name string, fqdns ...string) egress.Rule {
		return egress.Rule{Name: name, FQDNs: fqdns, Protocol: egress.HTTPS, Port: 443}
	}
	for _, tc := range []struct {
		name   string
		mutate func(a *HubArgs)
		want   []string // problem keys; none means valid
	}{
		{"planned hub is valid", func(a *HubArgs) {}, nil},
		{"premium over zones is valid", func(a *HubArgs) { a.FirewallSKU, a.Zones = "Premium", []string{"1", "2", "3"} }, nil},
		{"empty args report everything at once", func(a *HubArgs) { *a = HubArgs{} }, []string{
			"firewallSku", "idps", "location", "plan.addressSpace", "plan.bastion.name", "plan.bastion.prefix", "plan.firewall.name",
			"plan.firewall.prefix", "plan.gateway.name", "plan.gateway.prefix", "plan.management.name",
			"plan.management.prefix", "resourceGroupName", "threatIntelMode",
		}},
		{"special subnet renamed", func(a *HubArgs) { a.Plan.Gateway.Name = "gateway" }, []string{"plan.gateway.name"}},
		{"subnet outside the hub", func(a *HubArgs) { a.Plan.Bastion.Prefix = netip.MustParsePrefix("10.9.0.0/26") },
			[]string{"plan.bastion.prefix"}},
		{"subnet with host bits", func(a *HubArgs) { a.Plan.Firewall.Prefix = netip.MustParsePrefix("10.0.0.1/26") },
			[]string{"plan.firewall.prefix"}},
		{"subnets overlapping", func(a *HubArgs) { a.Plan.Bastion.Prefix = a.Plan.Firewall.Prefix },
			[]string{"plan.bastion.prefix"}},
		{"management subnet over the gateway", func(a *HubArgs) { a.Plan.Management.Prefix = a.Plan.Gateway.Prefix },
			[]string{"plan.management.prefix"}},
		{"public address space", func(a *HubArgs) { a.Plan.AddressSpace = netip.MustParsePrefix("8.8.0.0/16") },
			[]string{"plan.addressSpace"}},
		{"unknown tier and zones", func(a *HubArgs) { a.FirewallSKU, a.Zones = "Basic", []string{"1", "4", "eastus-1"} },
			[]string{"firewallSku", "zones[1]", "zones[2]"}},
		{"a zone listed twice", func(a *HubArgs) { a.Zones = []string{"1", "2", "1"} }, []string{"zones[2]"}},
		{"explicit no zones is valid", func(a *HubArgs) { a.Zones = []string{} }, nil},
		{"250 firewall IPs is Azure's maximum", func(a *HubArgs) { a.Firewall, a.FirewallPublicIPs = true, 250 }, nil},
		{"251 firewall IPs", func(a *HubArgs) { a.Firewall, a.FirewallPublicIPs = true, 251 }, []string{"firewallPublicIps"}},
		{"no firewall IP", func(a *HubArgs) { a.Firewall, a.FirewallPublicIPs = true, -1 }, []string{"firewallPublicIps"}},
		{"egress rules from the node subnet are valid", func(a *HubArgs) {
			a.Firewall = true
			a.Egress.Rules = []egress.Rule{rule("git", "github.com", "*.github.com"), {Name: "acme", FQDNs: []string{"acme-v02.api.letsencrypt.org"}, Protocol: egress.HTTP, Port: 80}}
			a.EgressSources = []netip.Prefix{netip.MustParsePrefix("10.1.0.0/17")}
		}, nil},
		{"egress rules need sources behind a firewall", func(a *HubArgs) {
			a.Firewall, a.Egress.Rules = true, []egress.Rule{rule("git", "github.com")}
		}, []string{"egressSources"}},
		{"egress sources are private ranges", func(a *HubArgs) {
			a.Firewall, a.Egress.Rules = true, []egress.Rule{rule("git", "github.com")}
			a.EgressSources = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}
		}, []string{"egressSources[0]"}},
		{"every broken egress rule field", func(a *HubArgs) {
			a.Egress.Rules = []egress.Rule{
				rule("git", "github.com"),
				{Name: "git", FQDNs: []string{"*", "bad_host.com", "nodot", "*.ok.example.com", "-a.com"}, Protocol: "Mssql", Port: 0},
				{Name: "", Protocol: egress.HTTPS, Port: 65536},
			}
		}, []string{"egress.rules[1].fqdns[0]", "egress.rules[1].fqdns[1]", "egress.rules[1].fqdns[2]", "egress.rules[1].fqdns[4]",
			"egress.rules[1].name", "egress.rules[1].port", "egress.rules[1].protocol",
			"egress.rules[2].fqdns", "egress.rules[2].name", "egress.rules[2].port"}},
		{"management egress is checked too", func(a *HubArgs) { a.ManagementEgress = []egress.Rule{rule("arm", "*")} },
			[]string{"managementEgress[0].fqdns[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := hubArgs(t)
			a.SetDefaults()
			tc.mutate(a)
			err := a.Validate()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			requireProblems(t, err, tc.want...)
		})
	}
}

func TestHubWarnings(t *testing.T) {
	a := hubArgs(t)
	a.Production, a.Firewall, a.FirewallPublicIPs = true, true, 2
	ws := a.Warnings()
	require.Len(t, ws, 1)
	require.Equal(t, "firewallPublicIps", ws[0].Key)
	require.Contains(t, ws[0].Reason, "at least 20")
	a.FirewallPublicIPs = ProdFirewallPublicIPs
	require.Empty(t, a.Warnings())
	a.Production, a.FirewallPublicIPs = false, 1
	require.Empty(t, a.Warnings(), "one address is the dev default")
}

func TestSpokeArgsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(a *SpokeArgs)
		want   []string
	}{
		{"planned spoke is valid", func(a *SpokeArgs) {}, nil},
		{"custom ports are valid", func(a *SpokeArgs) { a.IngressPorts = []int{1, 8443, 65535} }, nil},
		{"ports out of range and repeated", func(a *SpokeArgs) { a.IngressPorts = []int{443, 443, 0, 65536} },
			[]string{"ingressPorts[1]", "ingressPorts[2]", "ingressPorts[3]"}},
		{"missing placement and subnet", func(a *SpokeArgs) {
			a.ResourceGroupName, a.Location = nil, nil
			a.Plan.Endpoints = Subnet{}
		}, []string{"location", "plan.endpoints.name", "plan.endpoints.prefix", "resourceGroupName"}},
		{"subnet outside the spoke", func(a *SpokeArgs) { a.Plan.Public.Prefix = netip.MustParsePrefix("10.0.0.0/8") },
			[]string{"plan.public.prefix"}},
		{"missing address space", func(a *SpokeArgs) { a.Plan.AddressSpace = netip.Prefix{} },
			[]string{"plan.addressSpace"}},
		{"explicit Internet source is valid", func(a *SpokeArgs) { a.IngressSource = IngressFromInternet }, nil},
		{"Front Door before Application Gateway is valid", func(a *SpokeArgs) {
			a.IngressSource, a.AppGateway = IngressFromFrontDoor, true
		}, nil},
		{"Front Door before a public load balancer is valid", func(a *SpokeArgs) {
			a.IngressSource, a.PublicLoadBalancer = IngressFromFrontDoor, true
		}, nil},
		{"Front Door before an internal ingress", func(a *SpokeArgs) { a.IngressSource = IngressFromFrontDoor },
			[]string{"ingressSource"}},
		{"unknown ingress source", func(a *SpokeArgs) { a.IngressSource, a.AppGateway = "AzureFrontDoor", true },
			[]string{"ingressSource"}},
		{"source is case-sensitive", func(a *SpokeArgs) { a.IngressSource, a.AppGateway = "internet", true },
			[]string{"ingressSource"}},
		{"no ingress port", func(a *SpokeArgs) { a.IngressPorts = nil }, []string{"ingressPorts"}},
		{"the hub's management subnet is valid", func(a *SpokeArgs) { a.ManagementPrefix = testRegion(t).Hub.Management.Prefix }, nil},
		{"a public management prefix", func(a *SpokeArgs) { a.ManagementPrefix = netip.MustParsePrefix("8.8.8.0/27") },
			[]string{"managementPrefix"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := spokeArgs(t)
			a.SetDefaults()
			tc.mutate(a)
			err := a.Validate()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			requireProblems(t, err, tc.want...)
		})
	}
}

func TestNilArgs(t *testing.T) {
	for token, err := range map[string]error{
		HubType:             (*HubArgs)(nil).Validate(),
		SpokeType:           (*SpokeArgs)(nil).Validate(),
		PeeringType:         (*PeeringArgs)(nil).Validate(),
		PrivateDNSZoneType:  (*PrivateDNSZoneArgs)(nil).Validate(),
		PrivateEndpointType: (*PrivateEndpointArgs)(nil).Validate(),
	} {
		t.Run(token, func(t *testing.T) {
			requireProblems(t, err, token)
			require.Equal(t, validation.Required(token).Error(), err.Error())
		})
	}
}

func TestSetDefaults(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args       HubArgs
		wantSKU    string
		wantIDPS   string
		wantIPs    int
		wantZones  []string
		wantEgress int // management rules
	}{
		{"dev", HubArgs{}, "Standard", "Off", 1, []string{}, len(DefaultManagementEgress)},
		{"prod", HubArgs{Production: true}, "Premium", "Deny", 20, []string{"1", "2", "3"}, len(DefaultManagementEgress)},
		{"prod with no zones and two IPs", HubArgs{Production: true, Zones: []string{}, FirewallPublicIPs: 2}, "Premium", "Deny", 2, []string{}, len(DefaultManagementEgress)},
		{"dev premium gets IDPS", HubArgs{FirewallSKU: "Premium"}, "Premium", "Deny", 1, []string{}, len(DefaultManagementEgress)},
		{"no management egress", HubArgs{ManagementEgress: []egress.Rule{}}, "Standard", "Off", 1, []string{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.args
			a.SetDefaults()
			require.Equal(t, tc.wantSKU, a.FirewallSKU)
			require.Equal(t, tc.wantIDPS, a.IDPS)
			require.Equal(t, "Deny", a.ThreatIntelMode)
			require.Equal(t, new(true), a.DNSProxy)
			require.Equal(t, tc.wantIPs, a.FirewallPublicIPs)
			require.Equal(t, tc.wantZones, a.Zones)
			require.Len(t, a.ManagementEgress, tc.wantEgress)
			again := a
			again.SetDefaults()
			require.Equal(t, a, again, "SetDefaults is idempotent")
		})
	}
	standard := HubArgs{Production: true, FirewallSKU: "Standard", DNSProxy: new(false)}
	standard.SetDefaults()
	require.Equal(t, "Standard", standard.FirewallSKU, "a set value stays")
	require.Equal(t, new(false), standard.DNSProxy, "a set value stays")

	var s SpokeArgs
	s.SetDefaults()
	require.Equal(t, []int{80, 443}, s.IngressPorts)
	require.Equal(t, "Internet", s.IngressSource)
	s.IngressPorts[0] = 8080
	require.Equal(t, []int{80, 443}, DefaultIngressPorts, "the defaults are copied, never shared")
	custom := SpokeArgs{IngressPorts: []int{8443}, IngressSource: IngressFromFrontDoor}
	custom.SetDefaults()
	require.Equal(t, []int{8443}, custom.IngressPorts)
	require.Equal(t, "AzureFrontDoor.Backend", custom.IngressSource)
}
