package gitops

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

// How an instance's Key Vault secrets reach Argo CD: its repo server runs as
// RepoServerServiceAccount, federated with a managed identity that may read the vault's
// secrets, and mounts the SecretProviderClass SecretsClass; the CSI driver then keeps the
// Kubernetes secrets Argo CD reads (a repository secret, the SSO client secret) in step with
// the vault. The values never pass through config or Pulumi state.
// https://learn.microsoft.com/azure/aks/csi-secrets-store-driver#sync-mounted-content-with-a-kubernetes-secret
const (
	RepoServerServiceAccount = "argocd-repo-server"
	SecretsClass             = "argocd-secrets"
	// SSOSecret is the Kubernetes secret oidc.config reads the client secret from
	// ($argocd-sso:clientSecret); Argo CD reads only secrets labelled part-of argocd.
	SSOSecret       = "argocd-sso"
	secretsMountDir = "/mnt/kv-secrets"
)

// RepositoryAccess is what an instance needs to read its secrets from Key Vault: the region's
// vault and the cluster's OIDC issuer. Required when a repository names a credentialSecret or
// SSO is on.
type RepositoryAccess struct {
	KeyVaultName      pulumi.StringInput
	KeyVaultID        pulumi.StringInput
	TenantID          pulumi.StringInput
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	OIDCIssuerURL     pulumi.StringInput
	Tags              pulumi.StringMapInput
}

// vaultSecretName is Key Vault's secret name rule: 1-127 letters, digits and hyphens.
// https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#object-identifiers
var vaultSecretName = regexp.MustCompile(`^[A-Za-z0-9-]{1,127}$`)

// validateSecrets checks the credential and SSO keys of an enabled spec.
func validateSecrets(ps *validation.Problems, s Spec) {
	for _, src := range []struct {
		key string
		s   Source
	}{{"platform", s.Platform}, {"applications", s.Applications}} {
		if c := src.s.CredentialSecret; c != "" && !vaultSecretName.MatchString(c) {
			ps.Addf(src.key+".credentialSecret", "%q is not a Key Vault secret name (1-127 letters, digits and hyphens)", c)
		}
	}
	if !defaults.True(s.SSO.Enabled) {
		return
	}
	if httpsHost(s.SSO.URL) == "" {
		ps.Addf("sso.url", "%q must be the platform Argo CD's https:// URL (the redirect URI's base)", s.SSO.URL)
	}
	for _, f := range []struct{ key, v string }{{"sso.tenantId", s.SSO.TenantID}, {"sso.clientId", s.SSO.ClientID}} {
		if !validation.IsGUID(f.v) {
			ps.Addf(f.key, "%q must be a GUID", f.v)
		}
	}
	if !vaultSecretName.MatchString(s.SSO.ClientSecret) {
		ps.Addf("sso.clientSecret", "%q must name the Key Vault secret that holds the app registration's secret", s.SSO.ClientSecret)
	}
	for i, g := range s.SSO.AdminGroupObjectIDs {
		if !validation.IsGUID(g) {
			ps.Addf(validation.Index("sso.adminGroupObjectIds", i), "%q must be a group object ID (GUID)", g)
		}
	}
}

// validate checks the wiring against what spec needs.
func (r *RepositoryAccess) validate(s Spec) error {
	if !s.IsEnabled() || !needsSecrets(s) {
		return nil
	}
	var ps validation.Problems
	if r == nil {
		ps.Addf("repositoryCredentials", "is required: a repository names a credentialSecret or SSO is on, and both are read from Key Vault")
		return ps.Err()
	}
	for _, f := range []struct {
		key string
		in  pulumi.StringInput
	}{
		{"keyVaultName", r.KeyVaultName}, {"keyVaultId", r.KeyVaultID}, {"tenantId", r.TenantID},
		{"resourceGroupName", r.ResourceGroupName}, {"location", r.Location}, {"oidcIssuerUrl", r.OIDCIssuerURL},
	} {
		if f.in == nil {
			ps.Addf("repositoryCredentials."+f.key, "is required")
		}
	}
	return ps.Err()
}

func needsSecrets(s Spec) bool {
	return s.Platform.CredentialSecret != "" || s.Applications.CredentialSecret != "" || defaults.True(s.SSO.Enabled)
}

// syncedSecret is one Kubernetes secret the CSI driver writes from vault objects.
type syncedSecret struct {
	name   string
	labels map[string]string
	data   map[string]string // secret key -> vault object name
}

// instanceSecrets are the secrets of one instance: its repository's credentials, and on the
// platform instance the SSO client secret. Besides the credential itself, a repository
// secret needs its url and username, which are not secret: companion holds them, written to
// the vault by Pulumi so that the CSI driver can sync one complete secret.
func instanceSecrets(in instance, s Spec) (out []syncedSecret, companion map[string]string) {
	companion = map[string]string{}
	if c := in.source.CredentialSecret; c != "" {
		urlObj := in.release + "-repo-url"
		companion[urlObj] = in.source.RepoURL
		data := map[string]string{"url": urlObj}
		if strings.HasPrefix(in.source.RepoURL, "git@") {
			data["sshPrivateKey"] = c
		} else {
			userObj := in.release + "-repo-username"
			companion[userObj] = in.source.Username
			data["username"], data["password"] = userObj, c
		}
		out = append(out, syncedSecret{name: "repo-" + in.key,
			labels: map[string]string{"argocd.argoproj.io/secret-type": "repository"}, data: data})
	}
	if in.clusterWide && defaults.True(s.SSO.Enabled) {
		out = append(out, syncedSecret{name: SSOSecret,
			labels: map[string]string{"app.kubernetes.io/part-of": "argocd"},
			data:   map[string]string{"clientSecret": s.SSO.ClientSecret}})
	}
	return out, companion
}

// deliverSecrets registers, for an instance with secrets, the repo server's federated
// identity with Key Vault Secrets User on the vault, the companion vault secrets and the
// SecretProviderClass, and adds to values what the repo server needs to mount it. It returns
// what the release waits for.
func deliverSecrets(ctx *pulumi.Context, prefix string, in instance, s Spec, acc *RepositoryAccess, ns *corev1.Namespace,
	values pulumi.Map, opts []pulumi.ResourceOption) ([]pulumi.Resource, error) {
	secrets, companion := instanceSecrets(in, s)
	if len(secrets) == 0 {
		return nil, nil
	}
	azure := []pulumi.ResourceOption{in.parent} // Azure resources: the parent, no Kubernetes provider
	id, fic, err := identity.NewFederatedIdentity(ctx, prefix+"-repo-id", prefix+"-repo-fic", identity.FederatedIdentityArgs{
		ResourceGroupName: acc.ResourceGroupName, Location: acc.Location, Issuer: acc.OIDCIssuerURL,
		Namespace: in.namespace, ServiceAccount: RepoServerServiceAccount, Tags: acc.Tags,
	}, azure...)
	if err != nil {
		return nil, err
	}
	reader, err := rbac.Assign(ctx, prefix+"-repo-secrets-user", rbac.Assignment{
		Role: rbac.KeyVaultSecretsUser, Scope: acc.KeyVaultID, PrincipalID: id.PrincipalId,
	}, azure...)
	if err != nil {
		return nil, err
	}
	deps := []pulumi.Resource{fic, reader}
	var objects []string
	for _, name := range slices.Sorted(maps.Keys(companion)) {
		sec, err := keyvault.NewSecret(ctx, prefix+"-"+name, &keyvault.SecretArgs{
			ResourceGroupName: acc.ResourceGroupName,
			VaultName:         acc.KeyVaultName,
			SecretName:        pulumi.String(name),
			Properties:        &keyvault.SecretPropertiesArgs{Value: pulumi.String(companion[name]), ContentType: pulumi.String("text/plain")},
			Tags:              acc.Tags,
		}, azure...)
		if err != nil {
			return nil, err
		}
		deps = append(deps, sec)
	}
	secretObjects := pulumi.Array{}
	for _, sec := range secrets {
		data := pulumi.Array{}
		for _, key := range slices.Sorted(maps.Keys(sec.data)) {
			data = append(data, pulumi.Map{"key": pulumi.String(key), "objectName": pulumi.String(sec.data[key])})
			objects = appendOnce(objects, sec.data[key])
		}
		secretObjects = append(secretObjects, pulumi.Map{
			"secretName": pulumi.String(sec.name), "type": pulumi.String("Opaque"),
			"labels": pulumi.ToStringMap(sec.labels), "data": data,
		})
	}
	spc, err := apiextensions.NewCustomResource(ctx, prefix+"-spc", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(identity.SecretProviderClassAPIVersion),
		Kind:       pulumi.String(identity.SecretProviderClassKind),
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(SecretsClass), Namespace: ns.Metadata.Name()},
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"provider": pulumi.String("azure"),
			"parameters": pulumi.StringMap{
				"usePodIdentity": pulumi.String("false"), "useVMManagedIdentity": pulumi.String("false"),
				"clientID": id.ClientId, "keyvaultName": acc.KeyVaultName, "tenantId": acc.TenantID,
				"objects": pulumi.String(identity.ObjectsParameter(objects)),
			},
			"secretObjects": secretObjects,
		}},
	}, opts...)
	if err != nil {
		return nil, err
	}
	repo, _ := values["repoServer"].(pulumi.Map)
	if repo == nil {
		repo = pulumi.Map{}
		values["repoServer"] = repo
	}
	repo["serviceAccount"] = pulumi.Map{"create": pulumi.Bool(true), "name": pulumi.String(RepoServerServiceAccount),
		"annotations": pulumi.StringMap{identity.ClientIDAnnotation: id.ClientId, identity.TenantIDAnnotation: acc.TenantID}}
	repo["podLabels"] = pulumi.ToStringMap(identity.PodLabels())
	repo["volumes"] = pulumi.Array{pulumi.Map{"name": pulumi.String("kv-secrets"), "csi": pulumi.Map{
		"driver": pulumi.String("secrets-store.csi.k8s.io"), "readOnly": pulumi.Bool(true),
		"volumeAttributes": pulumi.StringMap{"secretProviderClass": pulumi.String(SecretsClass)}}}}
	repo["volumeMounts"] = pulumi.Array{pulumi.Map{"name": pulumi.String("kv-secrets"),
		"mountPath": pulumi.String(secretsMountDir), "readOnly": pulumi.Bool(true)}}
	if in.clusterWide && defaults.True(s.SSO.Enabled) {
		addSSO(values, s.SSO)
	}
	return append(deps, spc), nil
}

// addSSO configures Argo CD's own OIDC client against Entra ID: groups claim for RBAC,
// the admin groups as role:admin, everyone else read-only.
// https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/microsoft/
func addSSO(values pulumi.Map, sso SSOSpec) {
	configs := values["configs"].(pulumi.Map)
	cm := configs["cm"].(pulumi.Map)
	cm["url"] = pulumi.String(sso.URL)
	cm["oidc.config"] = pulumi.String(fmt.Sprintf(`name: Entra ID
issuer: https://login.microsoftonline.com/%s/v2.0
clientID: %s
clientSecret: $%s:clientSecret
requestedIDTokenClaims:
  groups:
    essential: true
requestedScopes:
  - openid
  - profile
  - email
`, sso.TenantID, sso.ClientID, SSOSecret))
	var policy strings.Builder
	for _, g := range sso.AdminGroupObjectIDs {
		fmt.Fprintf(&policy, "g, %s, role:admin\n", g)
	}
	configs["rbac"] = pulumi.Map{
		"policy.default": pulumi.String("role:readonly"),
		"policy.csv":     pulumi.String(policy.String()),
		"scopes":         pulumi.String("[groups]"),
	}
}

func appendOnce(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
