// Package rbac assigns Azure built-in roles by name. Every component that grants access
// (AcrPull to the kubelet, Key Vault Secrets User to a workload, Network Contributor to the
// control plane) goes through Assign, so role IDs and the assignment shape live in one place.
package rbac

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Role is the display name of an Azure built-in role, e.g. "Key Vault Secrets User".
type Role string

// Built-in roles the platform uses or lets config name.
const (
	Reader                     Role = "Reader"
	Contributor                Role = "Contributor"
	NetworkContributor         Role = "Network Contributor"
	PrivateDNSZoneContributor  Role = "Private DNS Zone Contributor"
	DNSZoneContributor         Role = "DNS Zone Contributor"
	ManagedIdentityOperator    Role = "Managed Identity Operator"
	AcrPull                    Role = "AcrPull"
	AcrPush                    Role = "AcrPush"
	KeyVaultAdministrator      Role = "Key Vault Administrator"
	KeyVaultSecretsUser        Role = "Key Vault Secrets User"
	KeyVaultSecretsOfficer     Role = "Key Vault Secrets Officer"
	KeyVaultCertificateUser    Role = "Key Vault Certificate User"
	KeyVaultCryptoUser         Role = "Key Vault Crypto User"
	StorageBlobDataReader      Role = "Storage Blob Data Reader"
	StorageBlobDataContributor Role = "Storage Blob Data Contributor"
	MonitoringMetricsPublisher Role = "Monitoring Metrics Publisher"
	AKSRBACClusterAdmin        Role = "Azure Kubernetes Service RBAC Cluster Admin"
	AKSRBACAdmin               Role = "Azure Kubernetes Service RBAC Admin"
	AKSRBACReader              Role = "Azure Kubernetes Service RBAC Reader"
	AKSClusterUser             Role = "Azure Kubernetes Service Cluster User Role"

	// KeyVaultCryptoServiceEncryptionUser reads a key and wraps/unwraps with it: what a disk
	// encryption set's identity needs, and nothing more.
	KeyVaultCryptoServiceEncryptionUser Role = "Key Vault Crypto Service Encryption User"
	// KeyVaultContributor manages the vault resource (not its data): AKS KMS needs it on a
	// private vault to create its private endpoint connection.
	KeyVaultContributor Role = "Key Vault Contributor"
)

// builtIn maps each role to its role definition GUID, which is the same in every tenant.
var builtIn = map[Role]string{
	Reader:                     "acdd72a7-3385-48ef-bd42-f606fba81ae7",
	Contributor:                "b24988ac-6180-42a0-ab88-20f7382dd24c",
	NetworkContributor:         "4d97b98b-1d4f-4787-a291-c67834d212e7",
	PrivateDNSZoneContributor:  "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
	DNSZoneContributor:         "befefa01-2a29-4197-83a8-272ff33ce314",
	ManagedIdentityOperator:    "f1a07417-d97a-45cb-824c-7a7467783830",
	AcrPull:                    "7f951dda-4ed3-4680-a7ca-43fe172d538d",
	AcrPush:                    "8311e382-0749-4cb8-b61a-304f252e45ec",
	KeyVaultAdministrator:      "00482a5a-887f-4fb3-b363-3b7fe8e74483",
	KeyVaultSecretsUser:        "4633458b-17de-408a-b874-0445c86b69e6",
	KeyVaultSecretsOfficer:     "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
	KeyVaultCertificateUser:    "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
	KeyVaultCryptoUser:         "12338af0-0e69-4776-bea7-57ae8d297424",
	StorageBlobDataReader:      "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
	StorageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
	MonitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
	AKSRBACClusterAdmin:        "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
	AKSRBACAdmin:               "3498e952-d568-435e-9b2c-8d77e338d7f7",
	AKSRBACReader:              "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
	AKSClusterUser:             "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",

	KeyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
	KeyVaultContributor:                 "f25e0fa2-a7c8-4377-a976-54943a77a395",
}

// Known reports whether r is a built-in role this package can assign.
func (r Role) Known() bool {
	_, ok := builtIn[r]
	return ok
}

// GUID returns the role definition GUID, or "" for an unknown role.
func (r Role) GUID() string { return builtIn[r] }

// Roles lists every role this package knows, sorted; used in error messages.
func Roles() []string {
	names := make([]string, 0, len(builtIn))
	for r := range builtIn {
		names = append(names, string(r))
	}
	sort.Strings(names)
	return names
}

// PrincipalType says what kind of Entra ID object receives the role.
type PrincipalType string

// Principal types accepted by Azure role assignments.
const (
	ServicePrincipal PrincipalType = "ServicePrincipal"
	Group            PrincipalType = "Group"
	User             PrincipalType = "User"
	// AnyPrincipal sends no principal type, so Azure looks the principal up: for a principal
	// that may be a user or a service principal (whoever runs Pulumi). A wrong type fails the
	// assignment (UnmatchedPrincipalType); the price of leaving it out is losing the type's
	// protection against Entra ID replication delay for brand-new service principals.
	AnyPrincipal PrincipalType = "-"
)

// Assignment grants Role on Scope to PrincipalID.
type Assignment struct {
	Role          Role
	Scope         pulumi.StringInput
	PrincipalID   pulumi.StringInput
	PrincipalType PrincipalType // defaults to ServicePrincipal (managed identities); AnyPrincipal sends none
}

var subscriptionPrefix = regexp.MustCompile(`^/subscriptions/[^/]+`)

// SubscriptionScope returns the "/subscriptions/<id>" prefix of an Azure resource ID, and
// whether id has one.
func SubscriptionScope(id string) (string, bool) {
	s := subscriptionPrefix.FindString(id)
	return s, s != ""
}

// DefinitionID returns the subscription-scoped role definition ID of role for the
// subscription that scope lives in.
func DefinitionID(role Role, scope string) string {
	sub, _ := SubscriptionScope(scope)
	return sub + "/providers/Microsoft.Authorization/roleDefinitions/" + role.GUID()
}

// Assign registers one role assignment. Pass pulumi.Parent in opts so the assignment sits
// under the component that needs it.
func Assign(ctx *pulumi.Context, name string, a Assignment, opts ...pulumi.ResourceOption) (*authorization.RoleAssignment, error) {
	if !a.Role.Known() {
		return nil, fmt.Errorf("rbac: unknown built-in role %q", a.Role)
	}
	var pt pulumi.StringPtrInput
	switch a.PrincipalType {
	case "":
		pt = pulumi.String(string(ServicePrincipal))
	case AnyPrincipal:
	default:
		pt = pulumi.String(string(a.PrincipalType))
	}
	if a.PrincipalType == AnyPrincipal {
		opts = append(opts, pulumi.Transformations([]pulumi.ResourceTransformation{withoutSDKPrincipalType}))
	}
	role := a.Role
	return authorization.NewRoleAssignment(ctx, name, &authorization.RoleAssignmentArgs{
		Scope:         a.Scope,
		PrincipalId:   a.PrincipalID,
		PrincipalType: pt,
		RoleDefinitionId: a.Scope.ToStringOutput().ApplyT(func(scope string) string {
			return DefinitionID(role, scope)
		}).(pulumi.StringOutput),
		Description: pulumi.Sprintf("aks-platform: %s", string(role)),
	}, opts...)
}

// withoutSDKPrincipalType undoes a default of the azure-native SDK: NewRoleAssignment sends
// principalType "User" when none is given, which fails for a service principal. The
// transformation runs after the SDK's defaults, on that one assignment.
func withoutSDKPrincipalType(t *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
	args, ok := t.Props.(*authorization.RoleAssignmentArgs)
	if !ok {
		return nil
	}
	args.PrincipalType = nil
	return &pulumi.ResourceTransformationResult{Props: args, Opts: t.Opts}
}
