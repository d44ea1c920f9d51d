package keyvault

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

const tKey = "azure-native:keyvault:Key"

func keyArgs() *KeyArgs {
	return &KeyArgs{
		Name:              "etcd-kms",
		ResourceGroupName: pulumi.String("rg"),
		VaultName:         pulumi.String("kv-test"),
		Now:               time.Date(2026, 11, 30, 15, 4, 5, 0, time.UTC),
	}
}

func TestKeyInputs(t *testing.T) {
	g, err := plan.Run("p", "s", func(ctx *pulumi.Context) error {
		_, err := NewKey(ctx, "k", keyArgs())
		return err
	})
	require.NoError(t, err)
	k := g.Find(tKey, "k")
	require.NotNil(t, k)
	assert.Equal(t, "etcd-kms", k.String("keyName"))
	assert.Equal(t, "kv-test", k.String("vaultName"))
	assert.Equal(t, "RSA", k.String("properties.kty"))
	size, _ := k.Input("properties.keySize")
	assert.Equal(t, 2048.0, size.NumberValue())
	exp, _ := k.Input("properties.attributes.expires")
	assert.Equal(t, float64(time.Date(2027, 11, 30, 0, 0, 0, 0, time.UTC).Unix()), exp.NumberValue(), "first version expires expiryDays after creation, at midnight UTC")
	assert.Equal(t, "P365D", k.String("properties.rotationPolicy.attributes.expiryTime"))
	actions, _ := k.Input("properties.rotationPolicy.lifetimeActions")
	assert.Equal(t, []any{
		map[string]any{"action": map[string]any{"type": "Rotate"}, "trigger": map[string]any{"timeAfterCreate": "P90D"}},
		map[string]any{"action": map[string]any{"type": "Notify"}, "trigger": map[string]any{"timeBeforeExpiry": "P30D"}},
	}, actions.Mappable())
}

func TestKeyValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		mut  func(*KeyArgs)
		keys []string
	}{
		{"defaults pass", func(*KeyArgs) {}, nil},
		{"small RSA", func(a *KeyArgs) { a.Spec.Size = 1024 }, []string{"size"}},
		{"rotation under Key Vault's minimum", func(a *KeyArgs) { a.Spec.RotationDays = 3 }, []string{"rotationDays"}},
		{"expiry under Key Vault's minimum", func(a *KeyArgs) { a.Spec.RotationDays, a.Spec.ExpiryDays = 7, 20 }, []string{"expiryDays"}},
		{"expiry before the second rotation", func(a *KeyArgs) { a.Spec.RotationDays, a.Spec.ExpiryDays = 90, 120 }, []string{"expiryDays"}},
		{"no time to pick up the new version", func(a *KeyArgs) { a.Spec.RotationDays, a.Spec.ExpiryDays = 30, 59 }, []string{"expiryDays"}},
		{"bad name, no vault", func(a *KeyArgs) { a.Name, a.VaultName, a.ResourceGroupName = "a_b", nil, nil },
			[]string{"name", "resourceGroupName", "vaultName"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := keyArgs()
			tc.mut(a)
			err := a.Validate()
			if tc.keys == nil {
				assert.NoError(t, err)
				return
			}
			var verr *validation.Error
			require.ErrorAs(t, err, &verr)
			assert.ElementsMatch(t, tc.keys, verr.Keys())
		})
	}
}

func TestNewKeyRegistersNothingWhenInvalid(t *testing.T) {
	g, err := plan.Run("p", "s", func(ctx *pulumi.Context) error {
		a := keyArgs()
		a.Spec.Size = 1024
		_, err := NewKey(ctx, "k", a)
		return err
	})
	require.Error(t, err)
	if g != nil {
		assert.Empty(t, g.ByType(tKey))
	}
}
