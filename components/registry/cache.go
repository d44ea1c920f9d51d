package registry

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/validation"
)

// The artifact cache: what it can pull from, and how many rules a registry may hold.
// https://learn.microsoft.com/azure/container-registry/artifact-cache-overview
const (
	// MaxCacheRules is the number of cache rules one registry supports.
	MaxCacheRules = 1000
	// DockerHub is Docker Hub's login server; its official images live under library/.
	DockerHub = "docker.io"
)

// Auth says whether the artifact cache signs in to an upstream.
type Auth int

// How an upstream may be reached by the artifact cache.
const (
	// Anonymous upstreams take no credential set (Microsoft Artifact Registry, ECR Public).
	Anonymous Auth = iota
	// Optional upstreams work without credentials; a credential set lifts the anonymous
	// rate limits (GitHub, Quay, registry.k8s.io, Google Container Registry).
	Optional
	// Required upstreams pull only with a credential set (Docker Hub).
	Required
)

// Upstreams are the registries the artifact cache supports, by login server, with whether it
// signs in to them. Any other registry cannot be cached: its images need another way in.
var Upstreams = map[string]Auth{
	DockerHub:           Required,
	"mcr.microsoft.com": Anonymous,
	"public.ecr.aws":    Anonymous,
	"ghcr.io":           Optional,
	"quay.io":           Optional,
	"registry.k8s.io":   Optional,
	"gcr.io":            Optional,
}

// coveredByAKS are the registries a node reaches through the AzureKubernetesService FQDN tag
// of the hub firewall (mcr.microsoft.com and its data endpoint are on AKS's list of required
// outbound FQDNs), so their images need no cache rule. The list lives here, beside the cache
// rules, because this package answers "how does a node get this image" (Covers); the firewall
// needs no copy, since its rules are built from egress.Needs.Rules and never from images.
// https://learn.microsoft.com/azure/aks/outbound-rules-control-egress
var coveredByAKS = []string{"mcr.microsoft.com"}

// CoveredByAKS reports whether nodes pull from registry through the AKS FQDN tag.
func CoveredByAKS(registry string) bool { return slices.Contains(coveredByAKS, registry) }

// Covers reports whether a node pulls img without a firewall rule of its own: from a registry
// the AKS FQDN tag covers, or through the cache rule that NewRegistry builds for img when it is
// in cache (the RegistryArgs.Cache list).
func Covers(cache []egress.Image, img egress.Image) bool {
	if CoveredByAKS(img.Registry) {
		return true
	}
	_, supported := Upstreams[img.Registry]
	return supported && slices.Contains(cache, img)
}

// SourceRepository is the upstream path of a cache rule: <registry>/<repository>, with
// Docker Hub's official images under library/ (docker.io/library/redis), which is where the
// artifact cache looks for them.
func SourceRepository(img egress.Image) string {
	if img.Registry == DockerHub && !strings.Contains(img.Repository, "/") {
		return DockerHub + "/library/" + img.Repository
	}
	return img.String()
}

// cached are the images that get a cache rule: every image of cache that AKS does not already
// cover, sorted and without repeats (egress.Merge), so the rules are the same on every run.
func cached(cache []egress.Image) []egress.Image {
	var out []egress.Image
	for _, img := range egress.Merge(egress.Needs{Images: cache}).Images {
		if !CoveredByAKS(img.Registry) {
			out = append(out, img)
		}
	}
	return out
}

// armName turns s into an ARM child-resource name of 5-50 letters, digits and hyphens (what
// cache rules and credential sets accept): non-alphanumerics become single hyphens, and a name
// that is too long keeps its start plus 8 hex digits of a hash of s, so it stays unique.
func armName(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	name := strings.Join(f, "-")
	if len(name) > 50 {
		sum := sha256.Sum256([]byte(s))
		name = strings.TrimRight(name[:41], "-") + fmt.Sprintf("-%x", sum[:4])
	}
	for len(name) < 5 {
		name += "-x"
	}
	return name
}

// ruleName is the cache rule's name for img, derived from its cache repository.
func ruleName(img egress.Image) string { return armName(img.CacheRepository()) }

// credentialSetName is the credential set's name for an upstream login server.
func credentialSetName(loginServer string) string { return armName(loginServer + "-credentials") }

// ValidateCache checks the images the registry is asked to cache against what the artifact
// cache supports and against the spec's credential sets. A problem about an image is keyed by
// the section itself ("", so aks-platform:registry in a stack) and names the image: the image
// comes from a component, and no config key of its own lists it. A Docker Hub image without a docker.io credential set is keyed "credentials", the key that
// fixes it. The spec is taken as it is (no defaults needed).
func (s Spec) ValidateCache(cache []egress.Image) error {
	var ps validation.Problems
	creds := map[string]bool{}
	for _, c := range s.Credentials {
		creds[c.LoginServer] = true
	}
	needCreds := map[string][]string{}
	for _, img := range cache {
		const key = ""
		auth, supported := Upstreams[img.Registry]
		switch {
		case img.Registry == "" || img.Repository == "":
			ps.Addf(key, "%q names no registry or repository", img.String())
		case !supported:
			ps.Addf(key, "%s: the artifact cache cannot pull from %s (it supports %s), and nodes never pull from the Internet; take the image from a supported registry or import it into the registry",
				img, img.Registry, strings.Join(supportedUpstreams(), ", "))
		case auth == Required && !creds[img.Registry]:
			needCreds[img.Registry] = append(needCreds[img.Registry], img.String())
		}
	}
	for _, server := range slices.Sorted(maps.Keys(needCreds)) {
		ps.Addf("credentials", "%s: %s pulls only with a credential set; add {loginServer: %s, keyVaultId, usernameSecretId, passwordSecretId} with the Key Vault secrets of an account there",
			strings.Join(needCreds[server], ", "), server, server)
	}
	if n := len(cached(cache)); n > MaxCacheRules {
		ps.Addf("cache", "%d images need %d cache rules; a registry holds at most %d", n, n, MaxCacheRules)
	}
	return ps.Err()
}

func supportedUpstreams() []string { return slices.Sorted(maps.Keys(Upstreams)) }

var (
	vaultIDRE = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/([A-Za-z0-9-]{3,24})$`)
	secretRE  = regexp.MustCompile(`^/secrets/([0-9A-Za-z-]{1,127})(/[0-9a-f]{32})?/?$`)
)

// secretName returns the vault and secret names of a Key Vault secret identifier, or why it
// is not one.
func secretName(id string) (vault, name string, err error) {
	u, perr := url.Parse(id)
	if perr != nil || u.Scheme != "https" || !strings.HasSuffix(strings.ToLower(u.Host), ".vault.azure.net") {
		return "", "", fmt.Errorf("%q is not a Key Vault secret identifier like https://<vault>.vault.azure.net/secrets/<name>", id)
	}
	m := secretRE.FindStringSubmatch(u.Path)
	if m == nil {
		return "", "", fmt.Errorf("%q does not name a secret: the path must be /secrets/<name>[/<version>]", id)
	}
	return strings.ToLower(strings.TrimSuffix(strings.ToLower(u.Host), ".vault.azure.net")), m[1], nil
}

// validateCredentials checks the credential sets: a supported upstream that accepts them,
// listed once, and two secrets in the vault whose ID is given.
func validateCredentials(ps *validation.Problems, creds []Credential) {
	seen := map[string]int{}
	for i, c := range creds {
		key := validation.Index("credentials", i)
		auth, supported := Upstreams[c.LoginServer]
		switch j, dup := seen[c.LoginServer]; {
		case c.LoginServer == "":
			ps.Addf(key+".loginServer", "is required: the upstream registry, e.g. %s", DockerHub)
		case !supported:
			ps.Addf(key+".loginServer", "%q is not an upstream the artifact cache supports (%s)", c.LoginServer, strings.Join(supportedUpstreams(), ", "))
		case auth == Anonymous:
			ps.Addf(key+".loginServer", "the artifact cache pulls from %s anonymously only; remove this credential set", c.LoginServer)
		case dup:
			ps.Addf(key+".loginServer", "%s already has a credential set at credentials[%d]", c.LoginServer, j)
		default:
			seen[c.LoginServer] = i
		}
		m := vaultIDRE.FindStringSubmatch(c.KeyVaultID)
		if m == nil {
			ps.Addf(key+".keyVaultId", "%q is not a Key Vault ARM ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>)", c.KeyVaultID)
		}
		for _, sec := range []struct{ key, id string }{{"usernameSecretId", c.UsernameSecretID}, {"passwordSecretId", c.PasswordSecretID}} {
			vault, _, err := secretName(sec.id)
			switch {
			case err != nil:
				ps.Addf(key+"."+sec.key, "%v", err)
			case m != nil && !strings.EqualFold(vault, m[1]):
				ps.Addf(key+"."+sec.key, "the secret is in vault %s, not in keyVaultId's vault %s, which the credential set is granted read on", vault, m[1])
			}
		}
	}
}
