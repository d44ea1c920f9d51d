package thanos

import (
	"github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/monitoring/logs"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

// Private link of blob storage: the endpoint's sub-resource and its DNS zone.
const (
	BlobGroupID = "blob"
	ZoneBlob    = "privatelink.blob.core.windows.net"
)

// StorageArgs is a Spec plus what one region's Thanos storage needs from the platform.
type StorageArgs struct {
	Spec       Spec
	Production bool
	// AccountName is the storage account's name, AccountName(environment, location).
	AccountName string
	// ResourceGroupName and Location place the account, identity and endpoint.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// EndpointsSubnetID, HubVNetID and SpokeVNetID: the private endpoint's subnet and the
	// VNets linked to the privatelink.blob.core.windows.net zone; required with an endpoint.
	EndpointsSubnetID pulumi.StringInput
	HubVNetID         pulumi.StringInput
	SpokeVNetID       pulumi.StringInput
	// OIDCIssuerURL is the cluster's issuer, trusted by Thanos's federated credential.
	OIDCIssuerURL pulumi.StringInput
	// KubernetesProvider creates Thanos's ServiceAccount.
	KubernetesProvider pulumi.ProviderResource
	// NamespaceResource creates the monitoring namespace; the ServiceAccount waits for it.
	NamespaceResource pulumi.Resource
	// LogAnalyticsWorkspaceID receives the blob service's read, write and delete logs (the
	// region's workspace); required in production.
	LogAnalyticsWorkspaceID pulumi.StringInput
	Tags                    pulumi.StringMapInput
}

// Storage is one region's metrics bucket and the identity Thanos reaches it with.
type Storage struct {
	pulumi.ResourceState

	AccountName   pulumi.StringOutput
	AccountID     pulumi.StringOutput
	ContainerName pulumi.StringOutput
	// ContainerID is the scope of Thanos's data-plane role, and of readers in other regions.
	ContainerID pulumi.StringOutput
	// ClientID and PrincipalID are Thanos's managed identity's.
	ClientID    pulumi.StringOutput
	PrincipalID pulumi.StringOutput
	// DNSZoneID is the region's privatelink.blob.core.windows.net zone; empty without one.
	DNSZoneID pulumi.StringOutput
}

func (a *StorageArgs) spec() Spec {
	s := a.Spec.clone()
	s.SetDefaults(a.Production)
	return s
}

// Validate checks the spec (with defaults) and the wiring; spec problems are keyed relative to
// aks-platform:thanos, wiring problems by the input's camelCase name.
func (a *StorageArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	s := a.spec()
	var ps validation.Problems
	if !s.IsEnabled() {
		ps.Addf("enabled", "is false; callers skip NewStorage when Thanos is disabled")
	}
	ps.Merge("", s.Validate(a.Production))
	if !accountNameRE.MatchString(a.AccountName) {
		ps.Addf("accountName", "%q must be 3-24 lowercase letters and digits (thanos.AccountName)", a.AccountName)
	}
	required := []struct {
		key string
		ok  bool
	}{
		{"resourceGroupName", a.ResourceGroupName != nil},
		{"location", a.Location != nil},
		{"oidcIssuerUrl", a.OIDCIssuerURL != nil},
		{"kubernetesProvider", a.KubernetesProvider != nil},
		{"endpointsSubnetId", a.EndpointsSubnetID != nil || !s.NeedsPrivateEndpoint(a.Production)},
		{"spokeVnetId", a.SpokeVNetID != nil || !s.NeedsPrivateEndpoint(a.Production)},
		{"logAnalyticsWorkspaceId", a.LogAnalyticsWorkspaceID != nil || !a.Production},
	}
	for _, r := range required {
		if !r.ok {
			ps.Addf(r.key, "is required")
		}
	}
	return ps.Err()
}

// NewStorage registers the account (Entra ID only, TLS 1.2, no public blobs, public network
// off unless the spec opens it), soft delete for blobs and containers, the retention rule, the
// container, the private endpoint when needed, and Thanos's identity: a managed identity
// federated with system:serviceaccount:monitoring:thanos, that ServiceAccount, and Storage
// Blob Data Contributor on the container only (not the account: nothing else in it is
// Thanos's).
func NewStorage(ctx *pulumi.Context, name string, args *StorageArgs, opts ...pulumi.ResourceOption) (*Storage, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	spec := args.spec()
	st := &Storage{}
	if err := ctx.RegisterComponentResource(ComponentType, name, st, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(st)
	account, err := storage.NewStorageAccount(ctx, name+"-account", accountArgs(spec, args), parent)
	if err != nil {
		return nil, err
	}
	if err := protect(ctx, name, spec, args.ResourceGroupName, account.Name, parent); err != nil {
		return nil, err
	}
	if args.LogAnalyticsWorkspaceID != nil {
		if _, err := monitoring.Diagnose(ctx, name+"-blob", logs.StorageAccount, account.ID().ToStringOutput(), args.LogAnalyticsWorkspaceID, parent); err != nil {
			return nil, err
		}
	}
	container, err := storage.NewBlobContainer(ctx, name+"-container", &storage.BlobContainerArgs{
		ResourceGroupName: args.ResourceGroupName,
		AccountName:       account.Name,
		ContainerName:     pulumi.String(Container),
		PublicAccess:      storage.PublicAccessNone,
	}, parent)
	if err != nil {
		return nil, err
	}
	st.DNSZoneID = pulumi.String("").ToStringOutput()
	if spec.NeedsPrivateEndpoint(args.Production) {
		zone, err := network.NewPrivateDNSZone(ctx, name+"-blob", &network.PrivateDNSZoneArgs{
			ResourceGroupName: args.ResourceGroupName,
			ZoneName:          ZoneBlob,
			Links:             network.HubSpokeLinks(args.HubVNetID, args.SpokeVNetID),
			Tags:              args.Tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := network.NewPrivateEndpoint(ctx, name+"-blob", &network.PrivateEndpointArgs{
			ResourceGroupName: args.ResourceGroupName,
			Location:          args.Location,
			SubnetID:          args.EndpointsSubnetID,
			TargetID:          account.ID(),
			GroupID:           BlobGroupID,
			DNSZoneID:         zone.ZoneID,
			Tags:              args.Tags,
		}, parent); err != nil {
			return nil, err
		}
		st.DNSZoneID = zone.ZoneID
	}
	id, fic, err := identity.NewFederatedIdentity(ctx, name+"-id", name+"-fic", identity.FederatedIdentityArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		Issuer:            args.OIDCIssuerURL,
		Namespace:         Namespace,
		ServiceAccount:    ServiceAccount,
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	saDeps := []pulumi.Resource{fic}
	if args.NamespaceResource != nil {
		saDeps = append(saDeps, args.NamespaceResource)
	}
	if _, err := corev1.NewServiceAccount(ctx, name+"-sa", &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(ServiceAccount),
			Namespace:   pulumi.String(Namespace),
			Annotations: pulumi.StringMap{identity.ClientIDAnnotation: id.ClientId, identity.TenantIDAnnotation: id.TenantId},
		},
	}, parent, pulumi.Provider(args.KubernetesProvider), pulumi.DependsOn(saDeps)); err != nil {
		return nil, err
	}
	if _, err := rbac.Assign(ctx, name+"-blob-contributor", rbac.Assignment{
		Role:        rbac.StorageBlobDataContributor,
		Scope:       container.ID(),
		PrincipalID: id.PrincipalId,
	}, parent); err != nil {
		return nil, err
	}
	st.AccountName, st.AccountID = account.Name, account.ID().ToStringOutput()
	st.ContainerName, st.ContainerID = container.Name, container.ID().ToStringOutput()
	st.ClientID, st.PrincipalID = id.ClientId, id.PrincipalId
	return st, ctx.RegisterResourceOutputs(st, pulumi.Map{
		"accountName":   st.AccountName,
		"containerName": st.ContainerName,
		"clientId":      st.ClientID,
	})
}

// accountArgs are the account's settings: Entra ID authorization only
// (allowSharedKeyAccess false, OAuth by default: Thanos signs in with workload identity), HTTPS
// and TLS 1.2, no anonymous blob access, no cross-tenant replication, and the firewall
// denying everything but Azure's trusted services when public access is off.
// https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
func accountArgs(spec Spec, args *StorageArgs) *storage.StorageAccountArgs {
	public, action := "Enabled", storage.DefaultActionAllow
	if !spec.PublicAccess() {
		public, action = "Disabled", storage.DefaultActionDeny
	}
	return &storage.StorageAccountArgs{
		AccountName:                  pulumi.String(args.AccountName),
		ResourceGroupName:            args.ResourceGroupName,
		Location:                     args.Location,
		Kind:                         pulumi.String("StorageV2"),
		Sku:                          &storage.SkuArgs{Name: pulumi.String(spec.SKU)},
		AccessTier:                   storage.AccessTierHot,
		AllowSharedKeyAccess:         pulumi.Bool(false),
		DefaultToOAuthAuthentication: pulumi.Bool(true),
		AllowBlobPublicAccess:        pulumi.Bool(false),
		AllowCrossTenantReplication:  pulumi.Bool(false),
		EnableHttpsTrafficOnly:       pulumi.Bool(true),
		MinimumTlsVersion:            pulumi.String("TLS1_2"),
		PublicNetworkAccess:          pulumi.String(public),
		NetworkRuleSet: &storage.NetworkRuleSetArgs{
			DefaultAction: action,
			Bypass:        pulumi.String("AzureServices"),
		},
		Tags: args.Tags,
	}
}

// protect registers soft delete for blobs and containers and the lifecycle rule that deletes
// blocks retentionDays after their last modification.
func protect(ctx *pulumi.Context, name string, spec Spec, rg, account pulumi.StringInput, parent pulumi.ResourceOption) error {
	keep := &storage.DeleteRetentionPolicyArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(spec.SoftDeleteDays)}
	if _, err := storage.NewBlobServiceProperties(ctx, name+"-blob-service", &storage.BlobServicePropertiesArgs{
		ResourceGroupName:              rg,
		AccountName:                    account,
		BlobServicesName:               pulumi.String("default"),
		DeleteRetentionPolicy:          keep,
		ContainerDeleteRetentionPolicy: keep,
	}, parent); err != nil {
		return err
	}
	_, err := storage.NewManagementPolicy(ctx, name+"-retention", &storage.ManagementPolicyArgs{
		ResourceGroupName:    rg,
		AccountName:          account,
		ManagementPolicyName: pulumi.String("default"),
		Policy: &storage.ManagementPolicySchemaArgs{Rules: storage.ManagementPolicyRuleArray{
			&storage.ManagementPolicyRuleArgs{
				Name:    pulumi.String("thanos-retention"),
				Type:    pulumi.String("Lifecycle"),
				Enabled: pulumi.Bool(true),
				Definition: &storage.ManagementPolicyDefinitionArgs{
					Filters: &storage.ManagementPolicyFilterArgs{
						BlobTypes:   pulumi.StringArray{pulumi.String("blockBlob")},
						PrefixMatch: pulumi.StringArray{pulumi.String(Container + "/")},
					},
					Actions: &storage.ManagementPolicyActionArgs{
						BaseBlob: &storage.ManagementPolicyBaseBlobArgs{
							Delete: &storage.DateAfterModificationArgs{
								DaysAfterModificationGreaterThan: pulumi.Float64(float64(spec.RetentionDays)),
							},
						},
					},
				},
			},
		}},
	}, parent)
	return err
}
