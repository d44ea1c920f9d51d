package stacks

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/internal/plan"
)

const (
	tCluster = aks.ManagedClusterType
	tSubnet  = "azure-native:network:Subnet"
)

// planStack plans a repository stack offline and returns its graph.
func planStack(t *testing.T, stack string) *plan.Graph {
	t.Helper()
	env, err := FromConfig(stackConfig(t, stack))
	require.NoError(t, err)
	g, err := plan.Run(Project, stack, Program(env))
	require.NoError(t, err)
	return g
}

// regionOf returns the location of the Region component above r, or "".
func regionOf(g *plan.Graph, r *plan.Resource) string {
	for _, a := range append([]*plan.Resource{r}, g.Ancestors(r)...) {
		if a.Type == RegionType {
			return a.Name
		}
	}
	return ""
}

func TestDevStack(t *testing.T) {
	g := planStack(t, "dev")
	regions := g.ByType(RegionType)
	require.Len(t, regions, 1)
	assert.Equal(t, "westeurope", regions[0].Name)

	for _, r := range g.Resources {
		if r.Type != RegionType {
			assert.Equal(t, "westeurope", regionOf(g, r), "%s %s sits under the region", r.Type, r.Name)
		}
	}
	clusters := g.ByType(tCluster)
	require.Len(t, clusters, 1)
	c := clusters[0]
	assert.Equal(t, "kubenet", c.String("networkProfile.networkPlugin"))
	subnetID := c.String("agentPoolProfiles[0].vnetSubnetID")
	var nodeSubnet *plan.Resource
	for _, s := range g.ByType(tSubnet) {
		if s.ID == subnetID {
			nodeSubnet = s
		}
	}
	require.NotNil(t, nodeSubnet, "the system pool sits in a subnet of the plan")
	assert.Equal(t, "private", nodeSubnet.String("subnetName"))
	assert.NotEmpty(t, nodeSubnet.String("routeTable.id"), "kubenet needs the route table on the node subnet")
	assert.Equal(t, "10.1.0.0/20", nodeSubnet.String("addressPrefix"))
	assert.Empty(t, g.ByType("azure-native:network:AzureFirewall"), "dev has no firewall")
	for _, r := range g.ByType("azure-native:resources:ResourceGroup") {
		assert.Equal(t, "dev", r.String("tags.environment"))
		assert.Equal(t, "platform-team", r.String("tags.owner"))
		assert.Equal(t, "aks-platform", r.String("tags.managedBy"))
	}
}

func TestProdStackIsTwoIndependentRegions(t *testing.T) {
	g := planStack(t, "prod")
	var locations []string
	for _, r := range g.ByType(RegionType) {
		locations = append(locations, r.Name)
	}
	assert.Equal(t, []string{"northeurope", "westeurope"}, locations)
	assert.Len(t, g.ByType("azure-native:network:AzureFirewall"), 2, "one hub firewall per region")

	for _, c := range g.ByType(tCluster) {
		assert.Equal(t, "azure", c.String("networkProfile.networkPlugin"))
		assert.Equal(t, "userDefinedRouting", c.String("networkProfile.outboundType"))
		zones, _ := c.Input("agentPoolProfiles[0].availabilityZones")
		require.True(t, zones.IsArray())
		assert.Len(t, zones.ArrayValue(), 3)
		auto, _ := c.Input("agentPoolProfiles[0].enableAutoScaling")
		assert.True(t, auto.IsBool() && auto.BoolValue(), "autoscaler on")
	}

	// Region independence: nothing under one region depends on anything under another.
	for _, r := range g.Resources {
		home := regionOf(g, r)
		for _, dep := range r.Dependencies {
			d := g.Lookup(dep)
			require.NotNil(t, d, "dependency %s was registered", dep)
			if other := regionOf(g, d); home != "" && other != "" {
				assert.Equal(t, home, other, "%s depends on %s across regions", r.URN, dep)
			}
		}
	}
}

func TestInvalidEnvironmentRegistersNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  func(t *testing.T) *Environment
		key  string
	}{
		{"a loaded environment with one bad value", func(t *testing.T) *Environment {
			env, err := FromConfig(stackConfig(t, "dev"))
			require.NoError(t, err)
			env.Ingress.Controller = "traefik"
			return env
		}, "aks-platform:ingress.controller"},
		{"an environment without regions", func(*testing.T) *Environment { return &Environment{Kind: Dev} }, "aks-platform:regions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// An Environment built or edited in Go is validated by Program itself.
			g, err := plan.Run(Project, "dev", Program(tc.env(t)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.key)
			assert.Empty(t, g.Resources)
		})
	}
}

func TestKubeconfigOutputIsSecret(t *testing.T) {
	env, err := FromConfig(stackConfig(t, "dev"))
	require.NoError(t, err)
	_, err = plan.Run(Project, "dev", func(ctx *pulumi.Context) error {
		addresses, err := env.AddressPlan()
		require.NoError(t, err)
		r, err := NewRegion(ctx, env, env.Regions[0], addresses, Global{})
		if err != nil {
			return err
		}
		res, err := internals.UnsafeAwaitOutput(context.Background(), r.Kubeconfig)
		require.NoError(t, err)
		assert.True(t, res.Secret, "the kubeconfig must be secret")
		assert.True(t, strings.Contains(res.Value.(string), "offline"), "the planner's placeholder kubeconfig")
		name, err := internals.UnsafeAwaitOutput(context.Background(), r.ClusterName)
		require.NoError(t, err)
		assert.False(t, name.Secret)
		return nil
	})
	require.NoError(t, err)
}

func TestApplicationsArgoCDMayDeployIntoWorkloadNamespaces(t *testing.T) {
	g := planStack(t, "dev")
	var namespaces []string
	for _, rb := range g.ByType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding") {
		namespaces = append(namespaces, rb.String("metadata.namespace"))
	}
	assert.Contains(t, namespaces, "orders", "the applications instance is bound in the workload's namespace")
}

func TestProdFrontDoorFrontsEveryRegionsIngress(t *testing.T) {
	g := planStack(t, "prod")
	fds := g.ByType("aksplatform:frontdoor:FrontDoor")
	require.Len(t, fds, 1)
	assert.Empty(t, regionOf(g, fds[0]), "Front Door is global, under no region")

	ingressIP := map[string]string{} // region -> the App Gateway's public IP
	for _, pip := range g.ByType("azure-native:network:PublicIPAddress") {
		if strings.HasSuffix(pip.Name, "-ingress-pip") {
			ip, _ := pip.Output("ipAddress")
			ingressIP[regionOf(g, pip)] = ip.StringValue()
		}
	}
	origins := map[string]string{}
	for _, o := range g.ByType("azure-native:cdn:AFDOrigin") {
		region := strings.TrimPrefix(o.Name, "prod-frontdoor-origin-")
		origins[region] = o.String("hostName")
		assert.Equal(t, "shop.aksplatform.example", o.String("originHostHeader"))
	}
	require.Len(t, ingressIP, 2)
	want := map[string]string{}
	for region := range ingressIP {
		want[region] = region + ".origin.aksplatform.example" // frontdoor.Spec.OriginHostName
	}
	assert.Equal(t, want, origins, "one origin per region, by a name its ingress certificate holds")
}

func TestDevHasNoFrontDoor(t *testing.T) {
	assert.Empty(t, planStack(t, "dev").ByType("aksplatform:frontdoor:FrontDoor"))
}

func TestProdIngressOnlyAcceptsItsFrontDoor(t *testing.T) {
	g := planStack(t, "prod")
	profile := g.ByType("azure-native:cdn:Profile")
	require.Len(t, profile, 1)
	fdID, ok := profile[0].Output("frontDoorId")
	require.True(t, ok)
	public := 0
	for _, nsg := range g.ByType("azure-native:network:NetworkSecurityGroup") {
		if !strings.HasSuffix(nsg.Name, "-public-nsg") {
			continue
		}
		public++
		assert.Equal(t, "AllowClientsToIngress", nsg.String("securityRules[0].name"), nsg.Name)
		assert.Equal(t, "AzureFrontDoor.Backend", nsg.String("securityRules[0].sourceAddressPrefix"),
			"%s: clients reach the ingress through Front Door only", nsg.Name)
	}
	assert.Equal(t, 2, public, "one public-subnet NSG per region was checked")
	wafs := g.ByType("azure-native:network:WebApplicationFirewallPolicy")
	require.Len(t, wafs, 2)
	for _, waf := range wafs {
		assert.Equal(t, "X-Azure-FDID", waf.String("customRules[0].matchConditions[0].matchVariables[0].selector"), waf.Name)
		assert.Equal(t, fdID.StringValue(), waf.String("customRules[0].matchConditions[0].matchValues[0]"), waf.Name)
		neg, _ := waf.Input("customRules[0].matchConditions[0].negationConditon")
		assert.True(t, neg.IsBool() && neg.BoolValue(), "%s blocks what does NOT carry the ID", waf.Name)
		assert.Equal(t, "Block", waf.String("customRules[0].action"), waf.Name)
	}
}

// ignoreRecorder is a minimal mock monitor that remembers the ignoreChanges option of each
// registration by name; plan.Graph does not record resource options.
type ignoreRecorder struct {
	mu     sync.Mutex
	ignore map[string][]string
}

func (m *ignoreRecorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if args.RegisterRPC != nil {
		m.ignore[args.Name] = args.RegisterRPC.GetIgnoreChanges()
	}
	return args.Name + "-id", args.Inputs, nil
}

func (m *ignoreRecorder) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// TestGlobalGroupOutlivesTheFirstRegion: the global resource group takes its location from
// regions[0] only when it is created; reordering or retiring regions must not replace it and
// the Front Door inside it.
func TestGlobalGroupOutlivesTheFirstRegion(t *testing.T) {
	env, err := FromConfig(stackConfig(t, "prod"))
	require.NoError(t, err)
	mon := &ignoreRecorder{ignore: map[string][]string{}}
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, _, err := newFrontDoor(ctx, env)
		return err
	}, pulumi.WithMocks(Project, "prod", mon))
	require.NoError(t, err)
	ignored, ok := mon.ignore["prod-global-rg"]
	require.True(t, ok, "the global resource group was registered")
	assert.Contains(t, ignored, "location")
}
