package keyvault

import (
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/keyvault/lifetime"
)

func TestGeneratedSecrets(t *testing.T) {
	g, out, err := run(t, testArgs(true), func(v *Vault) map[string]pulumi.Output {
		assert.Equal(t, []string{"db-password", "api-key"}, v.SecretNames())
		return map[string]pulumi.Output{
			"value0": v.Secrets[0].Value, "value1": v.Secrets[1].Value,
			"rotate0": v.Secrets[0].RotateAfter, "rotate1": v.Secrets[1].RotateAfter,
			"expires0": v.Secrets[0].ExpiresOn, "expires1": v.Secrets[1].ExpiresOn,
		}
	})
	require.NoError(t, err)
	comp := g.Find("aksplatform:keyvault:Vault", "kv")
	vault := g.ByType(tVault)[0]

	pw := g.Find(tPassword, "kv-db-password-value")
	require.NotNil(t, pw)
	assert.Equal(t, comp.URN, pw.Parent)
	length, _ := pw.Input("length")
	assert.Equal(t, 32.0, length.NumberValue())
	assert.Equal(t, "2024-12-13", pw.String("keepers.rotationPeriodStart"))
	assert.Equal(t, "90", pw.String("keepers.rotationDays"))
	for _, class := range []string{"upper", "lower", "numeric", "special"} {
		assert.True(t, boolInput(t, pw, class), class)
	}
	minSpecial, _ := pw.Input("minSpecial")
	assert.Equal(t, 1.0, minSpecial.NumberValue())

	api := g.Find(tPassword, "kv-api-key-value")
	require.NotNil(t, api)
	assert.False(t, boolInput(t, api, "special"))
	minSpecial, _ = api.Input("minSpecial")
	assert.Equal(t, 0.0, minSpecial.NumberValue(), "a class that is off cannot have a minimum")
	assert.Equal(t, "2024-12-13", api.String("keepers.rotationPeriodStart"), "the default rotation, 90 days")

	for _, name := range []string{"db-password", "api-key"} {
		s := g.Find(tSecret, "kv-"+name)
		require.NotNil(t, s, name)
		assert.Equal(t, comp.URN, s.Parent)
		assert.Equal(t, name, s.String("secretName"))
		assert.Equal(t, vault.Outputs["name"].StringValue(), s.String("vaultName"))
		assert.Equal(t, "text/plain", s.String("properties.contentType"))
		// Both dates on the secret itself: the expiry Key Vault stores, the rotation in a tag.
		exp, ok := s.Input(lifetime.ExpiresProperty)
		require.True(t, ok, "%s carries an expiry", name)
		assert.Equal(t, float64(time.Date(2025, 4, 12, 0, 0, 0, 0, time.UTC).Unix()), exp.NumberValue())
		assert.Equal(t, "2025-03-13", s.String("tags."+lifetime.RotateAfterTag))
		_, ok = s.Input("properties.value")
		require.True(t, ok, "%s has a value", name)
		assert.True(t, s.InputIsSecret("properties.value"), "%s value must be secret in the Secret's inputs", name)
		assert.Contains(t, s.Dependencies, vault.URN, "written after the vault exists")
	}

	// Exported values are secret; rotation dates are plain.
	for _, k := range []string{"value0", "value1"} {
		assert.True(t, out[k].secret, "%s must be secret", k)
	}
	assert.Equal(t, awaited{"2025-03-13", false}, out["rotate0"])
	assert.Equal(t, awaited{"2025-03-13", false}, out["rotate1"])
	assert.Equal(t, awaited{"2025-04-12", false}, out["expires0"], "window start 2024-12-13 + 120 days")
	assert.Equal(t, awaited{"2025-04-12", false}, out["expires1"])

	// The generated values never appear outside a secret in any resource's inputs.
	for _, want := range []int{32, 48} {
		value := strings.Repeat("x", want) // the planner's placeholder for a generated value
		for _, r := range g.Resources {
			walkPlain(resource.NewProperty(r.Inputs), func(s string) {
				assert.NotEqual(t, value, s, "%s %s holds a generated value in plain text", r.Type, r.Name)
			})
		}
	}
}

func TestRotationAcrossBoundary(t *testing.T) {
	keepers := func(now time.Time) (string, string) {
		args := testArgs(false)
		args.Now = now
		g, out, err := run(t, args, func(v *Vault) map[string]pulumi.Output {
			return map[string]pulumi.Output{"rotate": v.Secrets[0].RotateAfter}
		})
		require.NoError(t, err)
		pw := g.Find(tPassword, "kv-db-password-value")
		require.NotNil(t, pw)
		return pw.String("keepers.rotationPeriodStart"), out["rotate"].value.(string)
	}
	boundary := time.Date(2025, 3, 13, 0, 0, 0, 0, time.UTC)
	start1, rotate1 := keepers(boundary.Add(-time.Second))
	start2, rotate2 := keepers(boundary)
	assert.Equal(t, "2024-12-13", start1)
	assert.Equal(t, "2025-03-13", rotate1)
	assert.Equal(t, "2025-03-13", start2, "past the date the keepers change, so the value is regenerated")
	assert.Equal(t, "2025-06-11", rotate2)
	startAgain, _ := keepers(boundary.Add(24 * time.Hour))
	assert.Equal(t, start2, startAgain, "within the window the value is kept")
}
