package frontdoor

import (
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// Origin priority and weight bounds accepted by Front Door, and the defaults: every region at
// the same priority and weight serves active-active.
const (
	DefaultPriority = 1
	MaxPriority     = 5
	DefaultWeight   = 1000
	MaxWeight       = 1000
)

// Origin is one region's ingress behind the front door.
type Origin struct {
	// Region is the Azure region, e.g. "westeurope"; it names the origin's resources.
	Region string
	// Address is the region's ingress public IP or host name (ingress.Controller.Address()).
	Address pulumi.StringInput
	// Priority is 1-5; lower is preferred, and origins of equal priority share traffic.
	// 0 means DefaultPriority.
	Priority int
	// Weight is 1-1000, the share among origins of equal priority; 0 means DefaultWeight.
	Weight int
}

// FrontDoorArgs is a Spec plus the regions to put behind the front door.
type FrontDoorArgs struct {
	// Spec is the front door as configured; NewFrontDoor applies SetDefaults to a copy.
	Spec Spec
	// Production selects the production defaults and rules.
	Production bool

	// ResourceGroupName is the global resource group the caller creates for global resources.
	ResourceGroupName pulumi.StringInput
	// Origins are the regions' ingresses, at least one, each region once.
	Origins []Origin
	// Tags go on the profile, the endpoint and the WAF policy (the only ones that take tags).
	Tags pulumi.StringMapInput
}

func (a *FrontDoorArgs) spec() Spec {
	s := a.Spec
	s.SetDefaults(a.Production)
	return s
}

// origins returns the origins with the defaults for priority and weight filled in.
func (a *FrontDoorArgs) origins() []Origin {
	out := make([]Origin, len(a.Origins))
	for i, o := range a.Origins {
		if o.Priority == 0 {
			o.Priority = DefaultPriority
		}
		if o.Weight == 0 {
			o.Weight = DefaultWeight
		}
		out[i] = o
	}
	return out
}

// regionRE matches an Azure region's programmatic name, such as westeurope or eastus2.
var regionRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// Validate checks the spec (with defaults) and the origins. Spec problems are keyed like the
// config (sku, wafMode); problems with the wiring name the Go field (Origins[1].Region).
func (a *FrontDoorArgs) Validate() error {
	if a == nil {
		return &validation.Error{Problems: validation.Problems{{Reason: "frontdoor: args are required"}}}
	}
	var ps validation.Problems
	s := a.spec()
	if !s.IsEnabled() {
		ps.Addf("enabled", "is false; callers skip NewFrontDoor when the front door is disabled")
	}
	ps.Merge("", s.Validate(a.Production))
	if a.ResourceGroupName == nil {
		ps.Addf("ResourceGroupName", "is required: the global resource group")
	}
	if len(a.Origins) == 0 {
		ps.Addf("Origins", "needs at least one region's ingress")
	}
	seen := map[string]int{}
	for i, o := range a.origins() {
		key := validation.Index("Origins", i)
		switch j, dup := seen[o.Region]; {
		case o.Region == "":
			ps.Addf(key+".Region", "is required, e.g. westeurope")
		case !regionRE.MatchString(o.Region):
			ps.Addf(key+".Region", "%q is not a region name such as westeurope", o.Region)
		case dup:
			ps.Addf(key+".Region", "%q is listed already at [%d]", o.Region, j)
		default:
			seen[o.Region] = i
		}
		if o.Address == nil {
			ps.Addf(key+".Address", "is required: the region's ingress public IP or host name")
		}
		if o.Priority < 1 || o.Priority > MaxPriority {
			ps.Addf(key+".Priority", "%d must be between 1 and %d", o.Priority, MaxPriority)
		}
		if o.Weight < 1 || o.Weight > MaxWeight {
			ps.Addf(key+".Weight", "%d must be between 1 and %d", o.Weight, MaxWeight)
		}
	}
	return ps.Err()
}
