package stacks

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/components/frontdoor"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/components/keyvault"
	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/registry"
	"github.com/aksplatform/platform/components/thanos"
	"github.com/aksplatform/platform/internal/typetoken"
)

// RegionType is the type token of the component that holds everything of one region. The
// policy pack's region-independence rule recognises regions by it, so both read the one
// constant in typetoken.
const RegionType = typetoken.Region

// Region is one region's platform: hub and spoke, cluster, registry, vault, ingress, workload
// identities and GitOps. Nothing in it depends on another region.
type Region struct {
	pulumi.ResourceState

	ClusterName    pulumi.StringOutput
	OIDCIssuerURL  pulumi.StringOutput
	VaultURI       pulumi.StringOutput
	IngressAddress pulumi.StringOutput
	// Kubeconfig is the Entra ID user kubeconfig: a secret.
	Kubeconfig pulumi.StringOutput
	// WorkloadClientIDs are the client IDs of the workload identities, by workload name.
	WorkloadClientIDs map[string]pulumi.StringOutput

	// What the global resources (OperatorAccess) take from the region: its hub and spoke
	// VNets with their resource groups, and the cluster with its private DNS zone.
	Hub                    *network.Hub
	Spoke                  *network.Spoke
	HubResourceGroupName   pulumi.StringOutput
	SpokeResourceGroupName pulumi.StringOutput
	Cluster                *aks.Cluster
	// Thanos is the region's metrics bucket and Thanos's identity; nil when Thanos is off.
	Thanos *thanos.Storage
}

// NewRegion builds the region spec of env, a defaulted and validated environment, under a
// Region component named after its location, with the subnets the address plan gives that
// location; global says what it takes from the global resources.
func NewRegion(ctx *pulumi.Context, env *Environment, spec RegionSpec, addresses *network.AddressPlan, global Global, opts ...pulumi.ResourceOption) (*Region, error) {
	rp, ok := addresses.Region(spec.Location)
	if !ok {
		return nil, fmt.Errorf("the address plan has no region %s", spec.Location)
	}
	r := &Region{WorkloadClientIDs: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(RegionType, rp.Location, r, opts...); err != nil {
		return nil, err
	}
	b := &regionBuilder{ctx: ctx, env: env, plan: rp, region: r, prod: env.Kind.Production(),
		name: env.regionName(rp.Location), tags: env.tags(rp.Location),
		location: pulumi.String(rp.Location), aks: env.regionAKS(spec), global: global}
	for _, step := range []func() error{b.addGroups, b.addMonitoring, b.addNetwork, b.addVault, b.addCluster, b.addRegistry, b.addIngress, b.addObservability, b.addWorkloads, b.addThanos, b.addGitops} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	r.ClusterName = b.cluster.ClusterName
	r.OIDCIssuerURL = b.cluster.OIDCIssuerURL
	r.VaultURI = b.vault.VaultURI
	r.IngressAddress = b.ingress.Address()
	r.Kubeconfig = b.cluster.Kubeconfig
	r.Hub, r.Spoke, r.Cluster, r.Thanos = b.hub, b.spoke, b.cluster, b.thanos
	r.HubResourceGroupName, r.SpokeResourceGroupName = b.hubRG.Name, b.spokeRG.Name
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"clusterName":    r.ClusterName,
		"oidcIssuerUrl":  r.OIDCIssuerURL,
		"vaultUri":       r.VaultURI,
		"ingressAddress": r.IngressAddress,
	})
}

// regionBuilder registers a region's components in dependency order; each step reads what
// the earlier ones produced.
type regionBuilder struct {
	ctx      *pulumi.Context
	env      *Environment
	plan     network.RegionPlan
	region   *Region
	prod     bool
	name     string
	tags     pulumi.StringMap
	location pulumi.StringInput
	// aks is the region's cluster spec: aks-platform:aks with the region's overrides.
	aks    aks.Spec
	global Global

	hubRG, spokeRG *resources.ResourceGroup
	hub            *network.Hub
	spoke          *network.Spoke
	workspace      *monitoring.Workspace
	cluster        *aks.Cluster
	registry       *registry.Registry
	vault          *keyvault.Vault
	ingress        ingress.Controller
	// namespaces are the workload Namespaces the identities create. Dependents wait for these
	// resources themselves: DependsOn on a component waits only for the children it had
	// registered when the dependent was registered, which varies between runs.
	namespaces []pulumi.Resource
	// thanos and grafana are the metrics bucket with Thanos's identity, and Grafana's.
	thanos  *thanos.Storage
	grafana *identity.WorkloadIdentity
}

func (b *regionBuilder) parent() pulumi.ResourceOption { return pulumi.Parent(b.region) }

func (b *regionBuilder) addGroups() error {
	var err error
	for _, g := range []struct {
		dst  **resources.ResourceGroup
		role string
	}{{&b.hubRG, "hub"}, {&b.spokeRG, "spoke"}} {
		*g.dst, err = resources.NewResourceGroup(b.ctx, b.name+"-"+g.role+"-rg", &resources.ResourceGroupArgs{
			ResourceGroupName: pulumi.String(fmt.Sprintf("rg-%s-%s", b.name, g.role)),
			Location:          b.location,
			Tags:              b.tags,
		}, b.parent())
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *regionBuilder) addNetwork() error {
	var err error
	hub := b.env.hubArgs(b.plan)
	hub.ResourceGroupName, hub.Location, hub.Tags = b.hubRG.Name, b.location, b.tags
	hub.LogAnalyticsWorkspaceID = b.workspace.WorkspaceID
	b.hub, err = network.NewHub(b.ctx, b.name+"-hub", hub, b.parent())
	if err != nil {
		return err
	}
	spoke := &network.SpokeArgs{
		Plan:       b.plan.Spoke,
		Production: b.prod,
		// The NSGs log to the region's workspace.
		LogAnalyticsWorkspaceID: b.workspace.WorkspaceID,
		AppGateway:              b.env.Ingress.Controller == ingress.ControllerAGIC,
		PublicLoadBalancer:      b.env.Ingress.Controller == ingress.ControllerNGINX && !b.env.Ingress.Internal,
		// CI runners in the operator hub's management subnet reach the private API server.
		ManagementPrefix:  b.managementPrefix(),
		ResourceGroupName: b.spokeRG.Name,
		Location:          b.location,
		Tags:              b.tags,
	}
	if b.env.Hub.Firewall {
		spoke.FirewallPrivateIP = b.hub.FirewallPrivateIP
	}
	if b.global.FrontDoorID != nil {
		spoke.IngressSource = network.IngressFromFrontDoor // clients come through Front Door only
	}
	if b.spoke, err = network.NewSpoke(b.ctx, b.name+"-spoke", spoke, b.parent()); err != nil {
		return err
	}
	_, err = network.NewPeering(b.ctx, b.name+"-peering", &network.PeeringArgs{
		HubVNetName:            b.hub.VNetName,
		HubVNetID:              b.hub.VNetID,
		HubResourceGroupName:   b.hubRG.Name,
		SpokeVNetName:          b.spoke.VNetName,
		SpokeVNetID:            b.spoke.VNetID,
		SpokeResourceGroupName: b.spokeRG.Name,
		GatewayTransit:         b.env.Hub.GatewayTransit,
	}, b.parent())
	return err
}

// managementPrefix is the management subnet CI runs in: the operator hub's (Global), or,
// when the caller names none, the region's own hub's.
func (b *regionBuilder) managementPrefix() netip.Prefix {
	if b.global.ManagementPrefix.IsValid() {
		return b.global.ManagementPrefix
	}
	return b.plan.Hub.Management.Prefix
}

func (b *regionBuilder) addMonitoring() error {
	var err error
	b.workspace, err = monitoring.NewWorkspace(b.ctx, b.name+"-logs", &monitoring.WorkspaceArgs{
		Spec:              b.env.Monitoring,
		Production:        b.prod,
		ResourceGroupName: b.spokeRG.Name,
		Location:          b.location,
		Tags:              b.tags,
	}, b.parent())
	return err
}

func (b *regionBuilder) addCluster() error {
	args := &aks.ClusterArgs{
		Spec:                    b.aks,
		Production:              b.prod,
		ResourceGroupName:       b.spokeRG.Name,
		LocationName:            b.plan.Location,
		NodeSubnetID:            b.spoke.PrivateSubnetID,
		NodeSubnet:              b.plan.Spoke.Private.Prefix,
		RouteTableID:            b.spoke.RouteTableID,
		UserDefinedRouting:      b.env.Hub.Firewall,
		HubVNetID:               b.hub.VNetID,
		SpokeVNetID:             b.spoke.VNetID,
		LogAnalyticsWorkspaceID: b.workspace.WorkspaceID,
		Vault:                   b.clusterVault(), // KMS and disk encryption keys (kms.go)
		Tags:                    b.tags,
		Today:                   b.env.Now,
	}
	if b.env.Hub.Firewall {
		args.FirewallEgressIPs = b.hub.FirewallPublicIPs
	}
	var err error
	b.cluster, err = aks.NewCluster(b.ctx, b.env.clusterName(b.plan.Location), args, b.parent())
	return err
}

func (b *regionBuilder) addRegistry() error {
	var err error
	b.registry, err = registry.NewRegistry(b.ctx, b.name+"-acr", &registry.RegistryArgs{
		Spec:              b.env.Registry,
		Production:        b.prod,
		ResourceGroupName: b.spokeRG.Name,
		Location:          b.location,
		EndpointSubnetID:  b.spoke.EndpointsSubnetID,
		HubVNetID:         b.hub.VNetID,
		SpokeVNetID:       b.spoke.VNetID,
		KubeletObjectID:   b.cluster.KubeletObjectID,
		Cache:             b.env.cacheImages(),
		Tags:              b.tags,
		// Regional: the region's own workspace, never another region's.
		LogAnalyticsWorkspaceID: b.workspace.WorkspaceID,
	}, b.parent())
	return err
}

func (b *regionBuilder) addVault() error {
	var err error
	b.vault, err = keyvault.NewVault(b.ctx, b.name+"-kv", &keyvault.VaultArgs{
		Spec:              b.env.vaultSpec(),
		Production:        b.prod,
		ResourceGroupName: b.spokeRG.Name,
		Location:          b.location,
		EndpointsSubnetID: b.spoke.EndpointsSubnetID,
		HubVNetID:         b.hub.VNetID,
		SpokeVNetID:       b.spoke.VNetID,
		Now:               b.env.Now,
		Tags:              b.tags,
		// Regional: the region's own workspace, never another region's.
		LogAnalyticsWorkspaceID: b.workspace.WorkspaceID,
	}, b.parent())
	return err
}

func (b *regionBuilder) addIngress() error {
	args := &ingress.Args{
		Spec:               b.env.Ingress,
		Production:         b.prod,
		ResourceGroupName:  b.spokeRG.Name,
		Location:           b.location,
		PublicSubnetID:     b.spoke.PublicSubnetID,
		OIDCIssuerURL:      b.cluster.OIDCIssuerURL,
		ClusterPrincipalID: b.cluster.ControlPlanePrincipalID,
		FrontDoorID:        b.global.FrontDoorID,
		// Every ingress chart pulls its images through this registry's cache.
		RegistryLoginServer: b.registry.LoginServer,
		KubernetesProvider:  b.cluster.Provider,
		Tags:                b.tags,
		// The Application Gateway logs to the region's workspace.
		LogAnalyticsWorkspaceID: b.workspace.WorkspaceID,
	}
	if b.env.FrontDoor.IsEnabled() {
		// Before any workload exists the ingress serves a certificate for the site's host name
		// and this region's origin host name (the name Front Door checks), and answers the
		// health probe.
		args.CertificateHosts = b.env.FrontDoor.CertificateNames(b.plan.Location)
		args.HealthProbePath = frontdoor.HealthProbePath
		// Behind Front Door HTTP-01 cannot work at all: the plain-HTTP ACME route is gone, the
		// origin needs a valid certificate before Front Door sends it traffic, and Front Door
		// sends a validation request to any region. So DNS-01 is required whenever Front Door
		// is on (Validate checks ingress.certManager.dnsZone).
		args.SharedHostName = true
	}
	var err error
	b.ingress, err = ingress.New(b.ctx, b.name+"-ingress", args, b.parent())
	return err
}

func (b *regionBuilder) addWorkloads() error {
	scopes := map[string]pulumi.StringInput{
		"keyVault":      b.vault.VaultID,
		"registry":      b.registry.RegistryID,
		"resourceGroup": b.spokeRG.ID().ToStringOutput(),
	}
	for _, w := range b.env.Workloads {
		wi, err := b.workloadIdentity(w, scopes)
		if err != nil {
			return err
		}
		b.region.WorkloadClientIDs[w.Name] = wi.ClientID
		if wi.NamespaceResource != nil {
			b.namespaces = append(b.namespaces, wi.NamespaceResource)
		}
	}
	return nil
}

func (b *regionBuilder) addGitops() error {
	if !b.env.GitOps.IsEnabled() {
		return nil
	}
	// The applications instance deploys into the workload namespaces, which the workload
	// identities create; every chart image comes through the region's registry cache.
	_, err := gitops.NewArgoCD(b.ctx, b.name+"-gitops", &gitops.ArgoCDArgs{
		Spec:                  b.env.GitOps,
		ApplicationNamespaces: b.env.workloadNamespaces(),
		NamespaceResources:    b.namespaces,
		RegistryLoginServer:   b.registry.LoginServer,
		Production:            b.prod,
		KubernetesProvider:    b.cluster.Provider,
		PlatformValues:        b.platformValues(),
		RepositoryCredentials: b.repositoryAccess(),
	}, b.parent())
	return err
}
