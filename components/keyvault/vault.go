package keyvault

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/monitoring/logs"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

// ComponentType is the type token of the Vault component.
const ComponentType = "aksplatform:keyvault:Vault"

// GroupID is the private-link sub-resource of a vault.
const GroupID = "vault"

// VaultArgs is a Spec plus the wiring the vault needs from the rest of the platform.
type VaultArgs struct {
	// Spec is what config asked for; NewVault defaults a copy of it.
	Spec Spec
	// Production turns on the production defaults and rules (no public access by default,
	// always a private endpoint).
	Production bool

	// ResourceGroupName and Location place the vault and its private endpoint.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// TenantID is the Entra ID tenant of the vault; nil asks azure-native getClientConfig.
	TenantID pulumi.StringInput
	// EndpointsSubnetID is the spoke subnet for private endpoints; required when the vault gets
	// one (production, or public access off).
	EndpointsSubnetID pulumi.StringInput
	// HubVNetID and SpokeVNetID are linked to the privatelink.vaultcore.azure.net zone; at least
	// one is required with a private endpoint unless DNSZoneID is set.
	HubVNetID   pulumi.StringInput
	SpokeVNetID pulumi.StringInput
	// DNSZoneID reuses an existing privatelink.vaultcore.azure.net zone instead of creating one,
	// for when several vaults share a hub (a VNet links to one zone of a given name only).
	DNSZoneID pulumi.StringInput
	// LogAnalyticsWorkspaceID receives the vault's AuditEvent log and metrics (a diagnostic
	// setting); required in production, where every secret read must leave a trace.
	LogAnalyticsWorkspaceID pulumi.StringInput
	// Now is the clock for secret rotation and expiry; the zero value means time.Now().
	Now time.Time
	// Tags go on every Azure resource the vault creates.
	Tags pulumi.StringMapInput
}

// Validate checks the spec (after defaults) and the wiring. Spec problems are keyed relative to
// the spec ("secrets[0].length"); wiring problems by the input's camelCase name ("resourceGroupName").
func (a *VaultArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	spec := a.defaulted()
	var ps validation.Problems
	ps.Merge("", spec.Validate(a.Production))
	if a.ResourceGroupName == nil {
		ps.Addf("resourceGroupName", "keyvault: a resource group is required")
	}
	if a.Location == nil {
		ps.Addf("location", "keyvault: a location is required")
	}
	if a.Production && a.LogAnalyticsWorkspaceID == nil {
		ps.Addf("logAnalyticsWorkspaceId", "keyvault: a production vault sends its audit log to Log Analytics, so the workspace is required")
	}
	if spec.NeedsPrivateEndpoint(a.Production) {
		if a.EndpointsSubnetID == nil {
			ps.Addf("endpointsSubnetId", "keyvault: the vault gets a private endpoint (production or public access off), so the endpoints subnet is required")
		}
		if a.DNSZoneID == nil && a.HubVNetID == nil && a.SpokeVNetID == nil {
			ps.Addf("spokeVnetId", "keyvault: the private DNS zone needs a VNet to link (HubVNetID, SpokeVNetID) or an existing DNSZoneID")
		}
	}
	return ps.Err()
}

func (a *VaultArgs) defaulted() Spec {
	spec := a.Spec.clone()
	spec.SetDefaults(a.Production)
	return spec
}

// Vault is an RBAC-mode Key Vault with its private endpoint, admin role assignments and
// generated secrets.
type Vault struct {
	pulumi.ResourceState

	// VaultID is the vault's ARM ID, the scope of role assignments to it.
	VaultID pulumi.StringOutput
	// VaultName is the vault's Azure name, which SecretProviderClasses reference.
	VaultName pulumi.StringOutput
	// VaultURI is the data-plane endpoint, https://<name>.vault.azure.net/.
	VaultURI pulumi.StringOutput
	// TenantID is the Entra ID tenant that the vault trusts.
	TenantID pulumi.StringOutput
	// PrivateEndpointID is "" when the vault has no private endpoint.
	PrivateEndpointID pulumi.StringOutput
	// Secrets are the generated secrets, in config order.
	Secrets []*GeneratedSecret
}

// SecretNames lists the generated secrets' names, for SecretProviderClass objects.
func (v *Vault) SecretNames() []string {
	names := make([]string, len(v.Secrets))
	for i, s := range v.Secrets {
		names[i] = s.Name
	}
	return names
}

// NewVault validates args and registers the vault, its private endpoint and DNS zone (when
// needed), the admin role assignments and the generated secrets, all parented to the Vault.
func NewVault(ctx *pulumi.Context, name string, args *VaultArgs, opts ...pulumi.ResourceOption) (*Vault, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	spec := args.defaulted()
	vaultName := spec.Name
	if vaultName == "" {
		vaultName = DeriveVaultName(ctx.Project(), ctx.Stack(), name)
	}
	if err := CheckVaultName(vaultName); err != nil {
		return nil, fmt.Errorf("keyvault %s: derived %v", name, err)
	}
	v := &Vault{}
	if err := ctx.RegisterComponentResource(ComponentType, name, v, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(v)

	tenant := args.TenantID
	if tenant == nil {
		tenant = authorization.GetClientConfigOutput(ctx, parent).TenantId()
	}
	vault, err := keyvault.NewVault(ctx, name+"-vault", &keyvault.VaultArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		VaultName:         pulumi.String(vaultName),
		Properties:        vaultProperties(spec, tenant),
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	v.VaultID = vault.ID().ToStringOutput()
	v.VaultName = vault.Name
	v.VaultURI = vault.Properties.VaultUri()
	v.TenantID = tenant.ToStringOutput()
	v.PrivateEndpointID = pulumi.String("").ToStringOutput()

	if args.LogAnalyticsWorkspaceID != nil {
		if _, err := monitoring.Diagnose(ctx, name, logs.KeyVault, v.VaultID, args.LogAnalyticsWorkspaceID, parent); err != nil {
			return nil, err
		}
	}
	if spec.NeedsPrivateEndpoint(args.Production) {
		if v.PrivateEndpointID, err = privateEndpoint(ctx, name, args, v.VaultID, parent); err != nil {
			return nil, err
		}
	}
	for _, group := range spec.AdminGroupObjectIDs {
		if _, err := rbac.Assign(ctx, name+"-admin-"+group, rbac.Assignment{
			Role:          rbac.KeyVaultAdministrator,
			Scope:         v.VaultID,
			PrincipalID:   pulumi.String(group),
			PrincipalType: rbac.Group,
		}, parent); err != nil {
			return nil, err
		}
	}
	now := args.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, sec := range spec.Secrets {
		g, err := newGeneratedSecret(ctx, name, sec, args.ResourceGroupName, v.VaultName, args.Tags, now, parent)
		if err != nil {
			return nil, err
		}
		v.Secrets = append(v.Secrets, g)
	}

	rotateAfter, expiresOn := pulumi.StringMap{}, pulumi.StringMap{}
	for _, g := range v.Secrets {
		rotateAfter[g.Name] = g.RotateAfter
		expiresOn[g.Name] = g.ExpiresOn
	}
	return v, ctx.RegisterResourceOutputs(v, pulumi.Map{
		"vaultId":           v.VaultID,
		"vaultName":         v.VaultName,
		"vaultUri":          v.VaultURI,
		"privateEndpointId": v.PrivateEndpointID,
		"secretNames":       pulumi.ToStringArray(v.SecretNames()),
		"rotateAfter":       rotateAfter,
		"expiresOn":         expiresOn,
	})
}

// vaultProperties is the vault's shape: RBAC only, no access policies, soft delete and purge
// protection on, and the firewall denying by default in every environment (a public vault
// admits its allowedIpRanges only). The trusted-services bypass stays, for the Azure services
// that read the vault on the platform's behalf (Application Gateway certificates); it does not
// cover CI runners or nodes.
// https://learn.microsoft.com/azure/key-vault/general/network-security
func vaultProperties(spec Spec, tenant pulumi.StringInput) *keyvault.VaultPropertiesArgs {
	public := "Disabled"
	if spec.PublicAccess() {
		public = "Enabled"
	}
	var ipRules keyvault.IPRuleArray
	for _, r := range spec.AllowedIPRanges {
		ipRules = append(ipRules, &keyvault.IPRuleArgs{Value: pulumi.String(r)})
	}
	return &keyvault.VaultPropertiesArgs{
		TenantId:                     tenant,
		Sku:                          &keyvault.SkuArgs{Family: pulumi.String(string(keyvault.SkuFamilyA)), Name: keyvault.SkuName(spec.SKU)},
		EnableRbacAuthorization:      pulumi.Bool(true),
		EnableSoftDelete:             pulumi.Bool(true),
		SoftDeleteRetentionInDays:    pulumi.Int(spec.SoftDeleteRetentionDays),
		EnablePurgeProtection:        pulumi.Bool(true),
		EnabledForDeployment:         pulumi.Bool(false),
		EnabledForDiskEncryption:     pulumi.Bool(false),
		EnabledForTemplateDeployment: pulumi.Bool(false),
		PublicNetworkAccess:          pulumi.String(public),
		NetworkAcls: &keyvault.NetworkRuleSetArgs{
			Bypass:        pulumi.String(string(firewallBypass)),
			DefaultAction: pulumi.String(string(firewallDefault)),
			IpRules:       ipRules,
		},
	}
}

// The vault firewall's settings in every environment (see vaultProperties); what the vault lets
// in is read from these, so callers that depend on it never restate the rule.
const (
	firewallDefault = keyvault.NetworkRuleActionDeny
	firewallBypass  = keyvault.NetworkRuleBypassOptionsAzureServices
)

// OpenToAllNetworks reports whether every network reaches the vault's data plane: only a
// public vault whose firewall allows by default, which vaultProperties never builds.
func (s Spec) OpenToAllNetworks() bool {
	return s.PublicAccess() && firewallDefault == keyvault.NetworkRuleActionAllow
}

// TrustsAzureServices reports whether trusted Azure services (disk encryption sets among
// them) pass the vault's firewall.
func (s Spec) TrustsAzureServices() bool {
	return firewallBypass == keyvault.NetworkRuleBypassOptionsAzureServices
}

// privateEndpoint registers the vault's private endpoint and, unless args reuse one, the
// privatelink.vaultcore.azure.net zone linked to the hub and spoke.
func privateEndpoint(ctx *pulumi.Context, name string, args *VaultArgs, vaultID pulumi.StringInput, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	zoneID := args.DNSZoneID
	if zoneID == nil {
		zone, err := network.NewPrivateDNSZone(ctx, name+"-vaultcore", &network.PrivateDNSZoneArgs{
			ResourceGroupName: args.ResourceGroupName,
			ZoneName:          network.ZoneKeyVault,
			Links:             network.HubSpokeLinks(args.HubVNetID, args.SpokeVNetID),
			Tags:              args.Tags,
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		zoneID = zone.ZoneID
	}
	pe, err := network.NewPrivateEndpoint(ctx, name+"-vault", &network.PrivateEndpointArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		SubnetID:          args.EndpointsSubnetID,
		TargetID:          vaultID,
		GroupID:           GroupID,
		DNSZoneID:         zoneID,
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return pe.EndpointID, nil
}
