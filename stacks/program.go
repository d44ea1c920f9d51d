package stacks

import (
	"errors"
	"maps"
	"net/netip"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/frontdoor"
	"github.com/aksplatform/platform/components/monitoring"
)

// Project is the Pulumi project name (Pulumi.yaml).
const Project = "aks-platform"

// Run is the program behind `pulumi up`: it loads the stack's config and runs Program.
func Run(ctx *pulumi.Context) error {
	env, err := Load(ctx)
	if err != nil {
		return err
	}
	return Program(env)(ctx)
}

// Program returns the Pulumi program that builds env: every region independently, each under
// its own aksplatform:stacks:Region component, and the global entry point in front of them.
// Each run takes env as it is then, in a copy of its own: it applies the defaults to the copy
// (env itself is never modified), validates it and returns every problem before it registers
// any resource, and computes the address plan from it. So an environment edited after loading,
// or between two runs, is checked and built as it is now. Tools that embed the platform run it
// as an Automation API inline program.
func Program(env *Environment) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if env == nil {
			return errors.New("stacks.Program: the environment is nil")
		}
		env := env.clone()
		env.SetDefaults()
		if err := env.Validate(); err != nil {
			return err
		}
		addresses, err := env.AddressPlan()
		if err != nil {
			return err
		}
		fd, globalLogs, err := newFrontDoor(ctx, env)
		if err != nil {
			return err
		}
		operator, _ := addresses.Region(env.Management.Region)
		global := Global{ManagementPrefix: operator.Hub.Management.Prefix}
		if fd != nil {
			global.FrontDoorID = fd.FrontDoorID
			global.LogAnalyticsWorkspaceID = globalLogs.WorkspaceID
		}
		var origins []frontdoor.Origin
		regions := map[string]*Region{}
		for _, spec := range env.Regions {
			r, err := NewRegion(ctx, env, spec, addresses, global)
			if err != nil {
				return err
			}
			regions[spec.Location] = r
			origins = append(origins, frontdoor.Origin{Region: spec.Location, Address: r.IngressAddress, Drained: !spec.IsServing()})
			ctx.Export(RegionOutput(spec.Location, "clusterName"), r.ClusterName)
			ctx.Export(RegionOutput(spec.Location, "oidcIssuerUrl"), r.OIDCIssuerURL)
			ctx.Export(RegionOutput(spec.Location, "keyVaultUri"), r.VaultURI)
			ctx.Export(RegionOutput(spec.Location, "ingressAddress"), r.IngressAddress)
			ctx.Export(RegionOutput(spec.Location, "kubeconfig"), r.Kubeconfig)
			for _, w := range env.Workloads {
				ctx.Export(RegionOutput(spec.Location, WorkloadClientIDOutput(w.Name)), r.WorkloadClientIDs[w.Name])
			}
			if fd != nil {
				ctx.Export(RegionOutput(spec.Location, "originHostName"), pulumi.String(env.FrontDoor.OriginHostName(spec.Location)))
			}
		}
		if err := newOperatorAccess(ctx, env, regions); err != nil {
			return err
		}
		if err := newThanosGlobalView(ctx, env, regions); err != nil {
			return err
		}
		if fd == nil {
			return nil
		}
		ctx.Export("frontDoor.endpointHostName", fd.EndpointHostName)
		ctx.Export("frontDoor.id", fd.FrontDoorID)
		ctx.Export("frontDoor.hostName", fd.HostName)
		ctx.Export("frontDoor.validationToken", fd.ValidationToken)
		return fd.AddOrigins(ctx, origins)
	}
}

// RegionOutput is the name of the stack output that carries key of the region at location
// (<location>.<key>, e.g. westeurope.kubeconfig): Program exports under these names, and the
// day-2 commands read them back through this one function.
func RegionOutput(location, key string) string { return location + "." + key }

// WorkloadClientIDOutput is the stack output key (under RegionOutput) of a workload
// identity's client ID, which the conformance checks compare with its ServiceAccount.
func WorkloadClientIDOutput(workload string) string { return "workloads." + workload + ".clientId" }

// Global is what the regions take from the global resources.
type Global struct {
	// FrontDoorID is the Front Door every region's ingress accepts traffic from only; nil
	// when Front Door is off and the ingress faces the Internet.
	FrontDoorID pulumi.StringInput
	// ManagementPrefix is the management subnet of the hub where CI runs (management.region):
	// each region's node subnet admits it on 443, for the private API server. A plain prefix
	// from the address plan, so no region depends on another's resources. The zero prefix
	// means each region's own hub.
	ManagementPrefix netip.Prefix
	// LogAnalyticsWorkspaceID is the global resources' workspace (Front Door's logs); nil when
	// Front Door is off. Regions never log to it: each has its own.
	LogAnalyticsWorkspaceID pulumi.StringInput
}

// newFrontDoor registers the global Front Door, without origins: the regions need its ID
// before their ingress exists, and its origins need their ingress addresses. It lives outside
// every Region component, so no region depends on another, as does the global workspace
// beside it (newGlobalWorkspace). Nil when Front Door is off.
func newFrontDoor(ctx *pulumi.Context, env *Environment) (*frontdoor.FrontDoor, *monitoring.Workspace, error) {
	if !env.FrontDoor.IsEnabled() {
		return nil, nil, nil
	}
	tags := env.tags("global")
	// The group's location is only where its metadata lives, taken from the first region when
	// the group is created. It must not follow regions[0] afterwards: a resource group's
	// location cannot change, so reordering the regions or retiring the first one would
	// replace the group and, with it, the Front Door every region is served through.
	rg, err := resources.NewResourceGroup(ctx, env.Name+"-global-rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String("rg-" + env.Name + "-global"),
		Location:          pulumi.String(env.Regions[0].Location),
		Tags:              tags,
	}, pulumi.IgnoreChanges([]string{"location"}))
	if err != nil {
		return nil, nil, err
	}
	logs, err := newGlobalWorkspace(ctx, env, rg, tags)
	if err != nil {
		return nil, nil, err
	}
	fd, err := frontdoor.NewFrontDoor(ctx, env.Name+"-frontdoor", &frontdoor.FrontDoorArgs{
		Spec:              env.FrontDoor,
		Production:        env.Kind.Production(),
		ResourceGroupName: rg.Name,
		// Front Door is global, so it logs to the global workspace: no region depends on it.
		LogAnalyticsWorkspaceID: logs.WorkspaceID,
		Tags:                    tags,
	})
	return fd, logs, err
}

// tags returns the tags every Azure resource of a region carries.
func (e *Environment) tags(location string) pulumi.StringMap {
	all := map[string]string{}
	maps.Copy(all, e.Tags)
	all["environment"] = e.Name
	all["region"] = location
	all["managedBy"] = "aks-platform"
	return pulumi.ToStringMap(all)
}
