package stacks

import (
	"net/netip"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// loadStack loads a repository stack: defaulted and validated.
func loadStack(t *testing.T, stack string) *Environment {
	t.Helper()
	env, err := FromConfig(stackConfig(t, stack))
	require.NoError(t, err)
	return env
}

// partialEnvironment is an environment as an embedding tool writes it in Go: only what has no
// default.
func partialEnvironment() *Environment {
	return &Environment{
		Kind: Dev,
		Tags: map[string]string{"owner": "platform-team"},
		Regions: []RegionSpec{{
			Location:                "westeurope",
			Hub:                     network.HubInput{AddressSpace: netip.MustParsePrefix("10.0.0.0/22")},
			Spoke:                   network.SpokeInput{AddressSpace: netip.MustParsePrefix("10.1.0.0/16"), PrivateBits: 20},
			NodeOSMaintenanceWindow: &aks.MaintenanceWindow{Day: "Monday"},
		}},
		Ingress: ingress.Spec{Controller: ingress.ControllerNGINX, CertManager: ingress.CertManagerSpec{Email: "platform-team@example.com"}},
		GitOps:  gitops.Spec{Enabled: new(false)},
	}
}

func TestSetDefaultsFillsOnlyWhatIsLeftOutAndIsIdempotent(t *testing.T) {
	for name, env := range map[string]*Environment{"partial": partialEnvironment(), "dev": loadStack(t, "dev"), "prod": loadStack(t, "prod")} {
		t.Run(name, func(t *testing.T) {
			env.SetDefaults()
			once := env.clone()
			env.SetDefaults()
			assert.Equal(t, once, env, "a second SetDefaults changes nothing")
		})
	}
	env := partialEnvironment()
	env.SetDefaults()
	assert.Equal(t, "dev", env.Name)
	assert.Equal(t, "Standard", env.Hub.FirewallSKU)
	assert.Equal(t, aks.Kubenet, env.AKS.NetworkPlugin, "the sections are defaulted")
	w := env.Regions[0].NodeOSMaintenanceWindow
	assert.Equal(t, aks.MaintenanceWindow{Day: "Monday", IntervalWeeks: 1, StartTime: "00:00", DurationHours: 4, UTCOffset: "+00:00"}, *w,
		"a region's window is completed like the cluster's, keeping its own day")
	assert.Nil(t, env.Regions[0].MaintenanceWindow, "a window the region leaves out stays the cluster's")
	require.NoError(t, env.Validate())

	named := &Environment{Name: "blue", Kind: Prod}
	named.SetDefaults()
	assert.Equal(t, "blue", named.Name, "a name of its own is kept")
	bad := &Environment{Kind: "qa"}
	bad.SetDefaults()
	assert.Empty(t, bad.Name, "no name from something that is not a stage")
}

func TestValidateIsPure(t *testing.T) {
	env := loadStack(t, "prod")
	env.Ingress.Controller = "traefik"
	env.Regions[1].Spoke.AddressSpace = env.Regions[0].Spoke.AddressSpace
	before := env.clone()
	first := env.Validate()
	second := env.Validate()
	require.Error(t, first)
	assert.Equal(t, first, second, "the same environment, the same answer: nothing is remembered")
	assert.Equal(t, before, env, "Validate changes nothing")

	raw := partialEnvironment()
	before = raw.clone()
	keys := problemKeys(t, raw.Validate())
	assert.Equal(t, before, raw, "Validate fills no default")
	assert.Contains(t, keys, "aks-platform:name", "left out is reported, not filled: %v", keys)
	assert.Contains(t, keys, "aks-platform:hub.firewallSku")
	for k := range keys {
		assert.Regexp(t, `^aks-platform:`, k)
	}
}

func TestAddressPlanIsComputedFromTheEnvironmentAsItIs(t *testing.T) {
	env := loadStack(t, "dev")
	p, err := env.AddressPlan()
	require.NoError(t, err)
	rp, ok := p.Region("westeurope")
	require.True(t, ok)
	assert.Equal(t, "10.1.0.0/20", rp.Spoke.Private.Prefix.String())

	env.Regions[0].Spoke.AddressSpace = netip.MustParsePrefix("10.9.0.0/16")
	p, err = env.AddressPlan()
	require.NoError(t, err)
	rp, _ = p.Region("westeurope")
	assert.Equal(t, "10.9.0.0/20", rp.Spoke.Private.Prefix.String(), "computed afresh")

	env.AKS.PodCIDR = netip.MustParsePrefix("10.9.0.0/16")
	_, err = env.AddressPlan()
	keys := problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:aks.podCidr"], "overlaps regions[0].spoke.addressSpace", "full keys")
}

// An embedder loads an environment, edits it and runs Program: the program builds what the
// environment says now, never what it said when it was loaded.
func TestProgramBuildsTheEditedEnvironment(t *testing.T) {
	env := loadStack(t, "dev")
	env.Regions = append(env.Regions, RegionSpec{
		Location: "northeurope",
		Hub:      network.HubInput{AddressSpace: netip.MustParsePrefix("10.2.0.0/22")},
		Spoke:    network.SpokeInput{AddressSpace: netip.MustParsePrefix("10.3.0.0/16"), PrivateBits: 20},
	})
	g, err := plan.Run(Project, "dev", Program(env))
	require.NoError(t, err)
	var regions []string
	for _, r := range g.ByType(RegionType) {
		regions = append(regions, r.Name)
	}
	assert.ElementsMatch(t, []string{"westeurope", "northeurope"}, regions, "the added region is built")
	subnets := map[string]string{}
	for _, s := range g.ByType(tSubnet) {
		if s.String("subnetName") == "private" {
			subnets[regionOf(g, s)] = s.String("addressPrefix")
		}
	}
	assert.Equal(t, map[string]string{"westeurope": "10.1.0.0/20", "northeurope": "10.3.0.0/20"}, subnets,
		"each region's subnets come from the plan of the edited environment")

	env.Regions[1].Spoke.AddressSpace = netip.MustParsePrefix("10.1.0.0/16") // overlaps westeurope's spoke
	g, err = plan.Run(Project, "dev", Program(env))
	keys := problemKeys(t, err)
	assert.Contains(t, keys["aks-platform:regions[1].spoke.addressSpace"], "overlaps regions[0].spoke.addressSpace")
	assert.Empty(t, g.Resources, "a broken CIDR registers nothing")
}

func TestProgramDefaultsACopyAndLeavesTheEnvironmentAlone(t *testing.T) {
	env := partialEnvironment()
	before := env.clone()
	g, err := plan.Run(Project, "dev", Program(env))
	require.NoError(t, err, "a partial environment gets its defaults")
	assert.Len(t, g.ByType(RegionType), 1)
	assert.Equal(t, before, env, "the caller's environment is not modified")
	assert.Empty(t, env.Name)

	// The same program, run again after an edit, builds the edit: it takes env when it runs.
	program := Program(env)
	env.Kind = Prod
	env.Tags["owner"] = ""
	g, err = plan.Run(Project, "prod", program)
	keys := problemKeys(t, err)
	assert.Contains(t, keys, "aks-platform:tags.owner")
	assert.Empty(t, g.Resources)
}

func TestNewRegionNeedsItsRegionInThePlan(t *testing.T) {
	env := loadStack(t, "dev")
	other := &network.AddressPlan{}
	_, err := plan.Run(Project, "dev", func(ctx *pulumi.Context) error {
		_, err := NewRegion(ctx, env, env.Regions[0], other, Global{})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no region westeurope")
}

func TestCloneSharesNothing(t *testing.T) {
	env := loadStack(t, "prod")
	env.AKS.UserPools[0].Zones = []string{}
	env.AKS.SystemPool.Labels = nil
	c := env.clone()
	require.Equal(t, env, c)
	assert.NotNil(t, c.AKS.UserPools[0].Zones, "zones: [] stays an explicit empty list")
	assert.Nil(t, c.AKS.SystemPool.Labels, "a left-out map stays left out")

	c.Regions[1].MaintenanceWindow.Day = "Friday"
	c.AKS.UserPools[0].Zones = append(c.AKS.UserPools[0].Zones, "1")
	c.AKS.SystemPool.Zones[0] = "9"
	c.Tags["owner"] = "someone"
	c.Workloads[0].Secrets[0] = "other"
	*c.AKS.LocalAccountsDisabled = false
	assert.Equal(t, "Tuesday", env.Regions[1].MaintenanceWindow.Day)
	assert.Empty(t, env.AKS.UserPools[0].Zones)
	assert.Equal(t, "1", env.AKS.SystemPool.Zones[0])
	assert.Equal(t, "platform-team", env.Tags["owner"])
	assert.Equal(t, "orders-db-password", env.Workloads[0].Secrets[0])
	assert.True(t, *env.AKS.LocalAccountsDisabled)
}

type fakeWarner validation.Warnings

func (f fakeWarner) Warnings(time.Time) validation.Warnings { return validation.Warnings(f) }

func TestWarningsCarryFullKeysInAStableOrder(t *testing.T) {
	got := collectWarnings([]keyedWarner{
		{"aks", fakeWarner{{Key: "networkPlugin", Reason: "kubenet retires"}, {Key: "kubernetesVersion", Reason: "ends soon"}}},
		{"ingress", fakeWarner{{Key: "controller", Reason: "b"}, {Key: "controller", Reason: "a"}}},
		{"workloads[0]", fakeWarner{{Key: "name", Reason: "x"}}},
	}, time.Time{})
	assert.Equal(t, validation.Warnings{
		{Key: "aks-platform:aks.kubernetesVersion", Reason: "ends soon"},
		{Key: "aks-platform:aks.networkPlugin", Reason: "kubenet retires"},
		{Key: "aks-platform:ingress.controller", Reason: "a"},
		{Key: "aks-platform:ingress.controller", Reason: "b"},
		{Key: "aks-platform:workloads[0].name", Reason: "x"},
	}, got)

	for _, stack := range []string{"dev", "prod"} {
		env := loadStack(t, stack)
		before := env.clone()
		ws := env.Warnings()
		assert.Equal(t, before, env, "Warnings changes nothing")
		for _, w := range ws {
			assert.Regexp(t, `^aks-platform:`, w.Key)
		}
	}
}
