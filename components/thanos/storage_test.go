package thanos

import (
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/internal/contracttest"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const (
	tAccount   = "azure-native:storage:StorageAccount"
	tContainer = "azure-native:storage:BlobContainer"
	tService   = "azure-native:storage:BlobServiceProperties"
	tPolicy    = "azure-native:storage:ManagementPolicy"
	tEndpoint  = "azure-native:network:PrivateEndpoint"
	tFIC       = "azure-native:managedidentity:FederatedIdentityCredential"
	tRole      = "azure-native:authorization:RoleAssignment"
	tSA        = "kubernetes:core/v1:ServiceAccount"
	issuer     = "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/"
)

func provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	return kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("offline")})
}

func testArgs(production bool, p pulumi.ProviderResource) *StorageArgs {
	return &StorageArgs{
		Production:              production,
		AccountName:             AccountName("prod", "westeurope"),
		ResourceGroupName:       pulumi.String("rg-prod-westeurope-spoke"),
		Location:                pulumi.String("westeurope"),
		EndpointsSubnetID:       pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke/subnets/endpoints"),
		HubVNetID:               pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub"),
		SpokeVNetID:             pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke"),
		OIDCIssuerURL:           pulumi.String(issuer),
		KubernetesProvider:      p,
		LogAnalyticsWorkspaceID: pulumi.String(workspaceID),
	}
}

const workspaceID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"

func run(t *testing.T, mk func(p pulumi.ProviderResource) *StorageArgs) (*plan.Graph, error) {
	t.Helper()
	return plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		p, err := provider(ctx)
		if err != nil {
			return err
		}
		_, err = NewStorage(ctx, "weu-thanos", mk(p))
		return err
	})
}

func TestContract(t *testing.T) {
	contracttest.Run(t, contracttest.Contract[*StorageArgs]{
		Token:    ComponentType,
		Provider: provider,
		New:      contracttest.Build(NewStorage, "weu-thanos"),
		Copy:     func(a *StorageArgs) any { return a.Spec.clone() },
		Partial:  func(e contracttest.Env) *StorageArgs { return testArgs(true, e.Provider) },
		Defaults: func(t *testing.T, g *plan.Graph) {
			acct := g.Find(tAccount, "weu-thanos-account")
			require.NotNil(t, acct)
			assert.Equal(t, "Standard_ZRS", acct.String("sku.name"), "prod default SKU")
			assert.Equal(t, "Disabled", acct.String("publicNetworkAccess"), "prod default")
			days, _ := g.Find(tPolicy, "weu-thanos-retention").Input("policy.rules[0].definition.actions.baseBlob.delete.daysAfterModificationGreaterThan")
			assert.Equal(t, float64(395), days.NumberValue(), "prod default retention")
		},
		Invalid: []contracttest.Invalid[*StorageArgs]{{Name: "invalid spec", Args: func(e contracttest.Env) *StorageArgs {
			a := testArgs(true, e.Provider)
			a.Spec = Spec{RetentionDays: 5000, SoftDeleteDays: 400, SKU: "Premium_LRS", PublicNetworkAccess: new(true)}
			a.AccountName = "Thanos-Prod"
			a.EndpointsSubnetID = nil
			return a
		}, Keys: []string{"accountName", "endpointsSubnetId", "publicNetworkAccess", "retentionDays", "sku", "softDeleteDays"}}},
	})
}

// The account accepts Entra ID only, keeps deleted blobs and containers, deletes blocks after
// retentionDays, and is private in production; Thanos's identity trusts exactly its
// ServiceAccount and holds a data-plane role on the container only.
func TestStorage(t *testing.T) {
	for _, production := range []bool{false, true} {
		t.Run(map[bool]string{false: "dev", true: "prod"}[production], func(t *testing.T) {
			g, err := run(t, func(p pulumi.ProviderResource) *StorageArgs {
				a := testArgs(production, p)
				a.Spec.RetentionDays = 60
				return a
			})
			require.NoError(t, err)
			acct := g.Find(tAccount, "weu-thanos-account")
			require.NotNil(t, acct)
			for path, want := range map[string]bool{"allowSharedKeyAccess": false, "allowBlobPublicAccess": false,
				"defaultToOAuthAuthentication": true, "enableHttpsTrafficOnly": true} {
				v, ok := acct.Input(path)
				require.True(t, ok, path)
				assert.Equal(t, want, v.BoolValue(), path)
			}
			assert.Equal(t, AccountName("prod", "westeurope"), acct.String("accountName"))
			assert.Equal(t, "TLS1_2", acct.String("minimumTlsVersion"))
			assert.Equal(t, map[bool]string{false: "Enabled", true: "Disabled"}[production], acct.String("publicNetworkAccess"))
			assert.Len(t, g.ByType(tEndpoint), map[bool]int{false: 0, true: 1}[production], "a private endpoint in production")
			if production {
				assert.Equal(t, BlobGroupID, g.ByType(tEndpoint)[0].String("privateLinkServiceConnections[0].groupIds[0]"))
			}
			svc := g.Find(tService, "weu-thanos-blob-service")
			for _, p := range []string{"deleteRetentionPolicy", "containerDeleteRetentionPolicy"} {
				days, _ := svc.Input(p + ".days")
				assert.Equal(t, float64(map[bool]int{false: 7, true: 30}[production]), days.NumberValue(), p)
			}
			days, _ := g.Find(tPolicy, "weu-thanos-retention").Input("policy.rules[0].definition.actions.baseBlob.delete.daysAfterModificationGreaterThan")
			assert.Equal(t, float64(60), days.NumberValue())

			fic := g.Find(tFIC, "weu-thanos-fic")
			assert.Equal(t, "system:serviceaccount:monitoring:thanos", fic.String("subject"))
			assert.Equal(t, issuer, fic.String("issuer"))
			sa := g.Find(tSA, "weu-thanos-sa")
			assert.Equal(t, Namespace, sa.String("metadata.namespace"))
			assert.Contains(t, sa.Dependencies, fic.URN, "the ServiceAccount waits for the federated credential")
			roles := g.ByType(tRole)
			require.Len(t, roles, 1)
			assert.Contains(t, roles[0].String("roleDefinitionId"), rbac.StorageBlobDataContributor.GUID())
			container := g.Find(tContainer, "weu-thanos-container")
			assert.Contains(t, roles[0].Dependencies, container.URN, "scoped to the container, not the account")
			assert.Equal(t, "None", container.String("publicAccess"))
		})
	}
}

func TestSpecValidate(t *testing.T) {
	cases := []struct {
		name       string
		spec       Spec
		production bool
		want       []string
	}{
		{name: "dev defaults", spec: Spec{}},
		{name: "prod defaults", spec: Spec{}, production: true},
		{name: "prod refuses a public endpoint", spec: Spec{PublicNetworkAccess: new(true)}, production: true, want: []string{"publicNetworkAccess"}},
		{name: "dev may open it", spec: Spec{PublicNetworkAccess: new(true)}},
		{name: "ranges", spec: Spec{RetentionDays: 4000, SoftDeleteDays: 366, SKU: "Premium_LRS"}, want: []string{"retentionDays", "sku", "softDeleteDays"}},
		{name: "disabled is not checked", spec: Spec{Enabled: new(false), SKU: "nope"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.spec
			s.SetDefaults(tc.production)
			err := s.Validate(tc.production)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.want, verr.Keys())
		})
	}
}

// Account names are deterministic, valid and distinct per environment and region: every
// region knows every other region's bucket from config alone.
func TestAccountName(t *testing.T) {
	seen := map[string]bool{}
	for _, env := range []string{"dev", "prod", "a-very-long-environment-name"} {
		for _, loc := range []string{"westeurope", "northeurope", "swedencentral"} {
			n := AccountName(env, loc)
			assert.Regexp(t, accountNameRE, n)
			assert.Equal(t, n, AccountName(env, loc))
			assert.False(t, seen[n], n)
			seen[n] = true
		}
	}
}

// The blob service's reads, writes and deletes go to the region's workspace: the setting names
// the account's blob service, not the account, which has metrics only. Production refuses to
// run without a workspace.
func TestStorageDiagnostics(t *testing.T) {
	g, err := run(t, func(p pulumi.ProviderResource) *StorageArgs { return testArgs(true, p) })
	require.NoError(t, err)
	ds := g.Find("azure-native:insights:DiagnosticSetting", "weu-thanos-blob-diag")
	require.NotNil(t, ds)
	account := g.Find(tAccount, "weu-thanos-account")
	require.NotNil(t, account)
	assert.Equal(t, account.ID+"/blobServices/default", ds.String("resourceUri"))
	assert.Equal(t, workspaceID, ds.String("workspaceId"))
	assert.Equal(t, "StorageRead", ds.String("logs[0].category"))

	a := testArgs(true, nil)
	a.LogAnalyticsWorkspaceID = nil
	var verr *validation.Error
	require.ErrorAs(t, a.Validate(), &verr)
	assert.Contains(t, verr.Keys(), "logAnalyticsWorkspaceId")
}
