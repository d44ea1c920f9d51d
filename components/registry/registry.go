package registry

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

// ComponentType is the type token of the Registry component.
const ComponentType = "aksplatform:registry:Registry"

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
	// Tags go on every Azure resource the component creates.
	Tags pulumi.StringMapInput
}

func (a *RegistryArgs) spec() Spec {
	s := a.Spec
	s.SetDefaults(a.Production)
	return s
}

// Validate checks the spec (with defaults) and the wiring.
func (a *RegistryArgs) Validate() error {
	if a == nil {
		return fmt.Errorf("registry: args are required")
	}
	s := a.spec()
	var ps validation.Problems
	ps.Merge("", s.Validate(a.Production))
	for _, r := range []struct {
		field string
		set   bool
	}{
		{"ResourceGroupName", a.ResourceGroupName != nil},
		{"Location", a.Location != nil},
		{"KubeletObjectID", a.KubeletObjectID != nil},
	} {
		if !r.set {
			ps.Addf(r.field, "is required")
		}
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
	// LoginServer is the registry's host name (<name>.azurecr.io).
	LoginServer pulumi.StringOutput
}

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
// private, and AcrPull for the kubelet identity. Nothing is registered when args are invalid.
func NewRegistry(ctx *pulumi.Context, name string, args *RegistryArgs, opts ...pulumi.ResourceOption) (*Registry, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	s := args.spec()
	r := &Registry{}
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
		PublicNetworkAccess:      pulumi.String(enabled(!s.private())),
		ZoneRedundancy:           pulumi.String(enabled(*s.ZoneRedundancy)),
		NetworkRuleBypassOptions: pulumi.String("AzureServices"),
		Tags:                     args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	if s.private() {
		zone, err := network.NewPrivateDNSZone(ctx, name+"-dns", &network.PrivateDNSZoneArgs{
			ResourceGroupName: args.ResourceGroupName,
			ZoneName:          network.ZoneRegistry,
			Links:             network.HubSpokeLinks(args.HubVNetID, args.SpokeVNetID),
			Tags:              args.Tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := network.NewPrivateEndpoint(ctx, name+"-endpoint", &network.PrivateEndpointArgs{
			ResourceGroupName: args.ResourceGroupName,
			Location:          args.Location,
			SubnetID:          args.EndpointSubnetID,
			TargetID:          reg.ID().ToStringOutput(),
			GroupID:           "registry",
			DNSZoneID:         zone.ZoneID,
			Tags:              args.Tags,
		}, parent); err != nil {
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
	r.RegistryID = reg.ID().ToStringOutput()
	r.RegistryName = reg.Name
	r.LoginServer = reg.LoginServer
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"registryId":   r.RegistryID,
		"registryName": r.RegistryName,
		"loginServer":  r.LoginServer,
	})
}

func enabled(on bool) string {
	if on {
		return "Enabled"
	}
	return "Disabled"
}
