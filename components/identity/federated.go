package identity

import (
	"github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TokenExchangeAudience is the audience Entra ID expects in federated service account tokens.
const TokenExchangeAudience = "api://AzureADTokenExchange"

// Subject is the federated credential subject of a Kubernetes ServiceAccount: the "sub" claim
// of the tokens the cluster's OIDC issuer signs for it.
func Subject(namespace, serviceAccount string) string {
	return "system:serviceaccount:" + namespace + ":" + serviceAccount
}

// FederatedIdentityArgs describes a user-assigned managed identity that exactly one Kubernetes
// ServiceAccount signs in as, through the cluster's OIDC issuer.
type FederatedIdentityArgs struct {
	// ResourceGroupName and Location place the managed identity; the credential lives in it.
	ResourceGroupName pulumi.StringInput
	Location          pulumi.StringInput
	// Issuer is the cluster's OIDC issuer URL, trusted by the credential.
	Issuer pulumi.StringInput
	// Namespace and ServiceAccount name the one ServiceAccount the credential trusts.
	Namespace      string
	ServiceAccount string
	// Tags go on the managed identity.
	Tags pulumi.StringMapInput
}

// NewFederatedIdentity registers a user-assigned managed identity named identityName and its
// federated credential named credentialName, trusting args.Issuer for Subject(args.Namespace,
// args.ServiceAccount) with audience TokenExchangeAudience. It is not a component: both
// resources take opts (pass pulumi.Parent) and the caller's names, so they sit directly under
// the caller's component. Workloads wait for the credential before their pods sign in.
func NewFederatedIdentity(ctx *pulumi.Context, identityName, credentialName string, args FederatedIdentityArgs,
	opts ...pulumi.ResourceOption) (*managedidentity.UserAssignedIdentity, *managedidentity.FederatedIdentityCredential, error) {
	id, err := managedidentity.NewUserAssignedIdentity(ctx, identityName, &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		Tags:              args.Tags,
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	fic, err := managedidentity.NewFederatedIdentityCredential(ctx, credentialName, &managedidentity.FederatedIdentityCredentialArgs{
		ResourceGroupName: args.ResourceGroupName,
		ResourceName:      id.Name,
		Issuer:            args.Issuer,
		Subject:           pulumi.String(Subject(args.Namespace, args.ServiceAccount)),
		Audiences:         pulumi.StringArray{pulumi.String(TokenExchangeAudience)},
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return id, fic, nil
}
