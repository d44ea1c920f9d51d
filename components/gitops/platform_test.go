package gitops

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
)

const (
	tSPC      = "kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass"
	tFIC      = "azure-native:managedidentity:FederatedIdentityCredential"
	tAssign   = "azure-native:authorization:RoleAssignment"
	tKVSecret = "azure-native:keyvault:Secret"
)

func platformValues() *PlatformValues {
	return &PlatformValues{
		Environment: "prod", Region: "northeurope",
		TenantID: pulumi.String("tenant"), KeyVaultName: pulumi.String("kv-prod-neu"),
		Thanos: ThanosValues{StorageAccount: pulumi.String("thanosprodneu"), Container: pulumi.String("thanos"),
			ClientID: pulumi.String("thanos-client"),
			Buckets:  []Bucket{{"northeurope", "thanosprodneu"}, {"westeurope", "thanosprodweu"}}},
		Grafana: GrafanaValues{ClientID: pulumi.String("grafana-client"), SecretProviderClass: pulumi.String("grafana-secrets"),
			AdminSecretName: "grafana-admin-password"},
	}
}

func access() *RepositoryAccess {
	return &RepositoryAccess{KeyVaultName: pulumi.String("kv-prod-neu"),
		KeyVaultID: pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-prod-neu"),
		TenantID:   pulumi.String("tenant"), ResourceGroupName: pulumi.String("rg"), Location: pulumi.String("northeurope"),
		OIDCIssuerURL: pulumi.String("https://oidc.example/issuer")}
}

// The platform root Application is the platform chart, synced with the environment's values
// file and the values Pulumi hands over under "cluster"; the applications root is unchanged.
func TestPlatformValuesHandedToTheRoot(t *testing.T) {
	for _, production := range []bool{false, true} {
		g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
			s := validSpec(func(s *Spec) { s.Platform.Path = "" })
			return &ArgoCDArgs{Spec: s, Production: production, KubernetesProvider: p,
				RegistryLoginServer: pulumi.String(loginServer), PlatformValues: platformValues()}
		})
		require.NoError(t, err)
		root := g.Find(tApp, "weu-gitops-platform-root")
		require.NotNil(t, root)
		assert.Equal(t, DefaultPlatformPath, root.String("spec.source.path"))
		assert.Equal(t, ValuesFile(production), root.String("spec.source.helm.valueFiles[0]"))
		assert.Equal(t, loginServer, root.String("spec.source.helm.valuesObject.cluster.registry"))
		assert.Equal(t, "thanosprodweu", root.String("spec.source.helm.valuesObject.cluster.thanos.buckets[1].storageAccount"))
		assert.Equal(t, "grafana-secrets", root.String("spec.source.helm.valuesObject.cluster.grafana.secretProviderClass"))
		_, helm := g.Find(tApp, "weu-gitops-applications-root").Input("spec.source.helm")
		assert.False(t, helm, "the applications root gets no platform values")
		release := g.Find(tRelease, "weu-gitops-platform")
		assert.Contains(t, field(release, "values.configs.cm", "resource.customizations.health.argoproj.io_Application"), "obj.status.health",
			"Argo CD waits for each child Application's health, so sync waves put CRDs first")
	}
	_, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
		v := platformValues()
		v.Thanos.ClientID = nil
		return &ArgoCDArgs{Spec: validSpec(nil), KubernetesProvider: p, PlatformValues: v}
	})
	assert.Equal(t, []string{"platformValues.thanos.clientId", "registryLoginServer"}, keys(t, err))
}

// A private repository's credential and the SSO client secret come from Key Vault through the
// CSI driver: the repo server's identity reads the vault, the SecretProviderClass syncs
// complete Argo CD secrets, and no credential value is anywhere in the plan.
func TestRepositoryCredentialsFromKeyVault(t *testing.T) {
	g, err := runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
		s := validSpec(func(s *Spec) {
			s.Platform.CredentialSecret = "platform-git-token"
			s.Applications.RepoURL = "git@github.com:contoso/apps.git"
			s.Applications.CredentialSecret = "apps-deploy-key"
			s.SSO = SSOSpec{Enabled: new(true), URL: "https://argocd.example.com", TenantID: "6a1d4c1e-0000-4000-8000-00000000a001",
				ClientID: "6a1d4c1e-0000-4000-8000-00000000a002", ClientSecret: "argocd-sso-secret",
				AdminGroupObjectIDs: []string{"6a1d4c1e-0000-4000-8000-00000000a003"}}
		})
		return &ArgoCDArgs{Spec: s, KubernetesProvider: p, RegistryLoginServer: pulumi.String(loginServer),
			RepositoryCredentials: access()}
	})
	require.NoError(t, err)
	assert.Len(t, g.ByType(tFIC), 2, "one repo server identity per instance")
	for _, fic := range g.ByType(tFIC) {
		assert.Contains(t, []string{"system:serviceaccount:argocd:argocd-repo-server", "system:serviceaccount:argocd-apps:argocd-repo-server"},
			fic.String("subject"))
	}
	for _, a := range g.ByType(tAssign) {
		assert.Contains(t, a.String("roleDefinitionId"), "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User")
	}
	spc := g.Find(tSPC, "weu-gitops-platform-spc")
	require.NotNil(t, spc)
	assert.Equal(t, "repo-platform", spc.String("spec.secretObjects[0].secretName"))
	assert.Equal(t, "repository", field(spc, "spec.secretObjects[0].labels", "argocd.argoproj.io/secret-type"))
	assert.Equal(t, SSOSecret, spc.String("spec.secretObjects[1].secretName"))
	objects := spc.String("spec.parameters.objects")
	for _, o := range []string{"platform-git-token", "argocd-repo-url", "argocd-repo-username", "argocd-sso-secret"} {
		assert.Contains(t, objects, `"`+o+`"`)
	}
	apps := g.Find(tSPC, "weu-gitops-applications-spc")
	require.NotNil(t, apps)
	assert.Equal(t, "apps-deploy-key", apps.String("spec.secretObjects[0].data[0].objectName"))
	assert.Equal(t, "sshPrivateKey", apps.String("spec.secretObjects[0].data[0].key"))
	var names []string
	for _, s := range g.ByType(tKVSecret) {
		names = append(names, s.String("secretName"))
	}
	slices.Sort(names)
	assert.Equal(t, []string{"argocd-apps-repo-url", "argocd-repo-url", "argocd-repo-username"}, names,
		"Pulumi writes only the non-secret companions (URL, user name); credentials are the owners'")
	release := g.Find(tRelease, "weu-gitops-platform")
	assert.Equal(t, SecretsClass, release.String("values.repoServer.volumes[0].csi.volumeAttributes.secretProviderClass"))
	assert.Equal(t, "true", field(release, "values.repoServer.podLabels", "azure.workload.identity/use"))
	assert.Contains(t, field(release, "values.configs.cm", "oidc.config"), "$argocd-sso:clientSecret")
	assert.Contains(t, field(release, "values.configs.rbac", "policy.csv"), "g, 6a1d4c1e-0000-4000-8000-00000000a003, role:admin")

	_, err = runArgoCD(t, func(p pulumi.ProviderResource) *ArgoCDArgs {
		return &ArgoCDArgs{Spec: validSpec(func(s *Spec) { s.Platform.CredentialSecret = "t" }), KubernetesProvider: p,
			RegistryLoginServer: pulumi.String(loginServer)}
	})
	assert.Equal(t, []string{"repositoryCredentials"}, keys(t, err))
}

// field returns the string under key (which may hold dots) of the map input at path.
func field(r *plan.Resource, path, key string) string {
	v, ok := r.Input(path)
	if !ok || !v.IsObject() {
		return ""
	}
	f := v.ObjectValue()[resource.PropertyKey(key)]
	if !f.IsString() {
		return ""
	}
	return f.StringValue()
}
