package stacks

import (
	"maps"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/frontdoor"
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
// its own aksplatform:stacks:Region component. It validates env first, so an invalid
// environment registers no resource. Tools that embed the platform run it as an Automation API
// inline program.
func Program(env *Environment) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if err := env.Validate(); err != nil {
			return err
		}
		var origins []frontdoor.Origin
		for _, rp := range env.addressPlan.Regions {
			r, err := NewRegion(ctx, env, rp)
			if err != nil {
				return err
			}
			origins = append(origins, frontdoor.Origin{Region: rp.Location, Address: r.IngressAddress})
			prefix := rp.Location + "."
			ctx.Export(prefix+"clusterName", r.ClusterName)
			ctx.Export(prefix+"oidcIssuerUrl", r.OIDCIssuerURL)
			ctx.Export(prefix+"keyVaultUri", r.VaultURI)
			ctx.Export(prefix+"ingressAddress", r.IngressAddress)
			ctx.Export(prefix+"kubeconfig", r.Kubeconfig)
		}
		return addGlobal(ctx, env, origins)
	}
}

// addGlobal registers what sees every region: Front Door in front of the regions' ingress.
// It lives outside every Region component, so no region depends on another.
func addGlobal(ctx *pulumi.Context, env *Environment, origins []frontdoor.Origin) error {
	if !env.FrontDoor.IsEnabled() {
		return nil
	}
	tags := env.tags("global")
	rg, err := resources.NewResourceGroup(ctx, env.Name+"-global-rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String("rg-" + env.Name + "-global"),
		Location:          pulumi.String(env.Regions[0].Location), // where the group's metadata lives
		Tags:              tags,
	})
	if err != nil {
		return err
	}
	fd, err := frontdoor.NewFrontDoor(ctx, env.Name+"-frontdoor", &frontdoor.FrontDoorArgs{
		Spec:              env.FrontDoor,
		Production:        env.Kind.Production(),
		ResourceGroupName: rg.Name,
		Origins:           origins,
		Tags:              tags,
	})
	if err != nil {
		return err
	}
	ctx.Export("frontDoor.endpointHostName", fd.EndpointHostName)
	ctx.Export("frontDoor.id", fd.FrontDoorID)
	return nil
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
