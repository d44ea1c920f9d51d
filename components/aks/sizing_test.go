package aks

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSurgeNodes(t *testing.T) {
	for _, tc := range []struct {
		surge    string
		maxNodes int
		want     int
	}{
		{"1", 10, 1},
		{"5", 3, 5},
		{"33%", 9, 3},
		{"33%", 10, 4}, // 3.3 rounds up
		{"100%", 7, 7},
		{"10%", 1, 1},
		{"", 10, 1}, // malformed counts as one; Validate reports it
	} {
		assert.Equal(t, tc.want, SurgeNodes(tc.surge, tc.maxNodes), "%s of %d", tc.surge, tc.maxNodes)
	}
}

func TestDemand(t *testing.T) {
	s := Spec{
		NetworkPlugin: AzureCNI,
		SystemPool:    NodePool{Name: "system", Count: 3, MaxPods: 30, MaxSurge: "1"},
		UserPools: []NodePool{
			{Name: "apps", MinCount: 2, MaxCount: 20, MaxPods: 50, MaxSurge: "33%"},
		},
	}
	d := s.Demand()
	assert.Equal(t, 23, d.MaxNodes())
	assert.Equal(t, 3+1+20+7, d.Nodes())
	assert.Equal(t, 4*31+27*51, d.NodeSubnetAddresses())
	assert.Equal(t, 0, d.PodCIDRBlocks(), "flat CNI takes no pod CIDR")

	s.NetworkPlugin = AzureCNIOverlay
	d = s.Demand()
	assert.Equal(t, 31, d.NodeSubnetAddresses(), "overlay: one address per node")
	assert.Equal(t, 31, d.PodCIDRBlocks(), "overlay: one /24 per node")
}

func TestCheckNodeSubnet(t *testing.T) {
	fiftyCNINodes := Spec{NetworkPlugin: AzureCNI, SystemPool: NodePool{Name: "system", Count: 50, MaxPods: 30, MaxSurge: "1"}}
	for _, tc := range []struct {
		name   string
		spec   Spec
		subnet string
		want   string // "" for no problem
	}{
		{"CNI 50 nodes x 30 pods in a /28", fiftyCNINodes, "10.1.0.0/28",
			"networkPlugin: Azure CNI with 51 nodes (50 + 1 upgrade surge) x (30 pods + 1) needs 1,581 addresses but subnet 10.1.0.0/28 holds 11 usable (16 minus 5 reserved by Azure); use a /21 or larger (the node subnet)"},
		{"CNI 50 nodes x 30 pods in a /21", fiftyCNINodes, "10.1.0.0/21", ""},
		{"CNI 50 nodes x 30 pods in a /22", fiftyCNINodes, "10.1.0.0/22", "networkPlugin: Azure CNI with 51 nodes (50 + 1 upgrade surge) x (30 pods + 1) needs 1,581 addresses"},
		{"kubenet counts nodes only", Spec{NetworkPlugin: Kubenet, SystemPool: NodePool{Name: "system", Count: 50, MaxPods: 110, MaxSurge: "1"}}, "10.1.0.0/26", ""},
		{"overlay too many nodes for a /27", Spec{NetworkPlugin: AzureCNIOverlay, SystemPool: NodePool{Name: "system", MinCount: 3, MaxCount: 40, MaxPods: 250, MaxSurge: "10%"}}, "10.1.0.0/27",
			"networkPlugin: Azure CNI Overlay with 44 nodes (40 + 4 upgrade surge) needs 44 addresses but subnet 10.1.0.0/27 holds 27 usable (32 minus 5 reserved by Azure); use a /26 or larger (the node subnet)"},
		{"mixed maxPods list the pools", Spec{NetworkPlugin: AzureCNI,
			SystemPool: NodePool{Name: "system", Count: 2, MaxPods: 30, MaxSurge: "1"},
			UserPools:  []NodePool{{Name: "apps", Count: 4, MaxPods: 60, MaxSurge: "1"}}}, "10.1.0.0/25",
			"systemPool 3 x (30 pods + 1) + userPools[0] 5 x (60 pods + 1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.spec.CheckNodeSubnet(netip.MustParsePrefix(tc.subnet))
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, []string{"networkPlugin"}, problemKeys(t, err))
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestClusterRanges(t *testing.T) {
	s := devSpec()
	s.SetDefaults(false)
	rs := s.ClusterRanges()
	require.Len(t, rs, 2)
	assert.Equal(t, "podCidr", rs[0].Key)
	assert.Equal(t, DefaultPodCIDR, rs[0].Prefix)
	assert.Equal(t, "serviceCidr", rs[1].Key)

	p := prodSpec()
	p.SetDefaults(true)
	rs = p.ClusterRanges()
	require.Len(t, rs, 1, "flat Azure CNI has no pod CIDR")
	assert.Equal(t, "serviceCidr", rs[0].Key)
}
