package frontdoor

import (
	"errors"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-azure-native-sdk/cdn/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
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
	// Address is the region's ingress public IPv4 address (ingress.Controller.Address()):
	// what the origin host name (Spec.OriginHostName(Region)) resolves to. With dnsZone the
	// component writes that A record; without, publish it from the ingressAddress output.
	Address pulumi.StringInput
	// Priority is 1-5; lower is preferred, and origins of equal priority share traffic.
	// 0 means DefaultPriority.
	Priority int
	// Weight is 1-1000, the share among origins of equal priority; 0 means DefaultWeight.
	Weight int
	// Drained takes the region out of the global entry point: its origin stays, disabled, so
	// Front Door sends it no traffic (an upgrade or an incident), and putting it back is the
	// one change of enabledState. https://learn.microsoft.com/azure/frontdoor/origin#origin
	Drained bool
}

// enabledState is the origin's enabledState: Disabled while its region is drained.
func (o Origin) enabledState() string {
	if o.Drained {
		return "Disabled"
	}
	return "Enabled"
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
// keyed by input name (origins, origins[1].region). Each region's origin host name must be
// a DNS name, since Front Door connects to it and checks the certificate against it.
func validateOrigins(s Spec, origins []Origin) error {
	var ps validation.Problems
	if len(origins) == 0 {
		ps.Addf("origins", "needs at least one region's ingress")
	} else if !slices.ContainsFunc(origins, func(o Origin) bool { return !o.Drained }) {
		ps.Addf("origins", "every origin is drained: Front Door would have no region to send traffic to; keep at least one serving")
	}
	seen := map[string]int{}
	for i, o := range withDefaults(origins) {
		key := validation.Index("origins", i)
		switch j, dup := seen[o.Region]; {
		case o.Region == "":
			ps.Addf(key+".region", "is required, e.g. westeurope")
		case !regionRE.MatchString(o.Region):
			ps.Addf(key+".region", "%q is not a region name such as westeurope", o.Region)
		case dup:
			ps.Addf(key+".region", "%q is listed already at [%d]", o.Region, j)
		case !isDNSName(s.OriginHostName(o.Region)):
			ps.Addf(key+".region", "%q makes the origin host name %s, which is not a DNS name (253 characters at most)", o.Region, s.OriginHostName(o.Region))
		default:
			seen[o.Region] = i
		}
		if o.Address == nil {
			ps.Addf(key+".address", "is required: the region's ingress public IP")
		}
		if o.Priority < 1 || o.Priority > MaxPriority {
			ps.Addf(key+".priority", "%d must be between 1 and %d", o.Priority, MaxPriority)
		}
		if o.Weight < 1 || o.Weight > MaxWeight {
			ps.Addf(key+".weight", "%d must be between 1 and %d", o.Weight, MaxWeight)
		}
	}
	return ps.Err()
}

// AddOrigins is the second phase of the front door: it validates origins, registers one origin
// per region in the origin group (with its A record when dnsZone is set) and the route that
// serves the custom domain, then completes the component. It may be called once; nothing is
// registered when origins are invalid, and an invalid call may be retried.
//
// Each origin is reached at Spec.OriginHostName(region) with Host: Spec.OriginHostHeader() and
// the certificate name check on, so the region's ingress must present a certificate for
// Spec.CertificateNames(region) (https://learn.microsoft.com/azure/frontdoor/origin,
// https://learn.microsoft.com/azure/frontdoor/end-to-end-tls).
func (fd *FrontDoor) AddOrigins(ctx *pulumi.Context, origins []Origin) error {
	if fd.profile == nil {
		return errors.New("frontdoor: AddOrigins needs a front door from NewFrontDoor")
	}
	if fd.originsAdded {
		return errors.New("frontdoor: AddOrigins was called already; pass every region in one call")
	}
	s := fd.spec
	if err := validateOrigins(s, origins); err != nil {
		return err
	}
	fd.originsAdded = true
	parent := pulumi.Parent(fd)
	registered := make([]pulumi.Resource, 0, len(origins))
	for _, o := range withDefaults(origins) {
		var after []pulumi.Resource
		if s.zoneSet() {
			// Front Door resolves the origin's name; without the record every probe fails.
			record, err := newRecord(ctx, fd.name+"-origin-"+o.Region+"-a", s, s.relative(s.OriginHostName(o.Region)), "A", originRecordTTL,
				func(a *network.RecordSetArgs) {
					a.ARecords = network.ARecordArray{&network.ARecordArgs{Ipv4Address: o.Address}}
				}, parent)
			if err != nil {
				return err
			}
			after = append(after, record)
		}
		origin, err := cdn.NewAFDOrigin(ctx, fd.name+"-origin-"+o.Region, &cdn.AFDOriginArgs{
			ResourceGroupName:           fd.rg,
			ProfileName:                 fd.profile.Name,
			OriginGroupName:             fd.group.Name,
			HostName:                    pulumi.String(s.OriginHostName(o.Region)),
			OriginHostHeader:            pulumi.String(s.OriginHostHeader()),
			HttpPort:                    pulumi.Int(80),
			HttpsPort:                   pulumi.Int(443),
			Priority:                    pulumi.Int(o.Priority),
			Weight:                      pulumi.Int(o.Weight),
			EnforceCertificateNameCheck: pulumi.Bool(true),
			EnabledState:                pulumi.String(o.enabledState()),
		}, parent, pulumi.DependsOn(after))
		if err != nil {
			return err
		}
		registered = append(registered, origin)
	}
	// One route: every path of the custom domain (and of the azurefd.net host) to the origins
	// over HTTPS only; plain HTTP from clients is redirected to HTTPS. There is no plain-HTTP
	// route for ACME HTTP-01: with two regions behind one name, Front Door may deliver a
	// region's challenge to the other region, so certificates are issued with DNS-01.
	// A route created before its origin group has origins fails, so it waits for all of them.
	if _, err := cdn.NewRoute(ctx, fd.name+"-route", &cdn.RouteArgs{
		ResourceGroupName:   fd.rg,
		ProfileName:         fd.profile.Name,
		EndpointName:        fd.endpoint.Name,
		CustomDomains:       cdn.ActivatedResourceReferenceArray{&cdn.ActivatedResourceReferenceArgs{Id: fd.CustomDomainID}},
		OriginGroup:         &cdn.ResourceReferenceArgs{Id: fd.group.ID().ToStringOutput()},
		SupportedProtocols:  pulumi.StringArray{pulumi.String("Http"), pulumi.String("Https")},
		PatternsToMatch:     pulumi.StringArray{pulumi.String("/*")},
		HttpsRedirect:       pulumi.String("Enabled"),
		ForwardingProtocol:  pulumi.String("HttpsOnly"),
		LinkToDefaultDomain: pulumi.String("Enabled"),
		EnabledState:        pulumi.String("Enabled"),
	}, parent, pulumi.DependsOn(registered)); err != nil {
		return err
	}
	return ctx.RegisterResourceOutputs(fd, pulumi.Map{
		"endpointHostName": fd.EndpointHostName,
		"hostName":         fd.HostName,
		"validationToken":  fd.ValidationToken,
		"profileId":        fd.ProfileID,
		"endpointId":       fd.EndpointID,
		"customDomainId":   fd.CustomDomainID,
		"frontDoorId":      fd.FrontDoorID,
	})
}
