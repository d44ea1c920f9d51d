package frontdoor

import (
	"github.com/pulumi/pulumi-azure-native-sdk/cdn/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/monitoring/logs"
)

// ComponentType is the type token of the FrontDoor component.
const ComponentType = "aksplatform:frontdoor:FrontDoor"

// Front Door profiles, endpoints and WAF policies are global, not regional.
const globalLocation = "global"

// Load balancing of the origin group: a region counts as healthy when 3 of the last 4 probes
// succeeded, and regions within 50 ms of the fastest one share traffic.
const (
	sampleSize                = 4
	successfulSamplesRequired = 3
	additionalLatencyMs       = 50
)

// FrontDoor is an Azure Front Door profile with one endpoint and one custom domain (the site's
// host name), whose route sends every path over HTTPS to one origin group holding each
// region's ingress, protected by a WAF policy.
//
// It is built in two phases, because the regions need FrontDoorID to lock their ingress to
// this front door while the front door needs the regions' ingress addresses: NewFrontDoor
// registers everything but the origins and the route, then AddOrigins adds those and
// completes the component. Until AddOrigins runs, the endpoint serves nothing.
type FrontDoor struct {
	pulumi.ResourceState

	// EndpointHostName is the endpoint's generated host (<endpoint>-<hash>.<zone>.azurefd.net):
	// the target of the host name's CNAME.
	EndpointHostName pulumi.StringOutput
	// HostName is the custom domain clients use (Spec.HostName).
	HostName pulumi.StringOutput
	// ValidationToken is the value of the _dnsauth TXT record that proves ownership of
	// HostName; written to the zone when dnsZone is set, to be published by hand otherwise.
	ValidationToken pulumi.StringOutput
	// ProfileID, EndpointID and CustomDomainID are the ARM resource IDs.
	ProfileID      pulumi.StringOutput
	EndpointID     pulumi.StringOutput
	CustomDomainID pulumi.StringOutput
	// FrontDoorID is the profile's GUID that Front Door sends in the X-Azure-FDID header; an
	// ingress that accepts only requests carrying it accepts only this front door's traffic.
	// It is set by NewFrontDoor, so the regions can use it before AddOrigins.
	FrontDoorID pulumi.StringOutput

	// What AddOrigins builds on.
	name         string
	spec         Spec
	rg           pulumi.StringInput
	profile      *cdn.Profile
	endpoint     *cdn.AFDEndpoint
	group        *cdn.AFDOriginGroup
	domain       *cdn.AFDCustomDomain
	originsAdded bool
}

// NewFrontDoor validates args and registers the profile, the endpoint, the custom domain (with
// its certificate and DNS records), the (still empty) origin group and the WAF policy with its
// security policy. Nil args are refused with validation.Required; defaults are applied to a
// copy of args.Spec, and nothing is registered when the result is invalid. Call AddOrigins on
// the result once the regions' ingresses exist.
func NewFrontDoor(ctx *pulumi.Context, name string, args *FrontDoorArgs, opts ...pulumi.ResourceOption) (*FrontDoor, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	s := args.spec()
	fd := &FrontDoor{name: name, spec: s, rg: args.ResourceGroupName}
	if err := ctx.RegisterComponentResource(ComponentType, name, fd, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(fd)
	rg := args.ResourceGroupName

	profileArgs := &cdn.ProfileArgs{
		ResourceGroupName: rg,
		Location:          pulumi.String(globalLocation),
		Sku:               &cdn.SkuArgs{Name: pulumi.String(string(s.SKU))},
		Tags:              args.Tags,
	}
	if s.customerCertificate() {
		// The identity that reads the Key Vault certificate (see newCertificateSecret).
		profileArgs.Identity = &cdn.ManagedServiceIdentityArgs{
			Type: pulumi.String(string(cdn.ManagedServiceIdentityTypeSystemAssigned)),
		}
	}
	profile, err := cdn.NewProfile(ctx, name+"-profile", profileArgs, parent)
	if err != nil {
		return nil, err
	}
	if args.LogAnalyticsWorkspaceID != nil {
		// The profile carries the diagnostic setting of every endpoint, domain and WAF policy in it.
		if _, err := monitoring.Diagnose(ctx, name+"-profile", logs.FrontDoor, profile.ID().ToStringOutput(), args.LogAnalyticsWorkspaceID, parent); err != nil {
			return nil, err
		}
	}
	endpoint, err := cdn.NewAFDEndpoint(ctx, name+"-endpoint", &cdn.AFDEndpointArgs{
		ResourceGroupName: rg,
		ProfileName:       profile.Name,
		Location:          pulumi.String(globalLocation),
		EnabledState:      pulumi.String("Enabled"),
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	domain, err := newCustomDomain(ctx, name, s, rg, profile, endpoint, parent)
	if err != nil {
		return nil, err
	}
	group, err := cdn.NewAFDOriginGroup(ctx, name+"-origins", &cdn.AFDOriginGroupArgs{
		ResourceGroupName: rg,
		ProfileName:       profile.Name,
		HealthProbeSettings: &cdn.HealthProbeParametersArgs{
			ProbePath:              pulumi.String(HealthProbePath),
			ProbeProtocol:          cdn.ProbeProtocolHttps,
			ProbeRequestType:       cdn.HealthProbeRequestType(HealthProbeMethod),
			ProbeIntervalInSeconds: pulumi.Int(s.HealthProbeIntervalSeconds),
		},
		LoadBalancingSettings: &cdn.LoadBalancingSettingsParametersArgs{
			SampleSize:                      pulumi.Int(sampleSize),
			SuccessfulSamplesRequired:       pulumi.Int(successfulSamplesRequired),
			AdditionalLatencyInMilliseconds: pulumi.Int(additionalLatencyMs),
		},
		SessionAffinityState: pulumi.String(enabledState(s.SessionAffinity)),
	}, parent)
	if err != nil {
		return nil, err
	}
	// The WAF covers both names the endpoint answers: the custom domain and the azurefd.net host.
	domains := []pulumi.StringOutput{endpoint.ID().ToStringOutput(), domain.ID().ToStringOutput()}
	if err := newWAF(ctx, name, s, rg, profile, domains, args.Tags, parent); err != nil {
		return nil, err
	}

	fd.profile, fd.endpoint, fd.group, fd.domain = profile, endpoint, group, domain
	fd.EndpointHostName = endpoint.HostName
	fd.HostName = domain.HostName
	fd.ValidationToken = domain.ValidationProperties.ValidationToken()
	fd.ProfileID = profile.ID().ToStringOutput()
	fd.EndpointID = endpoint.ID().ToStringOutput()
	fd.CustomDomainID = domain.ID().ToStringOutput()
	fd.FrontDoorID = profile.FrontDoorId
	return fd, nil
}

// enabledState is the Enabled/Disabled string Front Door uses for switches.
func enabledState(on bool) string {
	if on {
		return "Enabled"
	}
	return "Disabled"
}
