package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLowerCamelMatchesTheComponentsKeys(t *testing.T) {
	for in, want := range map[string]string{
		"OIDCIssuerURL":     "oidcIssuerUrl",
		"NodeSubnetID":      "nodeSubnetId",
		"FirewallPublicIPs": "firewallPublicIps",
		"HubVNetID":         "hubVNetId",
		"VNetID":            "vnetId",
		"DNSZoneID":         "dnsZoneId",
		"ResourceGroupName": "resourceGroupName",
		"Production":        "production",
	} {
		assert.Equal(t, want, lowerCamel(in), in)
	}
}

func TestParseDefaults(t *testing.T) {
	doc := "SetDefaults fills (dev / prod):\n\n" +
		"\tkubernetesVersion   none\n" +
		"\taddons.keda         false\n" +
		"\tautoscalerProfile   expander random,\n" +
		"\t                    scanInterval 10s\n" +
		"\tsystemPool / userPools[*]:\n" +
		"\t  osDiskType, osDiskSizeGB  Managed, 128\n" +
		"\t  taints (system pool)      CriticalAddonsOnly\n" +
		"\tmaxSurge            1 / 33%\n\nProse after the table.\n"
	assert.Equal(t, map[string]string{
		"kubernetesVersion":         "none",
		"addons.keda":               "false",
		"autoscalerProfile":         "expander random, scanInterval 10s",
		"systemPool.osDiskType":     "Managed, 128",
		"systemPool.osDiskSizeGB":   "Managed, 128",
		"userPools[*].osDiskType":   "Managed, 128",
		"userPools[*].osDiskSizeGB": "Managed, 128",
		"systemPool.taints":         "CriticalAddonsOnly",
		"userPools[*].taints":       "CriticalAddonsOnly",
		"maxSurge":                  "1 / 33%",
	}, parseDefaults(doc))
}
