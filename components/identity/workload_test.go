package identity

import (
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const (
	tComponent = "aksplatform:identity:WorkloadIdentity"
	tIdentity  = "azure-native:managedidentity:UserAssignedIdentity"
	tFIC       = "azure-native:managedidentity:FederatedIdentityCredential"
	tRole      = "azure-native:authorization:RoleAssignment"
	tNamespace = "kubernetes:core/v1:Namespace"
	tSA        = "kubernetes:core/v1:ServiceAccount"
	tSPC       = "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass"
	issuer     = "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/"
	vaultID    = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-platform"
	registryID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr"
	dataRG     = "/subscriptions/s/resourceGroups/data"
)

// args wires one workload; provider is filled in by run.
func args(spec Spec) *WorkloadIdentityArgs {
	return &WorkloadIdentityArgs{
		Spec:              spec,
		Production:        true,
		ResourceGroupName: pulumi.String("rg"),
		Location:          pulumi.String("westeurope"),
		OIDCIssuerURL:     pulumi.String(issuer),
		Scopes: map[string]pulumi.StringInput{
			ScopeKeyVault: pulumi.String(vaultID),
			ScopeRegistry: pulumi.String(registryID),
		},
		KeyVaultName: pulumi.String("kv-platform"),
	}
}

// stringMap returns the string-valued object input at path.
func stringMap(t *testing.T, r *plan.Resource, path string) map[string]string {
	t.Helper()
	v, ok := r.Input(path)
	require.True(t, ok && v.IsObject(), "%s has no object %s", r.Name, path)
	m := map[string]string{}
	for k, e := range v.ObjectValue() {
		require.True(t, e.IsString(), "%s.%s is %v", path, k, e)
		m[string(k)] = e.StringValue()
	}
	return m
}

// run plans a cluster provider plus the workload "orders" and awaits its outputs.
func run(t *testing.T, a *WorkloadIdentityArgs) (*plan.Graph, map[string]string, error) {
	t.Helper()
	outputs := map[string]string{}
	g, err := plan.Run("aks-platform", "test", func(ctx *pulumi.Context) error {
		if a.KubernetesProvider == nil {
			p, err := kubernetes.NewProvider(ctx, "cluster", &kubernetes.ProviderArgs{})
			if err != nil {
				return err
			}
			a.KubernetesProvider = p
		}
		w, err := NewWorkloadIdentity(ctx, "orders", a)
		if err != nil {
			return err
		}
		for k, o := range map[string]pulumi.StringOutput{
			"clientId": w.ClientID, "principalId": w.PrincipalID, "identityId": w.IdentityID,
			"serviceAccountName": w.ServiceAccountName, "namespace": w.Namespace,
			"secretProviderClassName": w.SecretProviderClassName,
		} {
			res, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
			if err != nil {
				return err
			}
			s, _ := res.Value.(string)
			outputs[k] = s
		}
		return nil
	})
	return g, outputs, err
}

func TestWorkloadIdentity(t *testing.T) {
	g, out, err := run(t, args(Spec{
		Name: "orders", Namespace: "shop", ServiceAccount: "orders-api",
		Secrets: []string{"db-password", "api-key"},
	}))
	require.NoError(t, err)
	comp := g.Find(tComponent, "orders")
	require.NotNil(t, comp)
	provider := g.Find("pulumi:providers:kubernetes", "cluster")
	require.NotNil(t, provider)
	for _, r := range g.Resources {
		if r == comp || r == provider {
			continue
		}
		assert.Equal(t, comp.URN, r.Parent, "%s %s must be a child of the workload", r.Type, r.Name)
		if strings.HasPrefix(r.Type, "kubernetes:") {
			assert.Equal(t, provider.URN+"::"+provider.ID, r.Provider, "%s uses the cluster's provider", r.Name)
		}
	}

	id := g.Find(tIdentity, "orders-id")
	require.NotNil(t, id)
	assert.Equal(t, "rg", id.String("resourceGroupName"))
	clientID := id.Outputs["clientId"].StringValue()
	principalID := id.Outputs["principalId"].StringValue()

	fic := g.Find(tFIC, "orders-fic")
	require.NotNil(t, fic)
	assert.Equal(t, issuer, fic.String("issuer"))
	assert.Equal(t, "system:serviceaccount:shop:orders-api", fic.String("subject"))
	assert.Equal(t, "api://AzureADTokenExchange", fic.String("audiences[0]"))
	assert.Equal(t, id.Outputs["name"].StringValue(), fic.String("resourceName"))

	ns := g.Find(tNamespace, "orders-ns")
	require.NotNil(t, ns)
	assert.Equal(t, "shop", ns.String("metadata.name"))

	sa := g.Find(tSA, "orders-sa")
	require.NotNil(t, sa)
	assert.Equal(t, "orders-api", sa.String("metadata.name"))
	assert.Equal(t, "shop", sa.String("metadata.namespace"))
	assert.Equal(t, map[string]string{"azure.workload.identity/client-id": clientID, "azure.workload.identity/tenant-id": plan.PlaceholderTenant},
		stringMap(t, sa, "metadata.annotations"))
	// The webhook reads the use label on pods only; on the ServiceAccount it would suggest a
	// setting that does nothing (AKS workload identity overview, labels and annotations).
	assert.NotContains(t, stringMap(t, sa, "metadata.labels"), "azure.workload.identity/use", "the use label belongs on pods")
	assert.Equal(t, map[string]string{"azure.workload.identity/use": "true"}, PodLabels())
	assert.Contains(t, sa.Dependencies, fic.URN, "the ServiceAccount waits for the federation")
	assert.Contains(t, sa.Dependencies, ns.URN, "the ServiceAccount waits for its namespace")

	roles := g.ByType(tRole)
	require.Len(t, roles, 1, "default role only")
	assert.Equal(t, "orders-key-vault-secrets-user-keyvault", roles[0].Name)
	assert.Equal(t, vaultID, roles[0].String("scope"))
	assert.Equal(t, principalID, roles[0].String("principalId"))
	assert.Equal(t, "ServicePrincipal", roles[0].String("principalType"))
	assert.True(t, strings.HasSuffix(roles[0].String("roleDefinitionId"), rbac.KeyVaultSecretsUser.GUID()))

	spc := g.Find(tSPC, "orders-spc")
	require.NotNil(t, spc)
	assert.Equal(t, "orders-secrets", spc.String("metadata.name"))
	assert.Equal(t, "shop", spc.String("metadata.namespace"))
	assert.Equal(t, "azure", spc.String("spec.provider"))
	assert.Equal(t, "false", spc.String("spec.parameters.usePodIdentity"))
	assert.Equal(t, clientID, spc.String("spec.parameters.clientID"))
	assert.Equal(t, "kv-platform", spc.String("spec.parameters.keyvaultName"))
	assert.Equal(t, plan.PlaceholderTenant, spc.String("spec.parameters.tenantId"), "tenant of the identity")
	assert.Equal(t, ObjectsParameter([]string{"db-password", "api-key"}), spc.String("spec.parameters.objects"))

	assert.Equal(t, map[string]string{
		"clientId": clientID, "principalId": principalID, "identityId": id.ID,
		"serviceAccountName": "orders-api", "namespace": "shop", "secretProviderClassName": "orders-secrets",
	}, out)
}

func TestWorkloadVariants(t *testing.T) {
	t.Run("existing namespace, explicit roles and tenant", func(t *testing.T) {
		a := args(Spec{
			Name: "batch", Namespace: "jobs", CreateNamespace: new(false),
			Roles: []RoleSpec{{Role: rbac.AcrPull, Scope: ScopeRegistry}, {Role: rbac.StorageBlobDataReader, Scope: dataRG}},
		})
		a.TenantID = pulumi.String("22222222-2222-2222-2222-222222222222")
		g, out, err := run(t, a)
		require.NoError(t, err)
		assert.Empty(t, g.ByType(tNamespace), "createNamespace false")
		assert.Empty(t, g.ByType(tSPC), "no secrets, no SecretProviderClass")
		assert.Equal(t, "", out["secretProviderClassName"])
		assert.Equal(t, "system:serviceaccount:jobs:batch", g.Find(tFIC, "orders-fic").String("subject"))
		sa := g.Find(tSA, "orders-sa")
		assert.Equal(t, "jobs", sa.String("metadata.namespace"))
		assert.Equal(t, "22222222-2222-2222-2222-222222222222", stringMap(t, sa, "metadata.annotations")["azure.workload.identity/tenant-id"])
		scopes := map[string]string{}
		for _, r := range g.ByType(tRole) {
			scopes[r.String("scope")] = r.String("roleDefinitionId")
		}
		assert.Equal(t, map[string]string{
			registryID: "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/" + rbac.AcrPull.GUID(),
			dataRG:     "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/" + rbac.StorageBlobDataReader.GUID(),
		}, scopes)
	})
}

func TestInvalidWorkloadRegistersNothing(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*WorkloadIdentityArgs)
		keys   []string
	}{
		{"bad namespace and role", func(a *WorkloadIdentityArgs) {
			a.Spec.Namespace = "Shop!"
			a.Spec.Roles = []RoleSpec{{Role: "Owner", Scope: ScopeKeyVault}}
		}, []string{"namespace", "roles[0].role"}},
		{"named scope not wired", func(a *WorkloadIdentityArgs) {
			a.Spec.Roles = []RoleSpec{{Role: rbac.Reader, Scope: ScopeResourceGroup}}
		}, []string{"roles[0].scope"}},
		{"wiring missing", func(a *WorkloadIdentityArgs) {
			a.OIDCIssuerURL = nil
			a.KeyVaultName = nil
		}, []string{"keyVaultName", "oidcIssuerUrl"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := args(Spec{Name: "orders", Secrets: []string{"db-password"}})
			tc.mutate(a)
			g, _, err := run(t, a)
			var verr *validation.Error
			require.True(t, errors.As(err, &verr), "want *validation.Error, got %v", err)
			assert.Equal(t, tc.keys, verr.Keys())
			for _, r := range g.Resources {
				assert.Equal(t, "pulumi:providers:kubernetes", r.Type, "nothing but the test's provider is registered")
			}
		})
	}
}
