package egress

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMergeIsDeterministicAndDeduplicates(t *testing.T) {
	a := Needs{
		Images: []Image{{"quay.io", "jetstack/cert-manager-controller"}, {"ghcr.io", "dexidp/dex"}},
		Rules:  []Rule{{Name: "git", FQDNs: []string{"github.com"}, Protocol: HTTPS, Port: 443}},
	}
	b := Needs{
		Images: []Image{{"ghcr.io", "dexidp/dex"}, {"docker.io", "library/redis"}},
		Rules: []Rule{
			{Name: "acme", FQDNs: []string{"acme-v02.api.letsencrypt.org"}, Protocol: HTTPS, Port: 443},
			{Name: "git", FQDNs: []string{"gitlab.com", "github.com"}, Protocol: HTTPS, Port: 443},
		},
	}
	for _, m := range []Needs{Merge(a, b), Merge(b, a)} {
		assert.Equal(t, []Image{{"docker.io", "library/redis"}, {"ghcr.io", "dexidp/dex"}, {"quay.io", "jetstack/cert-manager-controller"}}, m.Images)
		assert.Equal(t, []string{"docker.io", "ghcr.io", "quay.io"}, m.Registries())
		if assert.Len(t, m.Rules, 2) {
			assert.Equal(t, "acme", m.Rules[0].Name)
			assert.Equal(t, []string{"github.com", "gitlab.com"}, m.Rules[1].FQDNs)
		}
	}
	assert.Equal(t, []string{"github.com"}, a.Rules[0].FQDNs, "Merge must not modify its inputs")
}

func TestHost(t *testing.T) {
	assert.Equal(t, "github.com", Host("https://github.com/org/repo.git", "https"))
	assert.Equal(t, "mcr.microsoft.com", Host("oci://mcr.microsoft.com/charts/x", "https", "oci"))
	assert.Equal(t, "", Host("oci://mcr.microsoft.com/charts/x", "https"), "scheme not allowed")
	assert.Equal(t, "", Host("git@github.com:org/repo.git", "https"), "SSH is no URL with a scheme")
	assert.Equal(t, "", Host("https://%zz", "https"), "malformed")
}
