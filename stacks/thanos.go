package stacks

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/keyvault"
	"github.com/aksplatform/platform/components/network"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/components/thanos"
)

// vaultSpec is aks-platform:keyVault plus, when Thanos is on, Grafana's admin password: a
// generated secret like any other (random, rotated by the same rules), so it is a Pulumi
// secret end to end and reaches Grafana only through the CSI driver.
func (e *Environment) vaultSpec() keyvault.Spec {
	s := e.KeyVault
	if !e.Thanos.IsEnabled() || slices.Contains(s.SecretNames(), thanos.GrafanaAdminSecret) {
		return s
	}
	s.Secrets = append(slices.Clone(s.Secrets), keyvault.SecretSpec{Name: thanos.GrafanaAdminSecret, RotationDays: 90})
	return s
}

// grafanaSpec is Grafana's workload identity: it creates the monitoring namespace and mounts
// the admin password from the region's vault.
func grafanaSpec() identity.Spec {
	return identity.Spec{Name: "grafana", Namespace: thanos.Namespace, ServiceAccount: thanos.GrafanaServiceAccount,
		Secrets: []string{thanos.GrafanaAdminSecret}}
}

// addThanos registers Grafana's identity (with the monitoring namespace) and the region's
// Thanos storage with Thanos's identity. Everything here is the region's own.
func (b *regionBuilder) addThanos() error {
	if !b.env.Thanos.IsEnabled() {
		return nil
	}
	var err error
	b.grafana, err = b.workloadIdentity(grafanaSpec(), map[string]pulumi.StringInput{identity.ScopeKeyVault: b.vault.VaultID})
	if err != nil {
		return err
	}
	b.thanos, err = thanos.NewStorage(b.ctx, b.name+"-thanos", &thanos.StorageArgs{
		Spec:               b.env.Thanos,
		Production:         b.prod,
		AccountName:        thanos.AccountName(b.env.Name, b.plan.Location),
		ResourceGroupName:  b.spokeRG.Name,
		Location:           b.location,
		EndpointsSubnetID:  b.spoke.EndpointsSubnetID,
		HubVNetID:          b.hub.VNetID,
		SpokeVNetID:        b.spoke.VNetID,
		OIDCIssuerURL:      b.cluster.OIDCIssuerURL,
		KubernetesProvider: b.cluster.Provider,
		NamespaceResource:  b.grafana.NamespaceResource,
		// The blob service logs to the region's workspace, like everything else in the region.
		LogAnalyticsWorkspaceID: b.workspace.WorkspaceID,
		Tags:                    b.tags,
	}, b.parent())
	return err
}

// workloadIdentity registers spec's workload identity in the region's cluster, vault and
// spoke group: the one way stacks wires a WorkloadIdentity (config workloads and Grafana).
func (b *regionBuilder) workloadIdentity(spec identity.Spec, scopes map[string]pulumi.StringInput) (*identity.WorkloadIdentity, error) {
	return identity.NewWorkloadIdentity(b.ctx, b.name+"-wi-"+spec.Name, &identity.WorkloadIdentityArgs{
		Spec:               spec,
		Production:         b.prod,
		ResourceGroupName:  b.spokeRG.Name,
		Location:           b.location,
		OIDCIssuerURL:      b.cluster.OIDCIssuerURL,
		Scopes:             scopes,
		KubernetesProvider: b.cluster.Provider,
		KeyVaultName:       b.vault.VaultName,
		TenantID:           b.vault.TenantID,
		Tags:               b.tags,
	}, b.parent())
}

// platformValues are what the platform chart needs from this region, or nil when Thanos is
// off (the shipped chart then cannot run; point gitops.platform.path elsewhere). Every
// region's bucket is listed by name from config (thanos.AccountName), never from another
// region's outputs.
func (b *regionBuilder) platformValues() *gitops.PlatformValues {
	if b.thanos == nil {
		return nil
	}
	var buckets []gitops.Bucket
	for _, r := range b.env.Regions {
		buckets = append(buckets, gitops.Bucket{Region: r.Location, StorageAccount: thanos.AccountName(b.env.Name, r.Location)})
	}
	return &gitops.PlatformValues{
		Environment: b.env.Name, Region: b.plan.Location,
		TenantID: b.vault.TenantID, KeyVaultName: b.vault.VaultName,
		Thanos: gitops.ThanosValues{StorageAccount: b.thanos.AccountName, Container: b.thanos.ContainerName,
			ClientID: b.thanos.ClientID, Buckets: buckets},
		Grafana: gitops.GrafanaValues{ClientID: b.grafana.ClientID, SecretProviderClass: b.grafana.SecretProviderClassName,
			AdminSecretName: thanos.GrafanaAdminSecret},
	}
}

// repositoryAccess is how Argo CD reads its repository credentials and SSO secret: from the
// region's vault, through the cluster's OIDC issuer.
func (b *regionBuilder) repositoryAccess() *gitops.RepositoryAccess {
	return &gitops.RepositoryAccess{
		KeyVaultName: b.vault.VaultName, KeyVaultID: b.vault.VaultID, TenantID: b.vault.TenantID,
		ResourceGroupName: b.spokeRG.Name, Location: b.location, OIDCIssuerURL: b.cluster.OIDCIssuerURL, Tags: b.tags,
	}
}

// ThanosGlobalViewType is the type token of the global component that lets each region's
// Thanos read every other region's bucket.
const ThanosGlobalViewType = "aksplatform:stacks:ThanosGlobalView"

// ThanosGlobalView holds, for every ordered pair of regions (reader, bucket), Storage Blob Data
// Reader on the bucket's container for the reader's Thanos identity and, where buckets are
// private, a private endpoint of the bucket's account in the reader's spoke (registered in the
// reader's privatelink.blob.core.windows.net zone).
type ThanosGlobalView struct {
	pulumi.ResourceState
}

// newThanosGlobalView registers the global view. A role assignment or endpoint between two
// regions depends on both, so none of them lives in a Region component: like OperatorAccess
// and Front Door, they sit outside every region, and no region's resources depend on another
// region. The Query and store gateways in each cluster learn the other buckets' names from
// config (PlatformValues.Thanos.Buckets), not from these resources. A region that fails
// leaves the other regions deployable and serving their own metrics; only the cross-region
// reads involving it wait. Nothing is registered with a single region.
func newThanosGlobalView(ctx *pulumi.Context, env *Environment, regions map[string]*Region) error {
	if !env.Thanos.IsEnabled() || len(regions) < 2 {
		return nil
	}
	c := &ThanosGlobalView{}
	if err := ctx.RegisterComponentResource(ThanosGlobalViewType, env.Name+"-thanos-global-view", c); err != nil {
		return err
	}
	parent := pulumi.Parent(c)
	for _, reader := range env.Regions {
		r := regions[reader.Location]
		for _, bucket := range env.Regions {
			if bucket.Location == reader.Location {
				continue
			}
			o := regions[bucket.Location]
			name := env.regionName(reader.Location) + "-reads-" + bucket.Location
			if _, err := rbac.Assign(ctx, name+"-blob-reader", rbac.Assignment{
				Role:        rbac.StorageBlobDataReader,
				Scope:       o.Thanos.ContainerID,
				PrincipalID: r.Thanos.PrincipalID,
			}, parent); err != nil {
				return err
			}
			if !env.Thanos.NeedsPrivateEndpoint(env.Kind.Production()) {
				continue
			}
			if _, err := network.NewPrivateEndpoint(ctx, name+"-blob", &network.PrivateEndpointArgs{
				ResourceGroupName: r.SpokeResourceGroupName,
				Location:          pulumi.String(reader.Location),
				SubnetID:          r.Spoke.EndpointsSubnetID,
				TargetID:          o.Thanos.AccountID,
				GroupID:           thanos.BlobGroupID,
				DNSZoneID:         r.Thanos.DNSZoneID,
				Tags:              env.tags(reader.Location),
			}, parent); err != nil {
				return err
			}
		}
	}
	return ctx.RegisterResourceOutputs(c, pulumi.Map{})
}
