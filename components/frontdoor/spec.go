// Package frontdoor provides the platform's global entry point: an Azure Front Door Standard or
// Premium profile that serves the site's host name (a Front Door custom domain) from one origin
// group holding every region's ingress, so that the regions serve active-active behind one
// name, with a Front Door WAF policy in front. It is a global resource: the only part of the
// platform that sees all regions.
//
// The TLS chain it builds, end to end:
//
//	client --https://<hostName>--> Front Door (custom domain, managed or Key Vault certificate)
//	       --https, Host: <hostName>--> <location>.origin.<domain> (the region's ingress)
//
// Each region's ingress presents a certificate for CertificateNames(location) — the host name
// and the region's origin host name — issued with ACME DNS-01 (HTTP-01 cannot work: Front Door
// may send a region's challenge to the other region).
package frontdoor

import (
	"github.com/aksplatform/platform/components/defaults"
)

// SKU is the Front Door tier; the WAF policy always gets the same one.
type SKU string

// Front Door tiers; only Premium offers the managed WAF rule sets (and Private Link origins).
const (
	Standard SKU = "Standard_AzureFrontDoor"
	Premium  SKU = "Premium_AzureFrontDoor"
)

// WAFMode is what the WAF policy does with a request that matches a rule.
type WAFMode string

// WAF modes: Prevention blocks, Detection only logs.
const (
	Prevention WAFMode = "Prevention"
	Detection  WAFMode = "Detection"
)

// Managed rule sets attached to Premium WAF policies: the default rule set, and the bot
// manager rule set when botProtection is on (Premium only, like every managed rule set).
// https://learn.microsoft.com/azure/web-application-firewall/afds/afds-overview#bot-protection-rule-set
const (
	ManagedRuleSetType       = "Microsoft_DefaultRuleSet"
	ManagedRuleSetVersion    = "2.1"
	BotManagerRuleSetType    = "Microsoft_BotManagerRuleSet"
	BotManagerRuleSetVersion = "1.0"
)

// Health probe interval bounds accepted by Front Door, in seconds.
const (
	MinProbeIntervalSeconds = 5
	MaxProbeIntervalSeconds = 255
)

// HealthProbePath and HealthProbeMethod are what Front Door sends to every origin: HEAD over
// HTTPS to Spec.OriginHostName(region), with Host: Spec.OriginHostHeader(). A region counts as
// healthy only when this answers 2xx over a TLS connection whose certificate passes the name
// check, and it must do so before any workload is deployed, or Front Door sends no traffic to
// a new region and the platform cannot be smoke-tested. So the platform's ingress answers it,
// not a workload:
//   - the ingress holds the certificate for Spec.CertificateNames(region) from the start
//     (cert-manager, ACME DNS-01), so TLS passes once it is issued;
//   - ingress-nginx answers /healthz with 200 on its default server (the same path the Azure
//     load balancer probes), but a workload Ingress for the host name with a catch-all path
//     would take it over; the ingress component therefore routes this exact path on the host
//     name to a platform backend;
//   - Application Gateway answers nothing by itself (a listener without a healthy backend
//     returns 502), so with AGIC the same platform backend serves it.
//
// HEAD keeps probes cheap (https://learn.microsoft.com/azure/frontdoor/health-probes).
const (
	HealthProbePath   = "/healthz"
	HealthProbeMethod = "HEAD"
)

// ManagedCertificate is the frontDoor.certificate value for a certificate that Front Door
// issues and renews itself for the custom domain (the default). Any other value is the
// resource ID of a Key Vault secret holding the site's certificate.
const ManagedCertificate = "managed"

// Spec is the front door as plain values; its JSON names are the config keys under
// aks-platform:frontDoor.
type Spec struct {
	// Enabled puts a front door before the regions' ingresses; SetDefaults fills it.
	Enabled *bool `json:"enabled,omitempty"`
	// SKU is Standard_AzureFrontDoor or Premium_AzureFrontDoor.
	SKU SKU `json:"sku,omitempty"`
	// HostName is the site's public host name, e.g. www.example.com: the Front Door custom
	// domain that clients use, and the Host header every origin receives. Required when
	// Front Door is enabled.
	HostName string `json:"hostName,omitempty"`
	// DNSZone is the Azure DNS zone holding HostName. When set, the component writes the
	// records Front Door needs there (the custom domain's CNAME and _dnsauth TXT, and each
	// region's origin A record); when nil, whoever runs the zone creates them from the
	// component's outputs.
	DNSZone *DNSZone `json:"dnsZone,omitempty"`
	// Certificate is "managed" (a Front Door managed certificate) or the resource ID of the Key
	// Vault secret holding the site's certificate,
	// /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>.
	Certificate string `json:"certificate,omitempty"`
	// HealthProbeIntervalSeconds is the time between probes, 5-255.
	HealthProbeIntervalSeconds int `json:"healthProbeIntervalSeconds,omitempty"`
	// SessionAffinity pins a client to one origin with a cookie.
	SessionAffinity bool `json:"sessionAffinity,omitempty"`
	// WAFMode is Prevention or Detection; production requires Prevention.
	WAFMode WAFMode `json:"wafMode,omitempty"`
	// BotProtection adds the bot manager rule set to the WAF policy (Premium only); production
	// requires it. SetDefaults writes it.
	BotProtection *bool `json:"botProtection,omitempty"`
}

// DNSZone names an Azure DNS zone (a public zone, Microsoft.Network/dnsZones).
type DNSZone struct {
	// ResourceGroup is the zone's resource group.
	ResourceGroup string `json:"resourceGroup,omitempty"`
	// Name is the zone's name, e.g. example.com.
	Name string `json:"name,omitempty"`
}

// IsEnabled reports whether the front door is built. Unset means off: SetDefaults writes the
// dev / prod default, so call it on a defaulted spec.
func (s Spec) IsEnabled() bool { return defaults.True(s.Enabled) }

// SetDefaults fills every value left out of aks-platform:frontDoor (dev / prod):
//
//	key                         default
//	enabled                     false / true
//	sku                         Standard_AzureFrontDoor / Premium_AzureFrontDoor (managed WAF rules)
//	hostName                    none: required when enabled
//	dnsZone                     none: create the records shown by the outputs yourself
//	certificate                 managed (Front Door issues and renews it)
//	healthProbeIntervalSeconds  30
//	sessionAffinity             false
//	wafMode                     Prevention
//	botProtection               true on Premium (free there), false on Standard (which has no managed rules)
func (s *Spec) SetDefaults(production bool) {
	defaults.SetPtr(&s.Enabled, production)
	defaults.Set(&s.SKU, defaults.Pick(production, Standard, Premium))
	defaults.Set(&s.Certificate, ManagedCertificate)
	defaults.Set(&s.HealthProbeIntervalSeconds, 30)
	defaults.Set(&s.WAFMode, Prevention)
	defaults.SetPtr(&s.BotProtection, s.SKU == Premium)
}

// managedRules reports whether the WAF policy gets the managed rule set (Premium only).
func (s Spec) managedRules() bool { return s.SKU == Premium }

// botRules reports whether the WAF policy gets the bot manager rule set.
func (s Spec) botRules() bool { return s.managedRules() && defaults.True(s.BotProtection) }
