package identity

import (
	"crypto/sha256"
	"fmt"
	"strings"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/validation"
)

// ComponentType is the type token of the WorkloadIdentity component.
const ComponentType = "aksplatform:identity:WorkloadIdentity"

// Workload identity annotations and labels, as the Azure workload identity webhook reads them:
// the client and tenant IDs annotate the ServiceAccount; UseLabel ("true") labels the pods, and
// only the pods: the webhook selects pods by it and ignores it anywhere else.
// https://learn.microsoft.com/azure/aks/workload-identity-overview#service-account-labels-and-annotations
const (
	ClientIDAnnotation = "azure.workload.identity/client-id"
	TenantIDAnnotation = "azure.workload.identity/tenant-id"
	UseLabel           = "azure.workload.identity/use"
)

// PodLabels are the labels a pod needs for the webhook to inject the identity's token into
// it; put them on the pod template of every workload that signs in with workload identity
// (for Helm charts, usually the podLabels value), together with its ServiceAccount name.
func PodLabels() map[string]string { return map[string]string{UseLabel: "true"} }

// WorkloadIdentityArgs is a Spec plus the wiring one workload needs from the platform.
type WorkloadIdentityArgs struct {
	// Spec is one entry of aks-platform:workloads; NewWorkloadIdentity defaults a copy of it.
	Spec Spec
	// Production selects the production rules of Spec.Validate.
	Production bool

	// ResourceGroupName and Location place the managed identity.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// OIDCIssuerURL is the cluster's OIDC issuer, trusted by the federated credential.
	OIDCIssuerURL pulumi.StringInput
	// Scopes maps the named scopes (ScopeKeyVault, ScopeRegistry, ScopeResourceGroup) to ARM IDs;
	// every named scope a role uses must be here.
	Scopes map[string]pulumi.StringInput
	// KubernetesProvider is the cluster's provider; every Kubernetes resource uses it.
	KubernetesProvider pulumi.ProviderResource
	// KeyVaultName is the vault the SecretProviderClass reads; required when secrets are listed.
	KeyVaultName pulumi.StringInput
	// TenantID is the vault's tenant; nil uses the managed identity's tenant.
	TenantID pulumi.StringInput
	// Tags go on the managed identity.
	Tags pulumi.StringMapInput
}

// Validate checks the spec (after defaults) and the wiring. Spec problems are keyed relative to
// the spec ("roles[0].scope"); wiring problems by the input's camelCase name ("oidcIssuerUrl").
func (a *WorkloadIdentityArgs) Validate() error {
	if a == nil {
		return validation.Required(ComponentType)
	}
	spec := a.defaulted()
	var ps validation.Problems
	ps.Merge("", spec.Validate(a.Production))
	for i, r := range spec.Roles {
		if IsNamedScope(r.Scope) && a.Scopes[r.Scope] == nil {
			ps.Addf(validation.Index("roles", i)+".scope", "scope %q is not available here: the platform wired no %s ID", r.Scope, r.Scope)
		}
	}
	required := []struct {
		field string
		ok    bool
	}{
		{"resourceGroupName", a.ResourceGroupName != nil},
		{"location", a.Location != nil},
		{"oidcIssuerUrl", a.OIDCIssuerURL != nil},
		{"kubernetesProvider", a.KubernetesProvider != nil},
		{"keyVaultName", a.KeyVaultName != nil || len(spec.Secrets) == 0},
	}
	for _, r := range required {
		if !r.ok {
			ps.Addf(r.field, "identity: %s is required", r.field)
		}
	}
	return ps.Err()
}

func (a *WorkloadIdentityArgs) defaulted() Spec {
	spec := a.Spec.clone()
	spec.SetDefaults(a.Production)
	return spec
}

// WorkloadIdentity is one workload's managed identity, federated with its ServiceAccount.
type WorkloadIdentity struct {
	pulumi.ResourceState

	// ClientID is the identity's application (client) ID, as annotated on the ServiceAccount.
	ClientID pulumi.StringOutput
	// PrincipalID is the identity's object ID, the principal of its role assignments.
	PrincipalID pulumi.StringOutput
	// IdentityID is the managed identity's ARM ID.
	IdentityID pulumi.StringOutput
	// TenantID is the tenant the workload signs in to.
	TenantID pulumi.StringOutput
	// ServiceAccountName and Namespace name the federated ServiceAccount.
	ServiceAccountName pulumi.StringOutput
	Namespace          pulumi.StringOutput
	// NamespaceResource is the Namespace the component creates (createNamespace), nil when
	// the namespace exists beforehand. Depend on it, not on the component: DependsOn on a
	// component waits only for the children registered when the dependent is.
	NamespaceResource *corev1.Namespace
	// SecretProviderClassName is "" when the workload mounts no secrets.
	SecretProviderClassName pulumi.StringOutput
	// PodLabels are the labels the workload's pods need for the webhook to inject the token
	// (see the package function PodLabels): the pods carry them, the ServiceAccount does not.
	PodLabels map[string]string
}

// NewWorkloadIdentity validates args and registers the identity, its federated credential, the
// namespace (optionally), the ServiceAccount, the role assignments and the SecretProviderClass.
func NewWorkloadIdentity(ctx *pulumi.Context, name string, args *WorkloadIdentityArgs, opts ...pulumi.ResourceOption) (*WorkloadIdentity, error) {
	if err := args.Validate(); err != nil {
		return nil, err
	}
	spec := args.defaulted()
	w := &WorkloadIdentity{PodLabels: PodLabels()}
	if err := ctx.RegisterComponentResource(ComponentType, name, w, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(w)
	k8s := []pulumi.ResourceOption{parent, pulumi.Provider(args.KubernetesProvider)}

	id, fic, err := NewFederatedIdentity(ctx, name+"-id", name+"-fic", FederatedIdentityArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		Issuer:            args.OIDCIssuerURL,
		Namespace:         spec.Namespace,
		ServiceAccount:    spec.ServiceAccount,
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	tenant := args.TenantID
	if tenant == nil {
		tenant = id.TenantId
	}
	w.ClientID, w.PrincipalID, w.TenantID = id.ClientId, id.PrincipalId, tenant.ToStringOutput()
	w.IdentityID = id.ID().ToStringOutput()

	// The ServiceAccount waits for the federated credential, so pods that use it can sign in.
	saDeps := []pulumi.Resource{fic}
	if defaults.True(spec.CreateNamespace) {
		ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(spec.Namespace), Labels: labels(spec)},
		}, k8s...)
		if err != nil {
			return nil, err
		}
		saDeps = append(saDeps, ns)
		w.NamespaceResource = ns
	}
	if _, err := corev1.NewServiceAccount(ctx, name+"-sa", &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(spec.ServiceAccount),
			Namespace:   pulumi.String(spec.Namespace),
			Annotations: pulumi.StringMap{ClientIDAnnotation: id.ClientId, TenantIDAnnotation: tenant},
			Labels:      labels(spec),
		},
	}, append(k8s, pulumi.DependsOn(saDeps))...); err != nil {
		return nil, err
	}
	for _, r := range spec.Roles {
		scope := args.Scopes[r.Scope]
		if !IsNamedScope(r.Scope) {
			scope = pulumi.String(r.Scope)
		}
		if _, err := rbac.Assign(ctx, name+"-"+assignmentSuffix(r), rbac.Assignment{
			Role:          r.Role,
			Scope:         scope,
			PrincipalID:   id.PrincipalId,
			PrincipalType: rbac.ServicePrincipal,
		}, parent); err != nil {
			return nil, err
		}
	}
	w.SecretProviderClassName = pulumi.String("").ToStringOutput()
	if len(spec.Secrets) > 0 {
		if _, err := newSecretProviderClass(ctx, name, spec, secretProviderClassArgs{
			clientID: id.ClientId, keyVaultName: args.KeyVaultName, tenantID: tenant,
		}, append(k8s, pulumi.DependsOn(saDeps[1:]))...); err != nil {
			return nil, err
		}
		w.SecretProviderClassName = pulumi.String(spec.SecretProviderClassName()).ToStringOutput()
	}
	w.ServiceAccountName = pulumi.String(spec.ServiceAccount).ToStringOutput()
	w.Namespace = pulumi.String(spec.Namespace).ToStringOutput()
	return w, ctx.RegisterResourceOutputs(w, pulumi.Map{
		"clientId":                w.ClientID,
		"principalId":             w.PrincipalID,
		"identityId":              w.IdentityID,
		"serviceAccountName":      w.ServiceAccountName,
		"namespace":               w.Namespace,
		"secretProviderClassName": w.SecretProviderClassName,
	})
}

// labels are the labels of the workload's Kubernetes objects.
func labels(spec Spec) pulumi.StringMap {
	return pulumi.StringMap{
		"app.kubernetes.io/name":       pulumi.String(spec.Name),
		"app.kubernetes.io/managed-by": pulumi.String("pulumi"),
	}
}

// assignmentSuffix names a role assignment after its role and scope, so that reordering roles
// in config does not replace assignments: "key-vault-secrets-user-keyvault", or a short hash
// for ARM ID scopes.
func assignmentSuffix(r RoleSpec) string {
	scope := strings.ToLower(r.Scope)
	if !IsNamedScope(r.Scope) {
		sum := sha256.Sum256([]byte(r.Scope))
		scope = fmt.Sprintf("arm-%x", sum[:4])
	}
	return slug(string(r.Role)) + "-" + scope
}

func slug(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	return strings.Join(f, "-")
}
