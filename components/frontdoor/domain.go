package frontdoor

import (
	"github.com/pulumi/pulumi-azure-native-sdk/cdn/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/rbac"
)

// Record TTLs, in seconds. The origin A records are short-lived so that a region's new
// ingress address reaches Front Door quickly; the custom domain's records rarely change.
const (
	domainRecordTTL = 3600
	originRecordTTL = 300
)

// newCustomDomain registers the custom domain that serves s.HostName with its TLS settings
// (minimum TLS 1.2), the Key Vault certificate it uses when s.Certificate is not "managed",
// and, when s.DNSZone is set, the records that validate and route the domain: _dnsauth.<sub>
// TXT holding Front Door's validation token, and <sub> CNAME to the endpoint's host
// (https://learn.microsoft.com/azure/frontdoor/domain,
// https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-add-custom-domain).
func newCustomDomain(ctx *pulumi.Context, name string, s Spec, rg pulumi.StringInput, profile *cdn.Profile,
	endpoint *cdn.AFDEndpoint, parent pulumi.ResourceOption) (*cdn.AFDCustomDomain, error) {
	tls := &cdn.AFDDomainHttpsParametersArgs{
		CertificateType:   pulumi.String(string(cdn.AfdCertificateTypeManagedCertificate)),
		MinimumTlsVersion: cdn.AfdMinimumTlsVersionTLS12,
	}
	if s.customerCertificate() {
		secret, err := newCertificateSecret(ctx, name, s, rg, profile, parent)
		if err != nil {
			return nil, err
		}
		tls.CertificateType = pulumi.String(string(cdn.AfdCertificateTypeCustomerCertificate))
		tls.Secret = &cdn.ResourceReferenceArgs{Id: secret.ID().ToStringOutput()}
	}
	domain, err := cdn.NewAFDCustomDomain(ctx, name+"-domain", &cdn.AFDCustomDomainArgs{
		ResourceGroupName: rg,
		ProfileName:       profile.Name,
		CustomDomainName:  pulumi.String(s.customDomainName()),
		HostName:          pulumi.String(s.HostName),
		TlsSettings:       tls,
	}, parent)
	if err != nil {
		return nil, err
	}
	if !s.zoneSet() {
		return domain, nil
	}
	if _, err := newRecord(ctx, name+"-dnsauth", s, s.validationRecordName(), "TXT", domainRecordTTL, func(a *network.RecordSetArgs) {
		a.TxtRecords = network.TxtRecordArray{&network.TxtRecordArgs{
			Value: pulumi.StringArray{domain.ValidationProperties.ValidationToken()},
		}}
	}, parent); err != nil {
		return nil, err
	}
	if _, err := newRecord(ctx, name+"-cname", s, s.relative(s.HostName), "CNAME", domainRecordTTL, func(a *network.RecordSetArgs) {
		a.CnameRecord = &network.CnameRecordArgs{Cname: endpoint.HostName}
	}, parent); err != nil {
		return nil, err
	}
	return domain, nil
}

// newCertificateSecret registers the profile's reference to the Key Vault certificate. Front
// Door reads the vault with the profile's system-assigned identity, which gets Key Vault
// Secrets User on the vault first: Front Door fetches the certificate when the secret is
// created and again on every renewal (https://learn.microsoft.com/azure/frontdoor/managed-identity).
// The vault must use Azure RBAC (this platform's vaults do), be in the profile's subscription,
// and admit Front Door through its firewall ("allow trusted Microsoft services")
// (https://learn.microsoft.com/azure/frontdoor/standard-premium/how-to-configure-https-custom-domain).
func newCertificateSecret(ctx *pulumi.Context, name string, s Spec, rg pulumi.StringInput, profile *cdn.Profile,
	parent pulumi.ResourceOption) (*cdn.Secret, error) {
	reader, err := rbac.Assign(ctx, name+"-certificate-reader", rbac.Assignment{
		Role:        rbac.KeyVaultSecretsUser,
		Scope:       pulumi.String(s.vaultID()),
		PrincipalID: profile.Identity.PrincipalId().Elem(),
	}, parent)
	if err != nil {
		return nil, err
	}
	return cdn.NewSecret(ctx, name+"-certificate", &cdn.SecretArgs{
		ResourceGroupName: rg,
		ProfileName:       profile.Name,
		SecretName:        pulumi.String(s.customDomainName() + "-cert"),
		Parameters: &cdn.CustomerCertificateParametersArgs{
			Type:             pulumi.String(string(cdn.SecretTypeCustomerCertificate)),
			SecretSource:     &cdn.ResourceReferenceArgs{Id: pulumi.String(s.Certificate)},
			UseLatestVersion: pulumi.Bool(true),
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{reader}))
}

// newRecord registers one record set in the spec's Azure DNS zone; fill sets its records.
func newRecord(ctx *pulumi.Context, name string, s Spec, relative, recordType string, ttl int,
	fill func(*network.RecordSetArgs), parent pulumi.ResourceOption) (*network.RecordSet, error) {
	args := &network.RecordSetArgs{
		ResourceGroupName:     pulumi.String(s.DNSZone.ResourceGroup),
		ZoneName:              pulumi.String(s.DNSZone.Name),
		RelativeRecordSetName: pulumi.String(relative),
		RecordType:            pulumi.String(recordType),
		Ttl:                   pulumi.Float64(float64(ttl)),
	}
	fill(args)
	return network.NewRecordSet(ctx, name, args, parent)
}
