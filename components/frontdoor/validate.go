package frontdoor

import (
	"regexp"
	"strings"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/validation"
)

// Validate returns nil or a *validation.Error listing every problem, keyed relative to the
// frontDoor section. It is pure: call it on a defaulted spec (SetDefaults). A disabled spec is
// not checked further.
func (s Spec) Validate(production bool) error {
	if !s.IsEnabled() {
		return nil
	}
	var ps validation.Problems
	switch s.SKU {
	case Standard, Premium:
	default:
		ps.Addf("sku", "%q is not one of %s, %s", s.SKU, Standard, Premium)
	}
	s.validateDomain(&ps)
	s.validateCertificate(&ps)
	if s.HealthProbeIntervalSeconds < MinProbeIntervalSeconds || s.HealthProbeIntervalSeconds > MaxProbeIntervalSeconds {
		ps.Addf("healthProbeIntervalSeconds", "%d must be between %d and %d", s.HealthProbeIntervalSeconds, MinProbeIntervalSeconds, MaxProbeIntervalSeconds)
	}
	switch s.WAFMode {
	case Prevention:
	case Detection:
		if production {
			ps.Addf("wafMode", "must be Prevention in production: Detection only logs attacks")
		}
	default:
		ps.Addf("wafMode", "%q is not one of %s, %s", s.WAFMode, Prevention, Detection)
	}
	s.validateBotProtection(&ps, production)
	return ps.Err()
}

// validateBotProtection refuses bot protection on Standard, whose WAF policies take no managed
// rule sets, and its absence in production, where known malicious bots must be blocked.
// https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-configure-bot-protection
func (s Spec) validateBotProtection(ps *validation.Problems, production bool) {
	on := defaults.True(s.BotProtection)
	switch {
	case s.SKU != Standard && s.SKU != Premium: // reported as sku
	case on && s.SKU == Standard:
		ps.Addf("botProtection", "needs sku %s: the bot manager rule set is a managed rule set, which %s does not offer", Premium, Standard)
	case !on && production:
		ps.Addf("botProtection", "is false: production requires the bot manager rule set (sku %s), which blocks known malicious bots", Premium)
	}
}

// isDNSName reports whether name is a lowercase DNS name of at least two labels, each an
// RFC 1123 label, 253 characters at most: no scheme, port, path, wildcard or IP literal.
func isDNSName(name string) bool {
	labels := strings.Split(name, ".")
	if len(name) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !validation.IsDNSLabel(l) {
			return false
		}
	}
	// An IPv4 literal is four numeric labels; a top-level domain is never numeric.
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

// frontDoorDomains are the names Front Door itself owns: an endpoint's generated host
// (<endpoint>-<hash>.<zone>.azurefd.net) is served without a custom domain, and a custom
// domain must be one whose DNS its owner controls, since Front Door validates it with a TXT
// record (https://learn.microsoft.com/azure/frontdoor/domain).
var frontDoorDomains = []string{"azurefd.net", "azureedge.net"}

// validateDomain checks hostName, the origin names derived from it and dnsZone.
//
//   - The host name must be a subdomain (www.example.com), not an apex (example.com): clients
//     reach Front Door through a CNAME to the endpoint, and DNS forbids a CNAME at a zone apex
//     (https://learn.microsoft.com/azure/frontdoor/apex-domain; apex domains need an Azure DNS
//     alias record, which this component does not create).
//   - With dnsZone, the host name must lie in the zone, since the component writes its CNAME
//     and _dnsauth TXT record there (https://learn.microsoft.com/azure/frontdoor/domain).
func (s Spec) validateDomain(ps *validation.Problems) {
	switch h := s.HostName; {
	case h == "":
		ps.Addf("hostName", "is required with Front Door: the site's public host name, e.g. www.example.com, which Front Door serves as a custom domain and sends to the origins as the Host header")
	case !isDNSName(h):
		ps.Addf("hostName", "%q is not a host name such as www.example.com (lowercase letters, digits and dashes; no scheme, port, path, wildcard or IP address)", h)
	case ownedByFrontDoor(h):
		ps.Addf("hostName", "%q is a Front Door name: the endpoint's own *.azurefd.net host needs no custom domain; set the host name of a domain you own", h)
	case !s.zoneSet() && strings.Count(h, ".") < 2:
		ps.Addf("hostName", "%q is an apex domain: clients reach Front Door through a CNAME, which DNS does not allow at a zone apex; use a subdomain such as www.%s", h, h)
	}
	if !s.zoneSet() {
		return
	}
	z := s.DNSZone
	if z.ResourceGroup == "" {
		ps.Addf("dnsZone.resourceGroup", "is required: the resource group of the Azure DNS zone")
	} else if !resourceGroupRE.MatchString(z.ResourceGroup) || strings.HasSuffix(z.ResourceGroup, ".") {
		ps.Addf("dnsZone.resourceGroup", "%q is not a resource group name (1-90 letters, digits, -, _, ., ( or ), not ending in .)", z.ResourceGroup)
	}
	switch {
	case z.Name == "":
		ps.Addf("dnsZone.name", "is required: the Azure DNS zone that holds hostName, e.g. example.com")
	case !isDNSName(z.Name):
		ps.Addf("dnsZone.name", "%q is not a DNS zone name such as example.com", z.Name)
	case s.HostName == z.Name:
		ps.Addf("hostName", "%q is the apex of dnsZone.name: clients reach Front Door through a CNAME, which DNS does not allow at a zone apex; use a subdomain such as www.%s", s.HostName, z.Name)
	case s.HostName != "" && !strings.HasSuffix(s.HostName, "."+z.Name):
		ps.Addf("hostName", "%q is not in dnsZone.name %s, where its CNAME and _dnsauth TXT records are written", s.HostName, z.Name)
	}
}

// resourceGroupRE matches an Azure resource group name.
var resourceGroupRE = regexp.MustCompile(`^[-\w._()]{1,90}$`)

func ownedByFrontDoor(host string) bool {
	for _, d := range frontDoorDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// validateCertificate checks the certificate reference. A Key Vault certificate is referenced
// by the secret's resource ID without a version, so that Front Door follows renewals
// (useLatestVersion); Front Door reads it with the profile's managed identity, which gets Key
// Vault Secrets User on the vault
// (https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-configure-https-custom-domain,
// https://learn.microsoft.com/azure/frontdoor/managed-identity).
func (s Spec) validateCertificate(ps *validation.Problems) {
	switch c := s.Certificate; {
	case c == ManagedCertificate:
	case strings.Contains(strings.ToLower(c), "/secrets/") && strings.Contains(strings.ToLower(c), "/versions/"):
		ps.Addf("certificate", "%q pins a secret version: reference the secret without /versions/..., so that Front Door follows the certificate's renewals", c)
	case keyVaultSecretRE.MatchString(c):
	default:
		ps.Addf("certificate", "%q is neither %q (a Front Door managed certificate) nor a Key Vault secret resource ID /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>", c, ManagedCertificate)
	}
}
