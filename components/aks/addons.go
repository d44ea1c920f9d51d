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
		// Workspace-key authentication: managed identity auth (useAADAuth) through ARM also needs
		// a data collection rule and its association, which this component does not create.
		m[addonMonitoring] = &containerservice.ManagedClusterAddonProfileArgs{
			Enabled: pulumi.Bool(true),
			Config: pulumi.StringMap{
				"logAnalyticsWorkspaceResourceID": workspaceID,
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
