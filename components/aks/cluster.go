package aks

import (
	"fmt"
	"regexp"
	"strings"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/monitoring/logs"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/validation"
)

// The cluster, its agent pools and maintenance configurations use the AKS API version
// 2024-09-01 (the azure-native versioned module): the default version of azure-native v2
// (2023-04-01) has no nodeOSUpgradeChannel and no maintenanceWindow, which the
// aksManagedAutoUpgradeSchedule and aksManagedNodeOSUpgradeSchedule configurations need. The resources alias the unversioned type, so moving to a later default
// is not a replacement. Consumers that look resources up by type use these tokens.
const (
	ComponentType                = "aksplatform:aks:Cluster"
	ManagedClusterType           = "azure-native:containerservice/v20240901:ManagedCluster"
	AgentPoolType                = "azure-native:containerservice/v20240901:AgentPool"
	MaintenanceConfigurationType = "azure-native:containerservice/v20240901:MaintenanceConfiguration"
)

// Cluster is an AKS managed cluster with its pools, identity, access and upgrade settings.
type Cluster struct {
	pulumi.ResourceState

	// ClusterName is the AKS resource name; ClusterID its ARM resource ID.
	ClusterName pulumi.StringOutput
	ClusterID   pulumi.StringOutput
	// OIDCIssuerURL is the issuer that workload identity federated credentials trust.
	OIDCIssuerURL pulumi.StringOutput
	// KubeletObjectID and KubeletClientID identify the nodes' identity (AcrPull goes here).
	KubeletObjectID pulumi.StringOutput
	KubeletClientID pulumi.StringOutput // the client ID, for clients that need it (e.g. CSI drivers)
	// NodeResourceGroup is the AKS-managed resource group holding the nodes.
	NodeResourceGroup pulumi.StringOutput
	// ControlPlanePrincipalID is the control plane's user-assigned identity.
	ControlPlanePrincipalID pulumi.StringOutput
	// Kubeconfig is the Entra ID user kubeconfig (exec format: needs kubelogin), a secret.
	Kubeconfig pulumi.StringOutput
	// Provider deploys into the cluster with Kubeconfig. It is created after DeployerAccess,
	// so every Kubernetes resource and Helm release that uses it waits for the grant.
	Provider *kubernetes.Provider
	// DeployerAccess is the role assignment that lets the deploying identity use the
	// Kubernetes API (deployerAccess); depend on it from anything that reaches the cluster
	// without Provider.
	DeployerAccess pulumi.Resource
	// PrivateDNSZone is a private cluster's privatelink.<region>.azmk8s.io zone, in
	// ResourceGroupName, linked to the hub and spoke; nil with a public API server. Another
	// network that must resolve the API server (an operator hub of another region) is linked
	// to ZoneName, after Resources.
	PrivateDNSZone *network.PrivateDNSZone
}

var clusterNamePattern = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9])?$`)

// builder carries what every part of NewCluster needs.
type builder struct {
	ctx    *pulumi.Context
	name   string
	args   *ClusterArgs
	spec   Spec
	parent pulumi.ResourceOrInvokeOption
	zone   *network.PrivateDNSZone // the private cluster's API zone, set by apiServerAccess
}

// NewCluster validates args and registers the cluster. Nothing is registered when args are
// invalid.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if args == nil {
		return nil, validation.Required(ComponentType)
	}
	if !clusterNamePattern.MatchString(name) {
		return nil, fmt.Errorf("aks: cluster name %q must be 1-63 letters, digits, '-' or '_', starting and ending with a letter or digit", name)
	}
	if err := args.Validate(); err != nil {
		return nil, err
	}
	c := &Cluster{}
	if err := ctx.RegisterComponentResource(ComponentType, name, c, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: args, spec: args.spec(), parent: pulumi.Parent(c)}

	identity, deps, err := b.controlPlaneIdentity()
	if err != nil {
		return nil, err
	}
	access, zoneDeps, err := b.apiServerAccess(identity.PrincipalId)
	if err != nil {
		return nil, err
	}
	access.DisableRunCommand = pulumi.Bool(defaults.True(b.spec.DisableRunCommand))
	enc, err := b.encryption(identity.PrincipalId)
	if err != nil {
		return nil, err
	}
	mc, err := containerservice.NewManagedCluster(ctx, name+"-aks", &containerservice.ManagedClusterArgs{
		ResourceGroupName: args.ResourceGroupName,
		ResourceName:      pulumi.String(name),
		Location:          b.location(),
		DnsPrefix:         pulumi.String(dnsPrefix(name)),
		KubernetesVersion: optString(b.spec.KubernetesVersion),
		Sku: &containerservice.ManagedClusterSKUArgs{
			Name: pulumi.String("Base"),
			Tier: pulumi.String(string(b.spec.SKUTier)),
		},
		SupportPlan: pulumi.String(string(b.spec.SupportPlan)),
		Identity: &containerservice.ManagedClusterIdentityArgs{
			Type:                   containerservice.ResourceIdentityTypeUserAssigned,
			UserAssignedIdentities: pulumi.StringArray{identity.ID().ToStringOutput()},
		},
		AgentPoolProfiles: containerservice.ManagedClusterAgentPoolProfileArray{b.systemPoolProfile()},
		NetworkProfile:    b.networkProfile(),
		EnableRBAC:        pulumi.Bool(true),
		AadProfile: &containerservice.ManagedClusterAADProfileArgs{
			Managed:             pulumi.Bool(true),
			EnableAzureRBAC:     pulumi.Bool(true),
			AdminGroupObjectIDs: pulumi.ToStringArray(b.spec.AdminGroupObjectIDs),
		},
		DisableLocalAccounts:      pulumi.Bool(defaults.True(b.spec.LocalAccountsDisabled)),
		ApiServerAccessProfile:    access,
		OidcIssuerProfile:         &containerservice.ManagedClusterOIDCIssuerProfileArgs{Enabled: pulumi.Bool(true)},
		SecurityProfile:           b.securityProfile(enc.kmsKey),
		DiskEncryptionSetID:       enc.diskID,
		AutoUpgradeProfile:        b.autoUpgradeProfile(),
		AutoScalerProfile:         b.spec.AutoscalerProfile.args(),
		AddonProfiles:             b.spec.Addons.profiles(args.LogAnalyticsWorkspaceID),
		WorkloadAutoScalerProfile: &containerservice.ManagedClusterWorkloadAutoScalerProfileArgs{Keda: &containerservice.ManagedClusterWorkloadAutoScalerProfileKedaArgs{Enabled: pulumi.Bool(b.spec.Addons.Keda)}},
		Tags:                      args.Tags,
	}, b.parent, pulumi.DependsOn(append(append(deps, zoneDeps...), enc.deps...)), pulumi.IgnoreChanges(b.spec.clusterIgnoreChanges()),
		pulumi.Transformations([]pulumi.ResourceTransformation{b.spec.NetworkPlugin.withoutSDKPodCIDR}))
	if err != nil {
		return nil, err
	}
	if args.LogAnalyticsWorkspaceID != nil {
		// Control plane logs (audit, API server, controller manager, autoscaler, guard) to the
		// region's workspace.
		if _, err := monitoring.Diagnose(ctx, name, logs.ManagedCluster, mc.ID().ToStringOutput(), args.LogAnalyticsWorkspaceID, b.parent); err != nil {
			return nil, err
		}
	}
	deployer, err := b.deployerAccess(mc.ID().ToStringOutput())
	if err != nil {
		return nil, err
	}
	if err := b.userPools(mc); err != nil {
		return nil, err
	}
	if err := b.maintenanceConfigurations(mc); err != nil {
		return nil, err
	}
	kubeconfig, provider, err := b.kubeconfig(c, mc, deployer)
	if err != nil {
		return nil, err
	}
	kubelet := mc.IdentityProfile.MapIndex(pulumi.String("kubeletidentity"))
	c.ClusterName = mc.Name
	c.PrivateDNSZone = b.zone
	c.ClusterID = mc.ID().ToStringOutput()
	c.OIDCIssuerURL = mc.OidcIssuerProfile.IssuerURL().Elem()
	c.KubeletObjectID = kubelet.ObjectId().Elem()
	c.KubeletClientID = kubelet.ClientId().Elem()
	c.NodeResourceGroup = mc.NodeResourceGroup.Elem()
	c.ControlPlanePrincipalID = identity.PrincipalId
	c.Kubeconfig = kubeconfig
	c.Provider = provider
	c.DeployerAccess = deployer
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterName":             c.ClusterName,
		"clusterId":               c.ClusterID,
		"oidcIssuerUrl":           c.OIDCIssuerURL,
		"kubeletObjectId":         c.KubeletObjectID,
		"kubeletClientId":         c.KubeletClientID,
		"nodeResourceGroup":       c.NodeResourceGroup,
		"controlPlanePrincipalId": c.ControlPlanePrincipalID,
		"kubeconfig":              c.Kubeconfig,
	})
}

func (b *builder) location() pulumi.StringInput {
	if b.args.Location != nil {
		return b.args.Location
	}
	return pulumi.String(b.args.LocationName)
}

// networkProfile maps the plugin choice onto the AKS network profile.
func (b *builder) networkProfile() *containerservice.ContainerServiceNetworkProfileArgs {
	s := b.spec
	np := &containerservice.ContainerServiceNetworkProfileArgs{
		NetworkPolicy:   pulumi.String(string(s.NetworkPolicy)),
		ServiceCidr:     pulumi.String(s.ServiceCIDR.String()),
		DnsServiceIP:    pulumi.String(s.DNSServiceIP.String()),
		LoadBalancerSku: pulumi.String("standard"),
		OutboundType:    pulumi.String("loadBalancer"),
	}
	switch s.NetworkPlugin {
	case Kubenet:
		np.NetworkPlugin = pulumi.String("kubenet")
	case AzureCNI:
		np.NetworkPlugin = pulumi.String("azure")
	case AzureCNIOverlay:
		np.NetworkPlugin = pulumi.String("azure")
		np.NetworkPluginMode = pulumi.String("overlay")
	}
	if s.NetworkPlugin.usesPodCIDR() {
		np.PodCidr = pulumi.String(s.PodCIDR.String())
	}
	// With Azure CNI, podCidr stays unset: the API documents it for kubenet and overlay only
	// (withoutSDKPodCIDR removes the SDK's default).
	if s.NetworkPolicy == PolicyCilium {
		np.NetworkDataplane = pulumi.String("cilium")
	}
	if b.args.UserDefinedRouting {
		np.OutboundType = pulumi.String("userDefinedRouting")
	}
	return np
}

// dnsPrefix derives the API server DNS prefix from the cluster name: letters, digits and
// hyphens, at most 54 characters.
func dnsPrefix(name string) string {
	p := strings.ReplaceAll(name, "_", "-")
	if len(p) > 54 {
		p = p[:54]
	}
	return strings.Trim(p, "-")
}

// withoutSDKPodCIDR undoes a default of the azure-native SDK: NewManagedCluster fills an unset
// networkProfile.podCidr with 10.244.0.0/16 before registering, which would send a pod CIDR with
// Azure CNI, where pods take node-subnet addresses and the API documents podCidr for kubenet
// and Azure CNI Overlay only (learn.microsoft.com/azure/aks/azure-cni-overview,
// .../azure-cni-overlay). The transformation runs after the SDK's defaults, on the
// ManagedCluster only; for the pod-CIDR plugins it leaves the spec's own podCidr alone.
func (p NetworkPlugin) withoutSDKPodCIDR(t *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
	args, ok := t.Props.(*containerservice.ManagedClusterArgs)
	if !ok || p.usesPodCIDR() || args.NetworkProfile == nil {
		return nil
	}
	args.NetworkProfile = args.NetworkProfile.ToContainerServiceNetworkProfilePtrOutput().ApplyT(
		func(np *containerservice.ContainerServiceNetworkProfile) *containerservice.ContainerServiceNetworkProfile {
			if np == nil {
				return nil
			}
			out := *np
			out.PodCidr = nil
			return &out
		}).(containerservice.ContainerServiceNetworkProfilePtrOutput)
	return &pulumi.ResourceTransformationResult{Props: args, Opts: t.Opts}
}

func optString(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.String(s)
}
