package network

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }

func TestUsable(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		want   int
	}{
		{"10.0.0.0/32", 0},
		{"10.0.0.0/30", 0},
		{"10.0.0.0/29", 3},
		{"10.0.0.0/28", 11},
		{"10.0.0.0/24", 251},
		{"10.0.0.0/16", 65531},
	} {
		t.Run(tc.prefix, func(t *testing.T) { require.Equal(t, tc.want, Usable(pfx(tc.prefix))) })
	}
}

func TestIsAzureReserved(t *testing.T) {
	subnet := pfx("10.1.0.0/24")
	for addr, want := range map[string]bool{
		"10.1.0.0": true, "10.1.0.1": true, "10.1.0.2": true, "10.1.0.3": true, "10.1.0.255": true,
		"10.1.0.4": false, "10.1.0.254": false, "10.1.0.100": false,
	} {
		require.Equal(t, want, IsAzureReserved(subnet, netip.MustParseAddr(addr)), addr)
	}
}

func TestBitsFor(t *testing.T) {
	for _, tc := range []struct{ need, want int }{
		{0, 29}, {1, 29}, {3, 29}, {4, 28}, {11, 28}, {12, 27}, {251, 24}, {252, 23}, {65531, 16}, {65532, 15},
	} {
		require.Equal(t, tc.want, BitsFor(tc.need), "BitsFor(%d)", tc.need)
		require.NoError(t, CheckCapacity(netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), tc.want), tc.need, "x"),
			"the suggested /%d must hold %d", tc.want, tc.need)
	}
}

func TestCheckCapacity(t *testing.T) {
	for _, tc := range []struct {
		name    string
		subnet  string
		need    int
		wantErr string // substring; "" means it fits
	}{
		{"/29 holds 3", "10.0.0.0/29", 3, ""},
		{"/29 is too small for 8", "10.0.0.0/29", 8, "holds 3 usable (8 minus 5 reserved by Azure); use a /28"},
		{"/24 exactly full", "10.0.0.0/24", 251, ""},
		{"/24 off by one", "10.0.0.0/24", 252, "10.0.0.0/24 holds 251 usable (256 minus 5 reserved by Azure); use a /23"},
		{"/16 with room", "10.0.0.0/16", 1000, ""},
		{"Azure CNI sizing in thousands", "10.11.1.32/28", 2294, "needs 2,294 addresses but subnet 10.11.1.32/28 holds 11 usable (16 minus 5 reserved by Azure); use a /20"},
		{"IPv6 is refused, not sized", "fd00::/64", 3, "subnet fd00::/64 is not an IPv4 prefix"},
		{"unset subnet", "", 3, "subnet invalid Prefix is not an IPv4 prefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var subnet netip.Prefix
			if tc.subnet != "" {
				subnet = pfx(tc.subnet)
			}
			err := CheckCapacity(subnet, tc.need, "node pool system")
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, "node pool system needs")
			require.ErrorContains(t, err, tc.wantErr)
			// One problem keyed "": merged under the caller's key, as aks files it under networkPlugin.
			var ps validation.Problems
			ps.Merge("aks.networkPlugin", err)
			require.Len(t, ps, 1)
			require.Equal(t, "aks.networkPlugin", ps[0].Key)
		})
	}
}

func TestNewAddressPlanCarves(t *testing.T) {
	p, err := NewAddressPlan(PlanInput{Regions: []RegionInput{
		{
			Location: "eastus",
			Hub:      HubInput{AddressSpace: pfx("10.0.0.0/24")}, // the three special subnets and a /27 to spare
			Spoke:    SpokeInput{AddressSpace: pfx("10.1.0.0/16")},
		},
		{
			Location: "westus",
			Hub:      HubInput{AddressSpace: pfx("10.10.0.0/23"), ManagementBits: 25},
			Spoke:    SpokeInput{AddressSpace: pfx("100.64.0.0/20"), PrivateBits: 21, PublicBits: 26, EndpointsBits: 28},
		},
	}})
	require.NoError(t, err)
	require.Len(t, p.Regions, 2)
	east, ok := p.Region("eastus")
	require.True(t, ok)
	require.Equal(t, HubPlan{
		AddressSpace: pfx("10.0.0.0/24"),
		Firewall:     Subnet{FirewallSubnetName, "Azure Firewall", pfx("10.0.0.0/26")},
		Bastion:      Subnet{BastionSubnetName, "Azure Bastion", pfx("10.0.0.64/26")},
		Gateway:      Subnet{GatewaySubnetName, "VPN / ExpressRoute gateway", pfx("10.0.0.128/27")},
		Management:   Subnet{ManagementSubnetName, "CI runners and jump hosts", pfx("10.0.0.160/27")},
	}, east.Hub)
	require.Equal(t, pfx("10.1.0.0/17"), east.Spoke.Private.Prefix, "private takes half the spoke")
	require.Equal(t, pfx("10.1.128.0/24"), east.Spoke.Public.Prefix)
	require.Equal(t, pfx("10.1.129.0/27"), east.Spoke.Endpoints.Prefix)
	require.Equal(t, []string{"public", "private", "private-endpoints"},
		[]string{east.Spoke.Public.Name, east.Spoke.Private.Name, east.Spoke.Endpoints.Name})

	west, ok := p.Region("westus")
	require.True(t, ok)
	require.Equal(t, pfx("10.10.1.0/25"), west.Hub.Management.Prefix, "a /25 runner subnet fits a /23 hub")
	require.Equal(t, 21, west.Spoke.Private.Prefix.Bits())
	require.Equal(t, 26, west.Spoke.Public.Prefix.Bits())
	require.Equal(t, 28, west.Spoke.Endpoints.Prefix.Bits())
	for _, r := range p.Regions {
		requireInsideAndDisjoint(t, r.Hub.AddressSpace, r.Hub.Subnets())
		requireInsideAndDisjoint(t, r.Spoke.AddressSpace, r.Spoke.Subnets())
	}
	_, ok = p.Region("northeurope")
	require.False(t, ok)
}

func requireInsideAndDisjoint(t *testing.T, space netip.Prefix, subnets []Subnet) {
	t.Helper()
	for i, s := range subnets {
		require.True(t, s.Prefix.IsValid(), "%s carved", s.Name)
		require.True(t, space.Bits() <= s.Prefix.Bits() && space.Contains(s.Prefix.Addr()), "%s inside %s", s.Prefix, space)
		for _, o := range subnets[:i] {
			require.False(t, s.Prefix.Overlaps(o.Prefix), "%s overlaps %s", s.Prefix, o.Prefix)
		}
	}
}

// region is a valid region with hub 10.<n>.0.0/24 and spoke 10.<n+1>.0.0/16, for tests to break.
func region(hub, spoke string) RegionInput {
	return RegionInput{Location: "eastus", Hub: HubInput{AddressSpace: pfx(hub)}, Spoke: SpokeInput{AddressSpace: pfx(spoke)}}
}

func TestNewAddressPlanProblems(t *testing.T) {
	for _, tc := range []struct {
		name    string
		regions []RegionInput
		want    []string // keys, sorted
		reason  string   // substring of the first problem's reason
	}{
		{"hub /25 too small for the three special subnets",
			[]RegionInput{region("10.0.0.0/25", "10.1.0.0/16")},
			[]string{"regions[0].hub.addressSpace"}, "no room for GatewaySubnet /27"},
		{"hub /24 with no room for a /26 management subnet next to the others",
			[]RegionInput{{Hub: HubInput{AddressSpace: pfx("10.0.0.0/24"), ManagementBits: 25}, Spoke: SpokeInput{AddressSpace: pfx("10.1.0.0/16")}}},
			[]string{"regions[0].hub.addressSpace"}, "no room for management /25"},
		{"management subnet size out of range",
			[]RegionInput{{Hub: HubInput{AddressSpace: pfx("10.0.0.0/24"), ManagementBits: 30}, Spoke: SpokeInput{AddressSpace: pfx("10.1.0.0/16")}}},
			[]string{"regions[0].hub.managementSubnetPrefixLength"}, "/30 must be between /24 (the whole hub) and /29"},
		{"spoke full after the private subnet",
			[]RegionInput{{Hub: HubInput{AddressSpace: pfx("10.0.0.0/24")}, Spoke: SpokeInput{AddressSpace: pfx("10.1.0.0/24"), PrivateBits: 24}}},
			[]string{"regions[0].spoke.addressSpace"}, "no room left for the public subnet /26"},
		{"spoke too small for the default sizes",
			[]RegionInput{region("10.0.0.0/24", "10.1.0.0/28")},
			[]string{"regions[0].spoke.addressSpace"}, "too small for the default private-endpoints subnet /27; use a /25"},
		{"a /32 spoke is reported with a subnet size that exists",
			[]RegionInput{region("10.0.0.0/24", "10.1.0.0/32")},
			[]string{"regions[0].spoke.addressSpace"}, "10.1.0.0/32 is too small for the default private subnet /29"},
		{"subnet sizes out of range",
			[]RegionInput{{Hub: HubInput{AddressSpace: pfx("10.0.0.0/24")}, Spoke: SpokeInput{AddressSpace: pfx("10.1.0.0/16"), PrivateBits: 8, PublicBits: 30}}},
			[]string{"regions[0].spoke.privateSubnetPrefixLength", "regions[0].spoke.publicSubnetPrefixLength"}, "/8 must be between /16"},
		{"hub and spoke overlap",
			[]RegionInput{region("10.0.0.0/24", "10.0.0.0/16")},
			[]string{"regions[0].spoke.addressSpace"}, "overlaps regions[0].hub.addressSpace 10.0.0.0/24"},
		{"spokes overlap across regions",
			[]RegionInput{region("10.0.0.0/24", "10.1.0.0/16"), region("10.2.0.0/24", "10.1.128.0/17")},
			[]string{"regions[1].spoke.addressSpace"}, "overlaps regions[0].spoke.addressSpace 10.1.0.0/16"},
		{"cluster ranges overlap a VNet and each other",
			[]RegionInput{{Hub: HubInput{AddressSpace: pfx("10.0.0.0/24")}, Spoke: SpokeInput{AddressSpace: pfx("10.1.0.0/16")},
				ClusterRanges: []NamedRange{
					{Key: "aks.serviceCidr", Prefix: pfx("10.0.0.0/16")},
					{Key: "aks.podCidr", Prefix: pfx("10.0.0.0/14")},
					{Key: "aks.unset"},
				}}},
			[]string{"aks.podCidr", "aks.podCidr", "aks.podCidr", "aks.serviceCidr"}, "overlaps regions[0].hub.addressSpace"},
		{"host bits set",
			[]RegionInput{region("10.0.0.0/24", "10.1.0.1/16")},
			[]string{"regions[0].spoke.addressSpace"}, "did you mean 10.1.0.0/16?"},
		{"public range",
			[]RegionInput{region("8.8.8.0/24", "10.1.0.0/16")},
			[]string{"regions[0].hub.addressSpace"}, "not a private range"},
		{"range starting private but reaching into public space",
			[]RegionInput{region("10.0.0.0/7", "192.168.0.0/15")},
			[]string{"regions[0].hub.addressSpace", "regions[0].spoke.addressSpace"}, "not a private range"},
		{"IPv6",
			[]RegionInput{region("fd00::/48", "10.1.0.0/16")},
			[]string{"regions[0].hub.addressSpace"}, "not IPv4"},
		{"missing address space",
			[]RegionInput{{Location: "eastus", Hub: HubInput{AddressSpace: pfx("10.0.0.0/24")}}},
			[]string{"regions[0].spoke.addressSpace"}, "is required"},
		{"every problem of every region at once",
			[]RegionInput{
				{Spoke: SpokeInput{AddressSpace: pfx("10.1.0.1/16")}},
				{Hub: HubInput{AddressSpace: pfx("8.8.8.0/24")}, Spoke: SpokeInput{AddressSpace: pfx("10.2.0.0/16"), PublicBits: 30},
					ClusterRanges: []NamedRange{{Key: "regions[1].podCidr", Prefix: pfx("10.2.0.0/16")}}},
				region("10.3.0.0/25", "10.2.128.0/17"),
			},
			[]string{
				"regions[0].hub.addressSpace", "regions[0].spoke.addressSpace",
				"regions[1].hub.addressSpace", "regions[1].podCidr", "regions[1].podCidr", // overlaps its own spoke and region 2's
				"regions[1].spoke.publicSubnetPrefixLength",
				"regions[2].hub.addressSpace", "regions[2].spoke.addressSpace",
			}, "is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewAddressPlan(PlanInput{Regions: tc.regions})
			require.Nil(t, p, "no plan from an invalid input")
			requireProblems(t, err, tc.want...)
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			require.Contains(t, verr.Problems[0].Reason, tc.reason)
		})
	}
}

// TestAddressPlanRegion checks the lookup a stack uses to find a region's hub and spoke by
// location: exact names, the first of a repeated location, nothing for an unknown one.
func TestAddressPlanRegion(t *testing.T) {
	p := &AddressPlan{Regions: []RegionPlan{
		{Location: "northeurope", Hub: HubPlan{AddressSpace: pfx("10.10.0.0/22")}},
		{Location: "westeurope", Hub: HubPlan{AddressSpace: pfx("10.20.0.0/22")}},
		{Location: "westeurope", Hub: HubPlan{AddressSpace: pfx("10.30.0.0/22")}},
	}}
	for _, tc := range []struct {
		location string
		want     string // hub address space; "" means not found
	}{
		{"northeurope", "10.10.0.0/22"},
		{"westeurope", "10.20.0.0/22"},
		{"WestEurope", ""},
		{"eastus", ""},
		{"", ""},
	} {
		r, ok := p.Region(tc.location)
		require.Equal(t, tc.want != "", ok, tc.location)
		if ok {
			require.Equal(t, tc.location, r.Location)
			require.Equal(t, tc.want, r.Hub.AddressSpace.String())
		}
	}
}

func TestNewAddressPlanEmpty(t *testing.T) {
	p, err := NewAddressPlan(PlanInput{})
	require.NoError(t, err)
	require.Empty(t, p.Regions)
}

// BenchmarkNewAddressPlan measures carving and checking a ten-region plan.
func BenchmarkNewAddressPlan(b *testing.B) {
	var in PlanInput
	for i := range 10 {
		in.Regions = append(in.Regions, RegionInput{
			Location: fmt.Sprintf("region%d", i),
			Hub:      HubInput{AddressSpace: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(2 * i), 0, 0}), 22)},
			Spoke:    SpokeInput{AddressSpace: netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(2*i + 1), 0, 0}), 16)},
		})
	}
	for b.Loop() {
		if _, err := NewAddressPlan(in); err != nil {
			b.Fatal(err)
		}
	}
}
