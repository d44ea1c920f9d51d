package ingress

import (
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// azureResolver is Azure's recursive DNS resolver, reachable from every VNet. cert-manager's
// DNS-01 self check otherwise asks the zone's authoritative servers directly on port 53,
// which the hub firewall's application rules do not allow.
// https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16
const azureResolver = "168.63.129.16:53"

// dns01 is what cert-manager needs to solve DNS-01 in Azure DNS with workload identity.
type dns01 struct {
	clientID  pulumi.StringOutput
	dependsOn []pulumi.Resource
}

// newDNS01Identity registers cert-manager's user-assigned identity, its federated credential
// for system:serviceaccount:cert-manager:cert-manager and DNS Zone Contributor on the zone
// only. https://cert-manager.io/docs/configuration/acme/dns01/azuredns/#managed-identity-using-aad-workload-identity
func newDNS01Identity(ctx *pulumi.Context, name string, a *CertManagerArgs, opts ...pulumi.ResourceOption) (*dns01, error) {
	id, fic, err := identity.NewFederatedIdentity(ctx, name+"-identity", name+"-federated", identity.FederatedIdentityArgs{
		ResourceGroupName: a.ResourceGroupName,
		Location:          a.Location,
		Issuer:            a.OIDCIssuerURL,
		Namespace:         CertManagerNamespace,
		ServiceAccount:    CertManagerServiceAccount,
		Tags:              a.Tags,
	}, opts...)
	if err != nil {
		return nil, err
	}
	zone := zoneID(ctx, *a.Spec.DNSZone)
	role, err := rbac.Assign(ctx, name+"-dns-zone-contributor", rbac.Assignment{
		Role:        rbac.DNSZoneContributor,
		Scope:       zone,
		PrincipalID: id.PrincipalId,
	}, opts...)
	if err != nil {
		return nil, err
	}
	// The pods must not start before they may sign in and write records.
	return &dns01{clientID: id.ClientId, dependsOn: []pulumi.Resource{fic, role}}, nil
}

// addValues makes the cert-manager controller sign in as the identity: the workload
// identity label on its pods, the client ID on its ServiceAccount, and the self check
// through Azure's resolver.
func (d *dns01) addValues(values pulumi.Map) {
	values["podLabels"] = pulumi.ToStringMap(identity.PodLabels())
	values["serviceAccount"] = pulumi.Map{"annotations": pulumi.StringMap{identity.ClientIDAnnotation: d.clientID}}
	values["dns01RecursiveNameservers"] = pulumi.String(azureResolver)
	values["dns01RecursiveNameserversOnly"] = pulumi.Bool(true)
}

// solver is the ClusterIssuer's azureDNS solver for the zone, signing in with the identity.
func (d *dns01) solver(ctx *pulumi.Context, z DNSZoneSpec) pulumi.Map {
	return pulumi.Map{"dns01": pulumi.Map{"azureDNS": pulumi.Map{
		"subscriptionID":    subscriptionOf(ctx, z),
		"resourceGroupName": pulumi.String(z.ResourceGroup),
		"hostedZoneName":    pulumi.String(z.Name),
		"environment":       pulumi.String("AzurePublicCloud"),
		"managedIdentity":   pulumi.Map{"clientID": d.clientID},
	}}}
}

// subscriptionOf is the zone's subscription: the one configured, or the deploying one.
func subscriptionOf(ctx *pulumi.Context, z DNSZoneSpec) pulumi.StringOutput {
	if z.SubscriptionID != "" {
		return pulumi.String(z.SubscriptionID).ToStringOutput()
	}
	return authorization.GetClientConfigOutput(ctx).SubscriptionId()
}

// zoneID is the resource ID of the DNS zone, the scope of cert-manager's only role.
func zoneID(ctx *pulumi.Context, z DNSZoneSpec) pulumi.StringOutput {
	return pulumi.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/dnsZones/%s",
		subscriptionOf(ctx, z), z.ResourceGroup, z.Name)
}
