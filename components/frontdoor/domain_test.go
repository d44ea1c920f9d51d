package frontdoor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/rbac"
)

// TestWithoutDNSZone: the records are someone else's to create, so none is registered, and
// the origin names live under the host name's parent.
func TestWithoutDNSZone(t *testing.T) {
	g := planTwoRegions(t, "fd", true, Spec{HostName: "shop.eu.example.org"})
	assert.Empty(t, g.ByType(tRecord))
	o := g.Find(tOrigin, "fd-origin-westeurope")
	require.NotNil(t, o)
	assert.Equal(t, "westeurope.origin.eu.example.org", o.String("hostName"))
	assert.Equal(t, "shop.eu.example.org", o.String("originHostHeader"))
	assert.NotEmpty(t, o.Dependencies)
	d := g.Find(tDomain, "fd-domain")
	require.NotNil(t, d)
	assert.Equal(t, "shop.eu.example.org", d.String("hostName"))
}

// TestKeyVaultCertificate: Front Door reads the certificate with its own identity, which is
// granted Key Vault Secrets User on the vault before the secret is created.
func TestKeyVaultCertificate(t *testing.T) {
	secretID := vault + "/secrets/www-example-com"
	g := planTwoRegions(t, "fd", true, Spec{HostName: host, Certificate: secretID})
	profile := g.Find(tProfile, "fd-profile")
	require.NotNil(t, profile)
	assert.Equal(t, "SystemAssigned", profile.String("identity.type"))

	role := g.Find(tRole, "fd-certificate-reader")
	require.NotNil(t, role)
	assert.Equal(t, vault, role.String("scope"), "the vault, not the subscription")
	assert.Equal(t, rbac.DefinitionID(rbac.KeyVaultSecretsUser, vault), role.String("roleDefinitionId"))
	assert.Equal(t, "ServicePrincipal", role.String("principalType"))
	assert.Contains(t, role.Dependencies, profile.URN, "the principal is the profile's identity")

	secret := g.Find(tSecret, "fd-certificate")
	require.NotNil(t, secret)
	assert.Equal(t, "CustomerCertificate", secret.String("parameters.type"))
	assert.Equal(t, secretID, secret.String("parameters.secretSource.id"))
	latest, _ := secret.Input("parameters.useLatestVersion")
	assert.True(t, latest.BoolValue(), "renewals are picked up without a deploy")
	assert.Contains(t, secret.Dependencies, role.URN, "Front Door can read the vault when the secret is created")

	domain := g.Find(tDomain, "fd-domain")
	require.NotNil(t, domain)
	assert.Equal(t, "CustomerCertificate", domain.String("tlsSettings.certificateType"))
	assert.Equal(t, secret.ID, domain.String("tlsSettings.secret.id"))
	assert.Equal(t, "TLS12", domain.String("tlsSettings.minimumTlsVersion"))
}
