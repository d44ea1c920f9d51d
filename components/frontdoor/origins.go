package frontdoor

import (
	"errors"
	"regexp"

	"github.com/pulumi/pulumi-azure-native-sdk/cdn/v2"
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

// withDefaults returns the origins with the defaults for priority and weight filled in.
func withDefaults(origins []Origin) []Origin {
	out := make([]Origin, len(origins))
	for i, o := range origins {
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

// validateOrigins checks origins (with defaults) for AddOrigins and returns every problem,
// keyed by the Go field (Origins, Origins[1].Region).
func validateOrigins(origins []Origin) error {
	var ps validation.Problems
	if len(origins) == 0 {
		ps.Addf("Origins", "needs at least one region's ingress")
	}
	seen := map[string]int{}
	for i, o := range withDefaults(origins) {
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

// routes are the endpoint's routes: everything over HTTPS (HTTP redirected), except the ACME
// HTTP-01 challenges, which must reach the ingress over plain HTTP: cert-manager answers them
// before the ingress has the certificate that an HTTPS origin connection would check.
var routes = []struct {
	suffix, pattern, httpsRedirect, forwarding string
	protocols                                  []string
}{
	{"-route", "/*", "Enabled", "HttpsOnly", []string{"Http", "Https"}},
	{"-acme-route", "/.well-known/acme-challenge/*", "Disabled", "HttpOnly", []string{"Http"}},
}

// AddOrigins is the second phase of the front door: it validates origins, registers one origin
// per region in the origin group and the routes that send requests to the group, then
// completes the component. It may be called once; nothing is registered when origins are
// invalid, and an invalid call may be retried.
func (fd *FrontDoor) AddOrigins(ctx *pulumi.Context, origins []Origin) error {
	if fd.profile == nil {
		return errors.New("frontdoor: AddOrigins needs a front door from NewFrontDoor")
	}
	if fd.originsAdded {
		return errors.New("frontdoor: AddOrigins was called already; pass every region in one call")
	}
	if err := validateOrigins(origins); err != nil {
		return err
	}
	fd.originsAdded = true
	parent := pulumi.Parent(fd)
	registered := make([]pulumi.Resource, 0, len(origins))
	for _, o := range withDefaults(origins) {
		origin, err := cdn.NewAFDOrigin(ctx, fd.name+"-origin-"+o.Region, &cdn.AFDOriginArgs{
			ResourceGroupName:           fd.rg,
			ProfileName:                 fd.profile.Name,
			OriginGroupName:             fd.group.Name,
			HostName:                    o.Address,
			OriginHostHeader:            fd.hostHeader,
			HttpPort:                    pulumi.Int(80),
			HttpsPort:                   pulumi.Int(443),
			Priority:                    pulumi.Int(o.Priority),
			Weight:                      pulumi.Int(o.Weight),
			EnforceCertificateNameCheck: pulumi.Bool(true),
			EnabledState:                pulumi.String("Enabled"),
		}, parent)
		if err != nil {
			return err
		}
		registered = append(registered, origin)
	}
	// A route created before its origin group has origins fails, so routes wait for all of them.
	for _, r := range routes {
		if _, err := cdn.NewRoute(ctx, fd.name+r.suffix, &cdn.RouteArgs{
			ResourceGroupName:   fd.rg,
			ProfileName:         fd.profile.Name,
			EndpointName:        fd.endpoint.Name,
			OriginGroup:         &cdn.ResourceReferenceArgs{Id: fd.group.ID().ToStringOutput()},
			SupportedProtocols:  pulumi.ToStringArray(r.protocols),
			PatternsToMatch:     pulumi.StringArray{pulumi.String(r.pattern)},
			HttpsRedirect:       pulumi.String(r.httpsRedirect),
			ForwardingProtocol:  pulumi.String(r.forwarding),
			LinkToDefaultDomain: pulumi.String("Enabled"),
			EnabledState:        pulumi.String("Enabled"),
		}, parent, pulumi.DependsOn(registered)); err != nil {
			return err
		}
	}
	return ctx.RegisterResourceOutputs(fd, pulumi.Map{
		"endpointHostName": fd.EndpointHostName,
		"profileId":        fd.ProfileID,
		"endpointId":       fd.EndpointID,
		"frontDoorId":      fd.FrontDoorID,
	})
}
