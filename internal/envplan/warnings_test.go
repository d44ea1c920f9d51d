package envplan

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/validation"
)

func warningKeys(ws validation.Warnings) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Key)
	}
	return out
}

// A plan carries the environment's warnings, judged on its day, with full keys: dev's kubenet
// retirement, and a production hub with too few firewall IPs.
func TestPlanCarriesTheWarnings(t *testing.T) {
	dev, err := Plan(load(t, stackFile("dev")), Options{Stack: "dev"})
	require.NoError(t, err)
	assert.Contains(t, warningKeys(dev.Warnings), "aks-platform:aks.networkPlugin", "kubenet retires")

	env := load(t, stackFile("prod"))
	env.Hub.FirewallPublicIPs = 2
	prod, err := Plan(env, Options{Stack: "prod"})
	require.NoError(t, err)
	assert.Equal(t, []string{"aks-platform:hub.firewallPublicIps"}, warningKeys(prod.Warnings))
}
