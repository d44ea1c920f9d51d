package aks

import (
	"strconv"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
)

// Add-on profile names AKS knows.
const (
	addonKeyVault   = "azureKeyvaultSecretsProvider"
	addonPolicy     = "azurepolicy"
	addonMonitoring = "omsagent"
	boolTrue        = "true"
)

// profiles returns every add-on profile, enabled or not, so that turning one off in config
// turns it off in the cluster too.
func (a Addons) profiles(workspaceID pulumi.StringInput) containerservice.ManagedClusterAddonProfileMap {
	kv := a.KeyVaultSecretsProvider
	m := containerservice.ManagedClusterAddonProfileMap{
		addonKeyVault:   &containerservice.ManagedClusterAddonProfileArgs{Enabled: pulumi.Bool(defaults.True(kv.Enabled))},
		addonPolicy:     &containerservice.ManagedClusterAddonProfileArgs{Enabled: pulumi.Bool(defaults.True(a.AzurePolicy))},
		addonMonitoring: &containerservice.ManagedClusterAddonProfileArgs{Enabled: pulumi.Bool(defaults.True(a.Monitoring))},
	}
	if defaults.True(kv.Enabled) {
		m[addonKeyVault] = &containerservice.ManagedClusterAddonProfileArgs{
			Enabled: pulumi.Bool(true),
			Config: pulumi.StringMap{
				"enableSecretRotation": pulumi.String(boolTrue),
				"rotationPollInterval": pulumi.String(kv.RotationPollInterval),
			},
		}
	}
	if defaults.True(a.Monitoring) && workspaceID != nil {
		// Managed identity authentication (useAADAuth) instead of the workspace key: the agent
		// authenticates with the add-on's identity, and what it collects is decided by a data
		// collection rule associated with the cluster (package monitoring builds both)
		// (https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-authentication).
		m[addonMonitoring] = &containerservice.ManagedClusterAddonProfileArgs{
			Enabled: pulumi.Bool(true),
			Config: pulumi.StringMap{
				"logAnalyticsWorkspaceResourceID": workspaceID,
				"useAADAuth":                      pulumi.String(boolTrue),
			},
		}
	}
	return m
}

// args maps the profile onto AKS's, which takes every setting as a string.
func (p AutoscalerProfile) args() *containerservice.ManagedClusterPropertiesAutoScalerProfileArgs {
	b := func(v *bool) pulumi.StringInput { return pulumi.String(strconv.FormatBool(defaults.True(v))) }
	return &containerservice.ManagedClusterPropertiesAutoScalerProfileArgs{
		BalanceSimilarNodeGroups:      b(p.BalanceSimilarNodeGroups),
		Expander:                      pulumi.String(p.Expander),
		ScanInterval:                  pulumi.String(p.ScanInterval),
		ScaleDownDelayAfterAdd:        pulumi.String(p.ScaleDownDelayAfterAdd),
		ScaleDownUnneededTime:         pulumi.String(p.ScaleDownUnneededTime),
		ScaleDownUtilizationThreshold: pulumi.String(strconv.FormatFloat(p.ScaleDownUtilizationThreshold, 'g', -1, 64)),
		MaxGracefulTerminationSec:     pulumi.String(strconv.Itoa(p.MaxGracefulTerminationSec)),
		MaxNodeProvisionTime:          pulumi.String(p.MaxNodeProvisionTime),
		SkipNodesWithSystemPods:       b(p.SkipNodesWithSystemPods),
		SkipNodesWithLocalStorage:     b(p.SkipNodesWithLocalStorage),
	}
}
