package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/stacks"
	"github.com/aksplatform/platform/validation"
)

// StacksRegionArgs are the inputs of aksplatform:stacks:Region: a whole environment, as a
// stack's aks-platform config section holds it, of which the resource builds one region. The
// environment is needed whole because a region's subnets come from the address plan of every
// region, and its defaults from the environment's stage.
type StacksRegionArgs struct {
	Environment StacksEnvironment  `pulumi:"environment"`
	Location    string             `pulumi:"location,optional"`
	FrontDoorID pulumi.StringInput `pulumi:"frontDoorId,optional"`
}

func (a *StacksRegionArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Environment, "The environment, as the aks-platform config section of a stack file holds it (keys as in the README's configuration reference). It is defaulted and validated as a whole, like stacks.Program does.")
	an.Describe(&a.Location, "The location of the region to build, one of environment.regions[].location. Default: the resource's name; a region is named after its location, as stacks.Program names it.")
	an.Describe(&a.FrontDoorID, "The ID of the Azure Front Door in front of the region (aksplatform:frontdoor:FrontDoor's frontDoorId): the ingress then accepts traffic from it only. Left out, the ingress faces the Internet.")
}

// newStacksRegion builds the region named name of the environment, exactly as stacks.Program
// builds each region: the environment defaulted, validated (every problem at once, nothing
// registered when one is found), its address plan computed, and the operator region's
// management subnet admitted to the API server.
func newStacksRegion(ctx *pulumi.Context, name string, args StacksRegionArgs, opts ...pulumi.ResourceOption) (*StacksRegion, error) {
	var ps validation.Problems
	env := args.Environment.toGo(&ps, "")
	if args.Location != "" && args.Location != name {
		ps.Addf("location", "%q differs from the resource's name %q: a Region is named after its location", args.Location, name)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	env.SetDefaults()
	if err := env.Validate(); err != nil {
		return nil, err
	}
	addresses, err := env.AddressPlan()
	if err != nil {
		return nil, err
	}
	var spec *stacks.RegionSpec
	for i := range env.Regions {
		if env.Regions[i].Location == name {
			spec = &env.Regions[i]
		}
	}
	if spec == nil {
		ps.Addf("location", "%q is not one of the environment's regions[].location", name)
		return nil, ps.Err()
	}
	operator, _ := addresses.Region(env.Management.Region)
	global := stacks.Global{FrontDoorID: args.FrontDoorID, ManagementPrefix: operator.Hub.Management.Prefix}
	r, err := stacks.NewRegion(ctx, &env, *spec, addresses, global, opts...)
	if err != nil {
		return nil, err
	}
	return wrapStacksRegion(r), nil
}
