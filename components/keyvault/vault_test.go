package keyvault

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const (
	tVault      = "azure-native:keyvault:Vault"
	tSecret     = "azure-native:keyvault:Secret"
	tPassword   = "random:index/randomPassword:RandomPassword"
	tRole       = "azure-native:authorization:RoleAssignment"
	tEndpoint   = "azure-native:network:PrivateEndpoint"
	tZone       = "azure-native:network:PrivateZone"
	tLink       = "azure-native:network:VirtualNetworkLink"
	tZoneGroup  = "azure-native:network:PrivateDnsZoneGroup"
	adminGroup  = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
	subnetID    = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/endpoints"
	hubVNetID   = "/subscriptions/s/resourceGroups/hub/providers/Microsoft.Network/virtualNetworks/hub"
	spokeVNetID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke"
	workspaceID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"
	tDiag       = "azure-native:insights:DiagnosticSetting"
)

var clock = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

func testArgs(production bool) *VaultArgs {
	return &VaultArgs{
		Spec: Spec{
			AdminGroupObjectIDs: []string{adminGroup},
			Secrets:             []SecretSpec{{Name: "db-password", RotationDays: 90}, {Name: "api-key", Length: 48, Special: new(false)}},
		},
		Production:        production,
		ResourceGroupName: pulumi.String("rg"),
		Location:          pulumi.String("westeurope"),
		EndpointsSubnetID: pulumi.String(subnetID),
		HubVNetID:         pulumi.String(hubVNetID),
		SpokeVNetID:       pulumi.String(spokeVNetID),
		Now:               clock,
		// Every test vault logs; TestAuditLog covers a dev vault without a workspace.
		LogAnalyticsWorkspaceID: pulumi.String(workspaceID),
		Tags:                    pulumi.StringMap{"owner": pulumi.String("platform")},
	}
}

// awaited is what the tests learn about an output by awaiting it inside the program.
type awaited struct {
	value  any
	secret bool
}

// run plans a program with one vault named "kv" and awaits the given outputs of it.
func run(t *testing.T, args *VaultArgs, outputs func(*Vault) map[string]pulumi.Output) (*plan.Graph, map[string]awaited, error) {
	t.Helper()
	got := map[string]awaited{}
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		v, err := NewVault(ctx, "kv", args)
		if err != nil || outputs == nil {
			return err
		}
		for k, o := range outputs(v) {
			res, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
			if err != nil {
				return err
			}
			got[k] = awaited{res.Value, res.Secret}
		}
		return nil
	})
	return g, got, err
}

func boolInput(t *testing.T, r *plan.Resource, path string) bool {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok, "%s has no input %s", r.Name, path)
	require.True(t, v.IsBool(), "%s.%s is %v", r.Name, path, v)
	return v.BoolValue()
}

func TestProductionVault(t *testing.T) {
	g, _, err := run(t, testArgs(true), nil)
	require.NoError(t, err)

	comp := g.Find("aksplatform:keyvault:Vault", "kv")
	require.NotNil(t, comp)
	for _, r := range g.Resources {
		if r != comp {
			assert.Contains(t, g.Ancestors(r), comp, "%s %s must sit under the Vault", r.Type, r.Name)
		}
	}

	vaults := g.ByType(tVault)
	require.Len(t, vaults, 1)
	v := vaults[0]
	assert.Equal(t, comp.URN, v.Parent)
	assert.Equal(t, DeriveVaultName("aks-platform", "test", "kv"), v.String("vaultName"))
	assert.True(t, boolInput(t, v, "properties.enableRbacAuthorization"))
	if ap, ok := v.Input("properties.accessPolicies"); ok {
		assert.True(t, ap.IsNull() || (ap.IsArray() && len(ap.ArrayValue()) == 0), "no access policies in RBAC mode, got %v", ap)
	}
	assert.True(t, boolInput(t, v, "properties.enablePurgeProtection"))
	assert.True(t, boolInput(t, v, "properties.enableSoftDelete"))
	days, _ := v.Input("properties.softDeleteRetentionInDays")
	assert.Equal(t, 90.0, days.NumberValue())
	assert.Equal(t, "Disabled", v.String("properties.publicNetworkAccess"))
	assert.Equal(t, "Deny", v.String("properties.networkAcls.defaultAction"))
	assert.Equal(t, "AzureServices", v.String("properties.networkAcls.bypass"))
	assert.Equal(t, "standard", v.String("properties.sku.name"))
	assert.Equal(t, "A", v.String("properties.sku.family"))
	assert.Equal(t, plan.PlaceholderTenant, v.String("properties.tenantId"), "tenant from getClientConfig")
	require.Len(t, g.Calls, 1)
	assert.Equal(t, "azure-native:authorization:getClientConfig", g.Calls[0].Token)

	// Private endpoint to the vault in the endpoints subnet, with its DNS zone group.
	pes := g.ByType(tEndpoint)
	require.Len(t, pes, 1)
	pe := pes[0]
	assert.Equal(t, subnetID, pe.String("subnet.id"))
	assert.Equal(t, v.ID, pe.String("privateLinkServiceConnections[0].privateLinkServiceId"))
	assert.Equal(t, "vault", pe.String("privateLinkServiceConnections[0].groupIds[0]"))
	zones := g.ByType(tZone)
	require.Len(t, zones, 1)
	assert.Equal(t, "privatelink.vaultcore.azure.net", zones[0].String("privateZoneName"))
	groups := g.ByType(tZoneGroup)
	require.Len(t, groups, 1)
	assert.Equal(t, zones[0].ID, groups[0].String("privateDnsZoneConfigs[0].privateDnsZoneId"))
	var linked []string
	for _, l := range g.ByType(tLink) {
		linked = append(linked, l.String("virtualNetwork.id"))
	}
	assert.ElementsMatch(t, []string{hubVNetID, spokeVNetID}, linked)

	// Key Vault Administrator for the admin group, on the vault.
	roles := g.ByType(tRole)
	require.Len(t, roles, 1)
	assert.Equal(t, v.ID, roles[0].String("scope"))
	assert.Equal(t, adminGroup, roles[0].String("principalId"))
	assert.Equal(t, "Group", roles[0].String("principalType"))
	assert.True(t, strings.HasSuffix(roles[0].String("roleDefinitionId"), "/roleDefinitions/"+rbac.KeyVaultAdministrator.GUID()))
}

func TestDevVault(t *testing.T) {
	cases := []struct {
		name     string
		mutate   func(*VaultArgs)
		public   string
		action   string
		ipRules  []string
		endpoint bool
	}{
		{"defaults: private, with an endpoint", func(*VaultArgs) {}, "Disabled", "Deny", nil, true},
		{"ranges open the public endpoint to them alone", func(a *VaultArgs) { a.Spec.AllowedIPRanges = []string{"203.0.113.0/24", "198.51.100.7"} },
			"Enabled", "Deny", []string{"203.0.113.0/24", "198.51.100.7"}, false},
		{"public off gets an endpoint", func(a *VaultArgs) { a.Spec.PublicNetworkAccess = new(false) }, "Disabled", "Deny", nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := testArgs(false)
			tc.mutate(args)
			g, _, err := run(t, args, nil)
			require.NoError(t, err)
			v := g.ByType(tVault)[0]
			assert.True(t, boolInput(t, v, "properties.enableRbacAuthorization"))
			assert.True(t, boolInput(t, v, "properties.enablePurgeProtection"))
			assert.Equal(t, tc.public, v.String("properties.publicNetworkAccess"))
			assert.Equal(t, tc.action, v.String("properties.networkAcls.defaultAction"))
			var rules []string
			if ips, ok := v.Input("properties.networkAcls.ipRules"); ok && ips.IsArray() {
				for i := range ips.ArrayValue() {
					rules = append(rules, v.String(validation.Index("properties.networkAcls.ipRules", i)+".value"))
				}
			}
			assert.Equal(t, tc.ipRules, rules)
			assert.Equal(t, tc.endpoint, len(g.ByType(tEndpoint)) == 1)
			assert.Equal(t, tc.endpoint, len(g.ByType(tZoneGroup)) == 1)
		})
	}
}

func TestTagsReachVaultAndSecrets(t *testing.T) {
	g, _, err := run(t, testArgs(true), nil)
	require.NoError(t, err)
	for _, typ := range []string{tVault, tSecret} {
		for _, r := range g.ByType(typ) {
			assert.Equal(t, "platform", r.String("tags.owner"), "%s %s carries the tags", typ, r.Name)
		}
	}
}

func TestExplicitTenantAndName(t *testing.T) {
	args := testArgs(true)
	args.TenantID = pulumi.String("22222222-2222-2222-2222-222222222222")
	args.Spec.Name = "kv-platform-prod"
	g, _, err := run(t, args, nil)
	require.NoError(t, err)
	v := g.ByType(tVault)[0]
	assert.Equal(t, "22222222-2222-2222-2222-222222222222", v.String("properties.tenantId"))
	assert.Equal(t, "kv-platform-prod", v.String("vaultName"))
	assert.Empty(t, g.Calls, "no getClientConfig when the tenant is given")
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	args := testArgs(true)
	args.EndpointsSubnetID = nil
	args.Spec.SoftDeleteRetentionDays = 100
	args.Spec.Secrets[1].Length = 12
	g, _, err := run(t, args, nil)
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
	assert.Equal(t, []string{"endpointsSubnetId", "secrets[1].length", "softDeleteRetentionDays"}, verr.Keys())
	assert.Empty(t, g.Resources)
	assert.Equal(t, 12, args.Spec.Secrets[1].Length, "args are not mutated")
	assert.Nil(t, args.Spec.PublicNetworkAccess, "args are not defaulted in place")
}

// walkPlain calls f on every string that is not inside a secret.
func walkPlain(v resource.PropertyValue, f func(string)) {
	switch {
	case v.IsSecret():
	case v.IsString():
		f(v.StringValue())
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			walkPlain(e, f)
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			walkPlain(e, f)
		}
	case v.IsOutput():
		if !v.OutputValue().Secret {
			walkPlain(v.OutputValue().Element, f)
		}
	}
}

// The vault's AuditEvent log goes to the workspace through one diagnostic setting under the
// Vault; production cannot go without it, dev may.
func TestAuditLog(t *testing.T) {
	g, _, err := run(t, testArgs(true), nil)
	require.NoError(t, err)
	diags := g.ByType(tDiag)
	require.Len(t, diags, 1)
	d, v := diags[0], g.ByType(tVault)[0]
	assert.Equal(t, g.Find(ComponentType, "kv").URN, d.Parent)
	assert.Equal(t, v.ID, d.String("resourceUri"))
	assert.Equal(t, workspaceID, d.String("workspaceId"))
	assert.Equal(t, "AuditEvent", d.String("logs[0].category"))

	dev := testArgs(false)
	dev.LogAnalyticsWorkspaceID = nil
	g, _, err = run(t, dev, nil)
	require.NoError(t, err)
	assert.Empty(t, g.ByType(tDiag), "a dev vault without a workspace logs nowhere")

	prod := testArgs(true)
	prod.LogAnalyticsWorkspaceID = nil
	g, _, err = run(t, prod, nil)
	var verr *validation.Error
	require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
	assert.Equal(t, []string{"logAnalyticsWorkspaceId"}, verr.Keys())
	assert.Empty(t, g.Resources, "nothing registered")
}
