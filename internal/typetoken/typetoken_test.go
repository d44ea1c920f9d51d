package typetoken

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBaseDropsAzureNativeAPIVersions(t *testing.T) {
	for in, want := range map[string]string{
		"azure-native:containerservice/v20240901:ManagedCluster": "azure-native:containerservice:ManagedCluster",
		"azure-native:containerservice:ManagedCluster":           "azure-native:containerservice:ManagedCluster",
		"kubernetes:helm.sh/v3:Release":                          "kubernetes:helm.sh/v3:Release",
		Region:                                                   Region,
		"not-a-token":                                            "not-a-token",
	} {
		assert.Equal(t, want, Base(in), "Base(%q)", in)
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct{ in, pkg, module, typ string }{
		{"azure-native:network/v20240301:Subnet", "azure-native", "network", "Subnet"},
		{"random:index/randomPassword:RandomPassword", "random", "index", "RandomPassword"},
		{"pulumi:pulumi:Stack", "pulumi", "pulumi", "Stack"},
		{"odd", "odd", "", ""},
	} {
		pkg, module, typ := Split(tc.in)
		assert.Equal(t, []string{tc.pkg, tc.module, tc.typ}, []string{pkg, module, typ}, tc.in)
	}
}
