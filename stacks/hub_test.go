package stacks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The firewall's protections are hub keys with dev / prod defaults from network.HubArgs, and
// production refuses the weak values, naming the key, even when no hub can be planned.
func TestHubFirewallKeys(t *testing.T) {
	prod, dev := loadStack(t, "prod"), loadStack(t, "dev")
	assert.Equal(t, []string{"Premium", "Deny", "Deny"}, []string{prod.Hub.FirewallSKU, prod.Hub.ThreatIntelMode, prod.Hub.IDPS})
	assert.Equal(t, []string{"Standard", "Deny", "Off"}, []string{dev.Hub.FirewallSKU, dev.Hub.ThreatIntelMode, dev.Hub.IDPS})
	assert.True(t, *prod.Hub.DNSProxy)

	for _, tc := range []struct {
		name, stack string
		set         map[string]any
		key, reason string
	}{
		{"threat intelligence off in prod", "prod", map[string]any{"threatIntelMode": "Off"},
			"aks-platform:hub.threatIntelMode", "production requires Deny"},
		{"standard firewall in prod", "prod", map[string]any{"firewallSku": "Standard", "idps": "Off"},
			"aks-platform:hub.firewallSku", "production requires Premium"},
		{"IDPS off in prod", "prod", map[string]any{"idps": "Off"}, "aks-platform:hub.idps", "production requires Alert or Deny"},
		{"IDPS on a standard firewall in dev", "dev", map[string]any{"firewall": true, "idps": "Deny"},
			"aks-platform:hub.idps", "needs firewallSku Premium"},
		{"reported without regions", "prod", map[string]any{"threatIntelMode": "Alert", "regions": nil},
			"aks-platform:hub.threatIntelMode", "production requires Deny"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := stackConfig(t, tc.stack)
			for k, v := range tc.set {
				if k == "regions" {
					delete(cfg, "aks-platform:regions")
					continue
				}
				set(t, cfg, "aks-platform:hub."+k, v)
			}
			env, err := FromConfig(cfg)
			assert.Nil(t, env)
			keys := problemKeys(t, err)
			require.Contains(t, keys, tc.key, "problems: %v", err)
			assert.Contains(t, keys[tc.key], tc.reason)
		})
	}
}
