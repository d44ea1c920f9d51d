package aks

import (
	"net/netip"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

const (
	testRG      = "rg-platform"
	subnetID    = "/subscriptions/s/resourceGroups/rg-platform/providers/Microsoft.Network/virtualNetworks/spoke/subnets/private"
	routeTable  = "/subscriptions/s/resourceGroups/rg-platform/providers/Microsoft.Network/routeTables/spoke-rt"
	hubVNet     = "/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub"
	spokeVNet   = "/subscriptions/s/resourceGroups/rg-platform/providers/Microsoft.Network/virtualNetworks/spoke"
	workspaceID = "/subscriptions/s/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/logs"
)

// devArgs wires a dev spec the way the dev stack does: no firewall, kubenet with the route table.
func devArgs() *ClusterArgs {
	return &ClusterArgs{
		Spec:                    devSpec(),
		ResourceGroupName:       pulumi.String(testRG),
		LocationName:            "westeurope",
		NodeSubnetID:            pulumi.String(subnetID),
		NodeSubnet:              netip.MustParsePrefix("10.1.0.0/24"),
		RouteTableID:            pulumi.String(routeTable),
		HubVNetID:               pulumi.String(hubVNet),
		SpokeVNetID:             pulumi.String(spokeVNet),
		LogAnalyticsWorkspaceID: pulumi.String(workspaceID),
		Tags:                    pulumi.StringMap{"environment": pulumi.String("dev")},
		Today:                   testDay,
	}
}

// testDay pins the day versions are judged on, so the tests do not age with the calendar.
var testDay = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// prodArgs wires a prod spec: Azure CNI, hub firewall egress, authorized ranges.
func prodArgs() *ClusterArgs {
	a := devArgs()
	a.Spec = prodSpec()
	a.Production = true
	a.NodeSubnet = netip.MustParsePrefix("10.1.0.0/20")
	a.UserDefinedRouting = true
	a.FirewallEgressIPs = pulumi.ToStringArray([]string{"203.0.113.7", "203.0.113.8"})
	return a
}

// result is what a test program saw: the graph plus the component and its resolved outputs.
type result struct {
	g       *plan.Graph
	c       *Cluster
	mu      sync.Mutex
	outputs map[string]string
}

func (r *result) capture(key string, o pulumi.StringOutput) {
	o.ApplyT(func(v string) string {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.outputs[key] = v
		return v
	})
}

// runCluster registers a cluster under the offline planner's mocks.
func runCluster(t *testing.T, name string, args *ClusterArgs) *result {
	t.Helper()
	r := &result{outputs: map[string]string{}}
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		c, err := NewCluster(ctx, name, args)
		if err != nil {
			return err
		}
		r.c = c
		r.capture("kubeconfig", c.Kubeconfig)
		r.capture("kubeletObjectId", c.KubeletObjectID)
		r.capture("kubeletClientId", c.KubeletClientID)
		r.capture("oidcIssuerUrl", c.OIDCIssuerURL)
		r.capture("nodeResourceGroup", c.NodeResourceGroup)
		r.capture("controlPlanePrincipalId", c.ControlPlanePrincipalID)
		r.capture("clusterName", c.ClusterName)
		return nil
	})
	require.NoError(t, err)
	r.g = g
	return r
}

func find(t *testing.T, g *plan.Graph, typ, name string) *plan.Resource {
	t.Helper()
	res := g.Find(typ, name)
	require.NotNil(t, res, "no %s named %s; have %v", typ, name, g.CountByType())
	return res
}

// assertInputs checks inputs by path; a nil want means the input must be absent.
func assertInputs(t *testing.T, res *plan.Resource, want map[string]any) {
	t.Helper()
	for path, w := range want {
		v, ok := res.Input(path)
		if w == nil {
			assert.False(t, ok, "%s: %s should be absent, is %v", res.Name, path, v)
			continue
		}
		if !assert.True(t, ok, "%s: no input %s", res.Name, path) {
			continue
		}
		assert.Equal(t, w, v.Mappable(), "%s: %s", res.Name, path)
	}
}

func TestDevClusterUsesKubenetWithRouteTable(t *testing.T) {
	r := runCluster(t, "dev-weu", devArgs())
	comp := find(t, r.g, ComponentType, "dev-weu")
	mc := find(t, r.g, ManagedClusterType, "dev-weu-aks")
	assert.Equal(t, comp.URN, mc.Parent)

	assertInputs(t, mc, map[string]any{
		"resourceName":                                  "dev-weu",
		"dnsPrefix":                                     "dev-weu",
		"kubernetesVersion":                             "1.37",
		"sku.tier":                                      "Free",
		"networkProfile.networkPlugin":                  "kubenet",
		"networkProfile.networkPluginMode":              nil,
		"networkProfile.networkPolicy":                  "calico",
		"networkProfile.podCidr":                        "10.244.0.0/16",
		"networkProfile.serviceCidr":                    "172.16.0.0/16",
		"networkProfile.dnsServiceIP":                   "172.16.0.10",
		"networkProfile.outboundType":                   "loadBalancer",
		"agentPoolProfiles[0].name":                     "system",
		"agentPoolProfiles[0].osType":                   "Linux",
		"agentPoolProfiles[0].osDiskType":               "Managed",
		"agentPoolProfiles[0].vmSize":                   "Standard_D2s_v5",
		"agentPoolProfiles[0].mode":                     "System",
		"agentPoolProfiles[0].vnetSubnetID":             subnetID,
		"agentPoolProfiles[0].count":                    float64(1),
		"agentPoolProfiles[0].enableAutoScaling":        false,
		"agentPoolProfiles[0].maxPods":                  float64(110),
		"agentPoolProfiles[0].nodeTaints":               []any{CriticalAddonsTaint},
		"agentPoolProfiles[0].orchestratorVersion":      "1.37",
		"agentPoolProfiles[0].upgradeSettings.maxSurge": "1",
		"agentPoolProfiles[0].availabilityZones":        nil,
		"disableLocalAccounts":                          false,
		"apiServerAccessProfile.enablePrivateCluster":   false,
		"apiServerAccessProfile.authorizedIPRanges":     nil,
	})

	// kubenet writes pod routes into the spoke's route table: the control plane identity gets
	// Network Contributor on it, and the cluster waits for that grant.
	identity := find(t, r.g, "azure-native:managedidentity:UserAssignedIdentity", "dev-weu-identity")
	principal := identity.Outputs["principalId"].StringValue()
	grant := find(t, r.g, "azure-native:authorization:RoleAssignment", "dev-weu-routes-network-contributor")
	assert.Equal(t, routeTable, grant.String("scope"))
	assert.Equal(t, principal, grant.String("principalId"))
	assert.Contains(t, grant.String("roleDefinitionId"), "4d97b98b-1d4f-4787-a291-c67834d212e7")
	assert.Contains(t, mc.Dependencies, grant.URN)
	subnetGrant := find(t, r.g, "azure-native:authorization:RoleAssignment", "dev-weu-subnet-network-contributor")
	assert.Equal(t, subnetID, subnetGrant.String("scope"))
	assert.Contains(t, mc.Dependencies, subnetGrant.URN)
	assert.Equal(t, []any{identity.ID}, mustInput(t, mc, "identity.userAssignedIdentities").Mappable())
	assert.Equal(t, "UserAssigned", mc.String("identity.type"))

	pool := find(t, r.g, AgentPoolType, "dev-weu-pool-apps")
	assert.Equal(t, comp.URN, pool.Parent)
	assertInputs(t, pool, map[string]any{
		"agentPoolName":       "apps",
		"osType":              "Linux",
		"resourceName":        "dev-weu",
		"mode":                "User",
		"vnetSubnetID":        subnetID,
		"orchestratorVersion": "1.37",
		"maxPods":             float64(110),
		"nodeTaints":          nil,
	})
	assert.Empty(t, r.g.ByType("aksplatform:network:PrivateDNSZone"), "a public cluster has no private zone")
}

func TestProdClusterUsesAzureCNIZonesAndAutoscaler(t *testing.T) {
	r := runCluster(t, "prod-weu", prodArgs())
	mc := find(t, r.g, ManagedClusterType, "prod-weu-aks")
	assertInputs(t, mc, map[string]any{
		"sku.tier":                                                               "Standard",
		"networkProfile.networkPlugin":                                           "azure",
		"networkProfile.networkPluginMode":                                       nil,
		"networkProfile.outboundType":                                            "userDefinedRouting",
		"networkProfile.loadBalancerSku":                                         "standard",
		"agentPoolProfiles[0].availabilityZones":                                 []any{"1", "2", "3"},
		"agentPoolProfiles[0].enableAutoScaling":                                 true,
		"agentPoolProfiles[0].minCount":                                          float64(3),
		"agentPoolProfiles[0].maxCount":                                          float64(5),
		"agentPoolProfiles[0].count":                                             float64(3),
		"agentPoolProfiles[0].maxPods":                                           float64(30),
		"agentPoolProfiles[0].upgradeSettings.maxSurge":                          "33%",
		"disableLocalAccounts":                                                   true,
		"aadProfile.managed":                                                     true,
		"aadProfile.enableAzureRBAC":                                             true,
		"enableRBAC":                                                             true,
		"oidcIssuerProfile.enabled":                                              true,
		"securityProfile.workloadIdentity.enabled":                               true,
		"autoUpgradeProfile.upgradeChannel":                                      "patch",
		"autoUpgradeProfile.nodeOSUpgradeChannel":                                "NodeImage",
		"addonProfiles.azureKeyvaultSecretsProvider.enabled":                     true,
		"addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation": "true",
		"addonProfiles.azureKeyvaultSecretsProvider.config.rotationPollInterval": "2m",
		"addonProfiles.azurepolicy.enabled":                                      true,
		"addonProfiles.omsagent.enabled":                                         true,
		"addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID":          workspaceID,
		"addonProfiles.omsagent.config.useAADAuth":                               "true",
		"workloadAutoScalerProfile.keda.enabled":                                 false,
		"autoScalerProfile.balanceSimilarNodeGroups":                             "true",
		"autoScalerProfile.expander":                                             "random",
		"autoScalerProfile.scaleDownUtilizationThreshold":                        "0.5",
		"autoScalerProfile.maxGracefulTerminationSec":                            "600",
		// the firewall's egress IP joins the authorized ranges, or nodes could not reach the API
		"apiServerAccessProfile.authorizedIPRanges": []any{"198.51.100.0/24", "203.0.113.7/32", "203.0.113.8/32"},
	})
	pool := find(t, r.g, AgentPoolType, "prod-weu-pool-apps")
	assertInputs(t, pool, map[string]any{
		"availabilityZones": []any{"1", "2", "3"},
		"enableAutoScaling": true,
		"minCount":          float64(3),
		"maxCount":          float64(10),
		"maxPods":           float64(30),
	})
	for _, w := range []struct{ name, config, day string }{
		{"prod-weu-maintenance-upgrade", AutoUpgradeScheduleName, "Sunday"},
		{"prod-weu-maintenance-nodeos", NodeOSUpgradeScheduleName, "Saturday"},
	} {
		m := find(t, r.g, MaintenanceConfigurationType, w.name)
		assertInputs(t, m, map[string]any{
			"configName":   w.config,
			"resourceName": "prod-weu",
			"maintenanceWindow.schedule.weekly.dayOfWeek":     w.day,
			"maintenanceWindow.schedule.weekly.intervalWeeks": float64(1),
			"maintenanceWindow.durationHours":                 float64(4),
			"maintenanceWindow.startTime":                     "00:00",
			"maintenanceWindow.utcOffset":                     "+00:00",
		})
	}
}

func TestKubeconfigIsSecretAndFeedsTheProvider(t *testing.T) {
	r := runCluster(t, "dev-weu", devArgs())
	require.NotNil(t, r.c)
	assert.True(t, pulumi.IsSecret(r.c.Kubeconfig), "the kubeconfig output must be secret")
	assert.False(t, pulumi.IsSecret(r.c.ClusterName), "sanity: IsSecret tells secrets apart")
	assert.Contains(t, r.outputs["kubeconfig"], "apiVersion: v1", "decoded from base64")

	prov := find(t, r.g, "pulumi:providers:kubernetes", "dev-weu-k8s")
	assert.Equal(t, find(t, r.g, ComponentType, "dev-weu").URN, prov.Parent)
	assert.True(t, prov.InputIsSecret("kubeconfig"), "the provider receives the kubeconfig as a secret")

	var calls []string
	for _, c := range r.g.Calls {
		calls = append(calls, c.Token)
	}
	// the user credentials, and the client config that names the deployer
	assert.ElementsMatch(t, []string{"azure-native:containerservice/v20240901:listManagedClusterUserCredentials",
		"azure-native:authorization:getClientConfig"}, calls)
	i := slices.Index(calls, "azure-native:containerservice/v20240901:listManagedClusterUserCredentials")
	call := r.g.Calls[i]
	assert.Equal(t, "exec", call.Args["format"].StringValue())
	assert.Equal(t, "dev-weu", call.Args["resourceName"].StringValue())
}

func TestOutputsComeFromTheCluster(t *testing.T) {
	r := runCluster(t, "dev-weu", devArgs())
	mc := find(t, r.g, ManagedClusterType, "dev-weu-aks")
	out := func(path string) string {
		v, ok := mc.Output(path)
		require.True(t, ok, path)
		return v.StringValue()
	}
	assert.Equal(t, out("identityProfile.kubeletidentity.objectId"), r.outputs["kubeletObjectId"])
	assert.Equal(t, out("identityProfile.kubeletidentity.clientId"), r.outputs["kubeletClientId"])
	assert.Equal(t, out("oidcIssuerProfile.issuerURL"), r.outputs["oidcIssuerUrl"])
	assert.Equal(t, out("nodeResourceGroup"), r.outputs["nodeResourceGroup"])
	assert.Equal(t, "dev-weu", r.outputs["clusterName"])
	identity := find(t, r.g, "azure-native:managedidentity:UserAssignedIdentity", "dev-weu-identity")
	assert.Equal(t, identity.Outputs["principalId"].StringValue(), r.outputs["controlPlanePrincipalId"])
	for _, key := range []string{"kubeletObjectId", "oidcIssuerUrl", "nodeResourceGroup"} {
		assert.NotEmpty(t, r.outputs[key], key)
	}
}

func TestEveryChildIsParentedToTheComponent(t *testing.T) {
	r := runCluster(t, "dev-weu", devArgs())
	comp := find(t, r.g, ComponentType, "dev-weu")
	for _, res := range r.g.Resources {
		if res == comp {
			continue
		}
		anc := r.g.Ancestors(res)
		require.NotEmpty(t, anc, "%s %s has no parent", res.Type, res.Name)
		assert.Equal(t, comp.URN, anc[len(anc)-1].URN, "%s %s", res.Type, res.Name)
		assert.Regexp(t, `^dev-weu-`, res.Name)
	}
}

func mustInput(t *testing.T, res *plan.Resource, path string) resource.PropertyValue {
	t.Helper()
	v, ok := res.Input(path)
	require.True(t, ok, "%s: no input %s", res.Name, path)
	return v
}
