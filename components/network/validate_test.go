package network

import (
	"net/netip"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

func TestHubArgsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(a *HubArgs)
		want   []string // problem keys; none means valid
	}{
		{"planned hub is valid", func(a *HubArgs) {}, nil},
		{"premium over zones is valid", func(a *HubArgs) { a.FirewallSKU, a.Zones = "Premium", []string{"1", "2", "3"} }, nil},
		{"empty args report everything at once", func(a *HubArgs) { *a = HubArgs{} }, []string{
			"location", "plan.addressSpace", "plan.bastion.name", "plan.bastion.prefix", "plan.firewall.name",
			"plan.firewall.prefix", "plan.gateway.name", "plan.gateway.prefix", "resourceGroupName",
		}},
		{"special subnet renamed", func(a *HubArgs) { a.Plan.Gateway.Name = "gateway" }, []string{"plan.gateway.name"}},
		{"subnet outside the hub", func(a *HubArgs) { a.Plan.Bastion.Prefix = netip.MustParsePrefix("10.9.0.0/26") },
			[]string{"plan.bastion.prefix"}},
		{"subnet with host bits", func(a *HubArgs) { a.Plan.Firewall.Prefix = netip.MustParsePrefix("10.0.0.1/26") },
			[]string{"plan.firewall.prefix"}},
		{"subnets overlapping", func(a *HubArgs) { a.Plan.Bastion.Prefix = a.Plan.Firewall.Prefix },
			[]string{"plan.bastion.prefix"}},
		{"public address space", func(a *HubArgs) { a.Plan.AddressSpace = netip.MustParsePrefix("8.8.0.0/16") },
			[]string{"plan.addressSpace"}},
		{"unknown tier and zones", func(a *HubArgs) { a.FirewallSKU, a.Zones = "Basic", []string{"1", "4", "eastus-1"} },
			[]string{"firewallSku", "zones[1]", "zones[2]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := hubArgs(t)
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := spokeArgs(t)
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
	for name, err := range map[string]error{
		"hub":     (*HubArgs)(nil).Validate(),
		"spoke":   (*SpokeArgs)(nil).Validate(),
		"peering": (*PeeringArgs)(nil).Validate(),
		"zone":    (*PrivateDNSZoneArgs)(nil).Validate(),
		"pe":      (*PrivateEndpointArgs)(nil).Validate(),
	} {
		t.Run(name, func(t *testing.T) { requireProblems(t, err, "") })
	}
}

func TestDefaults(t *testing.T) {
	require.Equal(t, "Standard", (&HubArgs{}).firewallSKU())
	require.Equal(t, "Premium", (&HubArgs{FirewallSKU: "Premium"}).firewallSKU())
	require.Equal(t, []int{80, 443}, (&SpokeArgs{}).ingressPorts())
	require.Equal(t, []int{8443}, (&SpokeArgs{IngressPorts: []int{8443}, Location: pulumi.String("x")}).ingressPorts())
	require.Equal(t, "Internet", (&SpokeArgs{}).ingressSource())
	require.Equal(t, "AzureFrontDoor.Backend", (&SpokeArgs{IngressSource: IngressFromFrontDoor}).ingressSource())
}
