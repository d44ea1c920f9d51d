package frontdoor

import (
	"regexp"
	"strings"
)

// originLabel is the label under the site's domain that holds every region's origin name.
const originLabel = "origin"

// OriginHostName returns the DNS name Front Door uses to reach the ingress of the region at
// location: <location>.origin.<domain>, where <domain> is dnsZone.name when a zone is set and
// the parent of hostName otherwise (www.example.com -> westeurope.origin.example.com).
//
// Origins are addressed by this name, not by the ingress IP, because Front Door checks the
// origin's certificate (enforceCertificateNameCheck) and no public CA issues a certificate for
// an IP address (https://learn.microsoft.com/azure/frontdoor/origin, "Certificate subject name
// validation"; https://learn.microsoft.com/azure/frontdoor/end-to-end-tls). The name resolves
// to the region's ingress address: an A record that the component writes when dnsZone is set.
// Call it on a defaulted, valid spec.
func (s Spec) OriginHostName(location string) string {
	return location + "." + originLabel + "." + s.domain()
}

// OriginHostHeader returns the Host header Front Door sends to every origin: the site's host
// name, so that workloads see the name clients asked for (their Ingress rules, redirects and
// cookies use it) and the health probes reach the same virtual host as the traffic.
func (s Spec) OriginHostHeader() string { return s.HostName }

// CertificateNames returns the DNS names the ingress certificate of the region at location
// must hold: the host name (the Host header and the name Front Door checks) and the region's
// origin host name (the name Front Door connects to). Issued with ACME DNS-01, both regions
// can hold a certificate for the shared host name; HTTP-01 cannot, since Front Door may route
// a region's challenge to the other region.
func (s Spec) CertificateNames(location string) []string {
	return []string{s.HostName, s.OriginHostName(location)}
}

// domain is the DNS domain under which the origin names live.
func (s Spec) domain() string {
	if s.zoneSet() {
		return s.DNSZone.Name
	}
	_, parent, _ := strings.Cut(s.HostName, ".")
	return parent
}

// zoneSet reports whether the records go to an Azure DNS zone.
func (s Spec) zoneSet() bool { return s.DNSZone != nil }

// relative returns name relative to the DNS zone (www.example.com in example.com is www).
func (s Spec) relative(name string) string {
	return strings.TrimSuffix(name, "."+s.DNSZone.Name)
}

// validationRecordName is the name of the TXT record that proves ownership of hostName,
// relative to the zone: _dnsauth.<subdomain>
// (https://learn.microsoft.com/azure/frontdoor/domain, "TXT record validation").
func (s Spec) validationRecordName() string { return "_dnsauth." + s.relative(s.HostName) }

// customDomainName is the AFDCustomDomain's name: the host name with dashes for dots, since
// Front Door domain names are letters, digits and dashes.
func (s Spec) customDomainName() string { return strings.ReplaceAll(s.HostName, ".", "-") }

// keyVaultSecretRE matches the resource ID of a Key Vault secret without a version (Front Door
// then follows the latest version, so a renewed certificate is picked up without a deploy).
// Vault names are 3-24 letters, digits and dashes; secret names 1-127.
var keyVaultSecretRE = regexp.MustCompile(`(?i)^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/[a-z0-9-]{3,24})/secrets/[a-z0-9-]{1,127}$`)

// customerCertificate reports whether the certificate comes from Key Vault.
func (s Spec) customerCertificate() bool { return s.Certificate != ManagedCertificate }

// vaultID returns the resource ID of the vault holding the certificate secret.
func (s Spec) vaultID() string {
	m := keyVaultSecretRE.FindStringSubmatch(s.Certificate)
	if m == nil {
		return ""
	}
	return m[1]
}
