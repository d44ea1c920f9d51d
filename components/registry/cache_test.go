package registry

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const (
	vaultID  = "/subscriptions/s/resourceGroups/rg-secrets/providers/Microsoft.KeyVault/vaults/kv-upstreams"
	userID   = "https://kv-upstreams.vault.azure.net/secrets/dockerhub-user"
	tokenID  = "https://kv-upstreams.vault.azure.net/secrets/dockerhub-token/0123456789abcdef0123456789abcdef"
	tCache   = CacheRuleType
	tCredSet = CredentialSetType
)

var (
	argocd    = egress.Image{Registry: "quay.io", Repository: "argoproj/argocd"}
	redis     = egress.Image{Registry: "public.ecr.aws", Repository: "docker/library/redis"}
	nginx     = egress.Image{Registry: "docker.io", Repository: "nginx"}
	certMgr   = egress.Image{Registry: "quay.io", Repository: "jetstack/cert-manager-controller"}
	azureCNS  = egress.Image{Registry: "mcr.microsoft.com", Repository: "oss/kubernetes/ingress/nginx-ingress-controller"}
	dockerHub = Credential{LoginServer: "docker.io", KeyVaultID: vaultID, UsernameSecretID: userID, PasswordSecretID: tokenID}
)

func TestSourceRepository(t *testing.T) {
	for img, want := range map[egress.Image]string{
		nginx: "docker.io/library/nginx",
		{Registry: "docker.io", Repository: "bitnami/redis"}: "docker.io/bitnami/redis",
		argocd: "quay.io/argoproj/argocd",
	} {
		assert.Equal(t, want, SourceRepository(img))
	}
}

func TestCovers(t *testing.T) {
	cache := []egress.Image{argocd, nginx}
	assert.True(t, Covers(cache, argocd))
	assert.True(t, Covers(nil, azureCNS), "MCR comes through the AKS FQDN tag")
	assert.False(t, Covers(cache, certMgr), "not in the cache")
	assert.False(t, Covers([]egress.Image{{Registry: "registry.example.com", Repository: "x"}}, egress.Image{Registry: "registry.example.com", Repository: "x"}),
		"an unsupported upstream is never covered")
}

func TestArmNames(t *testing.T) {
	assert.Equal(t, "quay-io-argoproj-argocd", ruleName(argocd))
	long := ruleName(egress.Image{Registry: "ghcr.io", Repository: strings.Repeat("very-long-path/", 6) + "image"})
	assert.Regexp(t, `^[a-z0-9-]{5,50}$`, long)
	assert.NotEqual(t, long, ruleName(egress.Image{Registry: "ghcr.io", Repository: strings.Repeat("very-long-path/", 6) + "other"}))
	assert.Equal(t, "docker-io-credentials", credentialSetName("docker.io"))
}

// Artifact cache rules: one per image AKS does not cover, from the upstream (Docker Hub's
// official images under library/) to the image's cache repository; Docker Hub's signed in with
// its credential set, whose identity reads exactly its two secrets.
func TestArtifactCache(t *testing.T) {
	a := args(true)
	a.Spec.Credentials = []Credential{dockerHub}
	a.Cache = []egress.Image{nginx, argocd, azureCNS, redis, argocd}
	g, err := plan.Run("aks-platform", "prod", func(ctx *pulumi.Context) error {
		r, err := NewRegistry(ctx, "weu", a)
		if err == nil {
			assert.True(t, r.Covers(nginx))
			assert.True(t, r.Covers(azureCNS))
			assert.False(t, r.Covers(certMgr))
		}
		return err
	})
	require.NoError(t, err)
	comp := g.Find(ComponentType, "weu")
	reg := g.Find("azure-native:containerregistry:Registry", "weu-acr")
	rules := g.ByType(tCache)
	require.Len(t, rules, 3, "one rule per image, none for MCR, repeats merged")
	set := g.Find(tCredSet, "weu-docker-io-credentials")
	require.NotNil(t, set)
	assert.Equal(t, "docker.io", set.String("loginServer"))
	assert.Equal(t, "SystemAssigned", set.String("identity.type"))
	assert.Equal(t, userID, set.String("authCredentials[0].usernameSecretIdentifier"))
	assert.Equal(t, tokenID, set.String("authCredentials[0].passwordSecretIdentifier"))
	assert.Equal(t, "Credential1", set.String("authCredentials[0].name"))
	for _, img := range []egress.Image{nginx, argocd, redis} {
		rule := g.Find(tCache, "weu-cache-"+ruleName(img))
		require.NotNil(t, rule, img.String())
		assert.Equal(t, comp.URN, rule.Parent)
		assert.Equal(t, SourceRepository(img), rule.String("sourceRepository"))
		assert.Equal(t, img.CacheRepository(), rule.String("targetRepository"))
		assert.Equal(t, reg.String("registryName"), rule.String("registryName"))
		assert.Equal(t, "rg", rule.String("resourceGroupName"))
		_, signedIn := rule.Input("credentialSetResourceId")
		assert.Equal(t, img.Registry == "docker.io", signedIn, img.String())
	}
	assert.Equal(t, set.ID, g.Find(tCache, "weu-cache-"+ruleName(nginx)).String("credentialSetResourceId"))
	for secret, name := range map[string]string{"dockerhub-user": "weu-docker-io-credentials-dockerhub-user-reader",
		"dockerhub-token": "weu-docker-io-credentials-dockerhub-token-reader"} {
		ra := g.Find("azure-native:authorization:RoleAssignment", name)
		require.NotNil(t, ra, name)
		assert.Equal(t, vaultID+"/secrets/"+secret, ra.String("scope"), "scoped to the secret, not the vault")
		assert.Contains(t, ra.String("roleDefinitionId"), "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User")
		assert.Contains(t, ra.Dependencies, set.URN, "the principal is the credential set's identity")
	}
}

func TestValidateCache(t *testing.T) {
	cases := []struct {
		name   string
		creds  []Credential
		cache  []egress.Image
		keys   []string
		reason string
	}{
		{"supported upstreams", nil, []egress.Image{argocd, redis, azureCNS}, nil, ""},
		{"docker hub without credentials", nil, []egress.Image{argocd, nginx}, []string{"credentials"}, "docker.io pulls only with a credential set"},
		{"docker hub with credentials", []Credential{dockerHub}, []egress.Image{nginx}, nil, ""},
		{"unsupported upstream", nil, []egress.Image{argocd, {Registry: "registry.example.com", Repository: "app"}}, []string{""}, "cannot pull from registry.example.com"},
		{"empty image", nil, []egress.Image{{Registry: "quay.io"}}, []string{""}, "names no registry or repository"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Spec{Credentials: tc.creds}.ValidateCache(tc.cache)
			if tc.keys == nil {
				assert.NoError(t, err)
				return
			}
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.keys, verr.Keys())
			assert.ErrorContains(t, err, tc.reason)
		})
	}
	many := make([]egress.Image, MaxCacheRules+1)
	for i := range many {
		many[i] = egress.Image{Registry: "ghcr.io", Repository: strings.Repeat("a", i+1)}
	}
	err := Spec{}.ValidateCache(many)
	assert.ErrorContains(t, err, "at most 1000")
}

func TestValidateCredentials(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Credential)
		keys   []string
	}{
		{"valid", func(*Credential) {}, nil},
		{"upstream without credentials", func(c *Credential) { c.LoginServer = "mcr.microsoft.com" }, []string{"credentials[0].loginServer"}},
		{"unsupported upstream", func(c *Credential) { c.LoginServer = "registry.example.com" }, []string{"credentials[0].loginServer"}},
		{"no login server", func(c *Credential) { c.LoginServer = "" }, []string{"credentials[0].loginServer"}},
		{"vault not an ARM ID", func(c *Credential) { c.KeyVaultID = "kv-upstreams" }, []string{"credentials[0].keyVaultId"}},
		{"secret not a Key Vault URI", func(c *Credential) { c.UsernameSecretID = "https://example.com/secrets/u" }, []string{"credentials[0].usernameSecretId"}},
		{"secret path", func(c *Credential) { c.PasswordSecretID = "https://kv-upstreams.vault.azure.net/keys/k" }, []string{"credentials[0].passwordSecretId"}},
		{"secret in another vault", func(c *Credential) { c.PasswordSecretID = "https://kv-other.vault.azure.net/secrets/p" }, []string{"credentials[0].passwordSecretId"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := dockerHub
			tc.mutate(&c)
			s := Spec{Credentials: []Credential{c}}
			s.SetDefaults(false)
			err := s.Validate(false)
			if tc.keys == nil {
				assert.NoError(t, err)
				return
			}
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.keys, verr.Keys())
		})
	}
	twice := Spec{Credentials: []Credential{dockerHub, dockerHub}}
	twice.SetDefaults(false)
	assert.ErrorContains(t, twice.Validate(false), "already has a credential set at credentials[0]")
}
