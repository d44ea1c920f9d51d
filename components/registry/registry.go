package registry

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/monitoring/logs"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

// RegistryArgs is a Spec plus the wiring to the network and the cluster.
type RegistryArgs struct {
	// Spec is the registry as configured; NewRegistry applies SetDefaults to a copy.
	Spec Spec
	// Production selects the production defaults and rules.
	Production bool

	// ResourceGroupName and Location place the resources.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// EndpointSubnetID is the spoke's private-endpoints subnet (needed when private).
	EndpointSubnetID pulumi.StringInput
	// HubVNetID and SpokeVNetID resolve privatelink.azurecr.io (spoke needed when private).
	HubVNetID   pulumi.StringInput
	SpokeVNetID pulumi.StringInput // required when private
	// KubeletObjectID is the cluster's kubelet identity, which gets AcrPull.
	KubeletObjectID pulumi.StringInput
	// Cache are the images the cluster's components deploy (egress.Merge of their Needs):
	// each one gets an artifact cache rule from its upstream to <loginServer>/<CacheRepository>,
	// except those of a registry AKS's FQDN tag covers (CoveredByAKS). See ValidateCache.
	Cache []egress.Image
	// LogAnalyticsWorkspaceID receives the registry's login and repository events and its
	// metrics (a diagnostic setting); required in production.
	LogAnalyticsWorkspaceID pulumi.StringInput
	// Tags go on every Azure resource the component creates.
	Tags pulumi.StringMapInput
}

// spec returns the spec with defaults applied, without touching the caller's.
func (a *RegistryArgs) spec() Spec {
	s := a.Spec.clone()
	s.SetDefaults(a.Production)
	return s
}

// Validate checks the spec (with defaults), the images to cache and the wiring. Spec problems
// are keyed relative to aks-platform:registry; wiring problems by the input's camelCase name.
func (a *RegistryArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	s := a.spec()
	var ps validation.Problems
	ps.Merge("", s.Validate(a.Production))
	ps.Merge("", s.ValidateCache(a.Cache))
	if a.ResourceGroupName == nil {
		ps.Addf("resourceGroupName", "is required: the registry's resource group")
	}
	if a.Location == nil {
		ps.Addf("location", "is required: the registry's region")
	}
	if a.KubeletObjectID == nil {
		ps.Addf("kubeletObjectId", "is required: the kubelet identity that pulls with AcrPull")
	}
	if a.Production && a.LogAnalyticsWorkspaceID == nil {
		ps.Addf("logAnalyticsWorkspaceId", "is required in production: the registry's login and repository events go to Log Analytics")
	}
	if s.private() && (a.EndpointSubnetID == nil || a.SpokeVNetID == nil) {
		ps.Addf("publicNetworkAccess", "false needs the private-endpoints subnet (EndpointSubnetID) and the spoke VNet (SpokeVNetID) for the private endpoint and its DNS zone")
	}
	return ps.Err()
}

// Registry is an Azure Container Registry the cluster pulls from.
type Registry struct {
	pulumi.ResourceState

	// RegistryID is the ARM resource ID (the AcrPull scope); RegistryName the global name.
	RegistryID   pulumi.StringOutput
	RegistryName pulumi.StringOutput
	// LoginServer is the registry's host name (<name>.azurecr.io): Helm values pull the
	// cached images from <LoginServer>/<egress.Image.CacheRepository()>.
	LoginServer pulumi.StringOutput

	cache []egress.Image
}

// Covers reports whether a node pulls img without reaching the Internet: see the package
// function Covers, over the images this registry caches.
func (r *Registry) Covers(img egress.Image) bool { return Covers(r.cache, img) }

// Name returns the registry name for a component: s.Name when set, otherwise the component
// name's letters and digits plus 8 hex digits of a hash of project, stack and name, so that the
// globally unique name is stable per stack and does not collide across stacks.
func Name(s Spec, project, stack, name string) string {
	if s.Name != "" {
		return s.Name
	}
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	base := b.String()
	if len(base) > 42 {
		base = base[:42]
	}
	if base == "" {
		base = "acr"
	}
	sum := sha256.Sum256([]byte(project + "/" + stack + "/" + name))
	return fmt.Sprintf("%s%x", base, sum[:4])
}

// NewRegistry validates args and registers the registry, its private endpoint and DNS zone when
// private, AcrPull for the kubelet identity, and the artifact cache (credential sets and one
// cache rule per image). Nothing is registered when args are invalid.
func NewRegistry(ctx *pulumi.Context, name string, args *RegistryArgs, opts ...pulumi.ResourceOption) (*Registry, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	s := args.spec()
	r := &Registry{cache: cached(args.Cache)}
	if err := ctx.RegisterComponentResource(ComponentType, name, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)
	reg, err := containerregistry.NewRegistry(ctx, name+"-acr", &containerregistry.RegistryArgs{
		ResourceGroupName:        args.ResourceGroupName,
		Location:                 args.Location,
		RegistryName:             pulumi.String(Name(s, ctx.Project(), ctx.Stack(), name)),
		Sku:                      &containerregistry.SkuArgs{Name: pulumi.String(string(s.SKU))},
		AdminUserEnabled:         pulumi.Bool(s.AdminUserEnabled),
		PublicNetworkAccess:      pulumi.String(enabledOrDisabled(!s.private())),
		ZoneRedundancy:           pulumi.String(enabledOrDisabled(*s.ZoneRedundancy)),
		NetworkRuleBypassOptions: pulumi.String("AzureServices"),
		Policies:                 s.policies(),
		Tags:                     args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	if args.LogAnalyticsWorkspaceID != nil {
		if _, err := monitoring.Diagnose(ctx, name, logs.ContainerRegistry, reg.ID().ToStringOutput(), args.LogAnalyticsWorkspaceID, parent); err != nil {
			return nil, err
		}
	}
	if s.private() {
		if err := privateEndpoint(ctx, name, args, reg, parent); err != nil {
			return nil, err
		}
	}
	if _, err := rbac.Assign(ctx, name+"-acrpull", rbac.Assignment{
		Role:        rbac.AcrPull,
		Scope:       reg.ID().ToStringOutput(),
		PrincipalID: args.KubeletObjectID,
	}, parent); err != nil {
		return nil, err
	}
	if err := artifactCache(ctx, name, s, r.cache, args.ResourceGroupName, reg.Name, parent); err != nil {
		return nil, err
	}
	r.RegistryID = reg.ID().ToStringOutput()
	r.RegistryName = reg.Name
	r.LoginServer = reg.LoginServer
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"registryId":   r.RegistryID,
		"registryName": r.RegistryName,
		"loginServer":  r.LoginServer,
	})
}

// privateEndpoint registers the registry's privatelink.azurecr.io zone, linked to hub and
// spoke, and its private endpoint in the spoke.
func privateEndpoint(ctx *pulumi.Context, name string, args *RegistryArgs, reg *containerregistry.Registry, parent pulumi.ResourceOption) error {
	zone, err := network.NewPrivateDNSZone(ctx, name+"-dns", &network.PrivateDNSZoneArgs{
		ResourceGroupName: args.ResourceGroupName,
		ZoneName:          network.ZoneRegistry,
		Links:             network.HubSpokeLinks(args.HubVNetID, args.SpokeVNetID),
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return err
	}
	_, err = network.NewPrivateEndpoint(ctx, name+"-endpoint", &network.PrivateEndpointArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		SubnetID:          args.EndpointSubnetID,
		TargetID:          reg.ID().ToStringOutput(),
		GroupID:           "registry",
		DNSZoneID:         zone.ZoneID,
		Tags:              args.Tags,
	}, parent)
	return err
}

// enabledOrDisabled is the ARM spelling of a switch.
func enabledOrDisabled(on bool) string {
	if on {
		return "Enabled"
	}
	return "Disabled"
}
