package frontdoor

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/validation"
)

// FrontDoorArgs is a Spec plus the wiring of the global part of the front door. The regions'
// ingresses are not part of it: they are added later with FrontDoor.AddOrigins, because each
// region's ingress needs the front door's ID (FrontDoor.FrontDoorID) before it is built.
type FrontDoorArgs struct {
	// Spec is the front door as configured; NewFrontDoor applies SetDefaults to a copy.
	Spec Spec
	// Production selects the production defaults and rules.
	Production bool

	// ResourceGroupName is the global resource group the caller creates for global resources.
	ResourceGroupName pulumi.StringInput
	// LogAnalyticsWorkspaceID is the global workspace (never a region's, so that no region
	// depends on another) that receives Front Door's access, health probe and WAF logs; nil
	// sends none.
	LogAnalyticsWorkspaceID pulumi.StringInput
	// Tags go on the profile, the endpoint and the WAF policy (the only ones that take tags).
	Tags pulumi.StringMapInput
}

// spec returns a defaulted copy of the spec; the caller's args are never modified.
func (a *FrontDoorArgs) spec() Spec {
	s := a.Spec
	if s.DNSZone != nil {
		zone := *s.DNSZone
		s.DNSZone = &zone
	}
	s.SetDefaults(a.Production)
	return s
}

// Validate checks the spec (on a defaulted copy) and the wiring, and returns every problem at
// once. Spec problems are keyed like the config (hostName, dnsZone.name); the wiring has no
// config key and is named by its field (ResourceGroupName).
func (a *FrontDoorArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	var ps validation.Problems
	s := a.spec()
	if !s.IsEnabled() {
		ps.Addf("enabled", "is false; callers skip NewFrontDoor when the front door is disabled")
	}
	ps.Merge("", s.Validate(a.Production))
	if a.ResourceGroupName == nil {
		ps.Addf("resourceGroupName", "is required: the global resource group")
	}
	if a.Production && a.LogAnalyticsWorkspaceID == nil {
		ps.Addf("logAnalyticsWorkspaceId", "is required in production: the access and WAF logs are the record of what reached the platform")
	}
	return ps.Err()
}
