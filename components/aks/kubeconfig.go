package aks

import (
	"encoding/base64"
	"fmt"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// kubeconfig fetches the user kubeconfig (never the admin one: local accounts may be off) in
// exec format, which authenticates through Entra ID with kubelogin, and builds the Kubernetes
// provider the in-cluster components deploy with. kubelogin must be on PATH where `pulumi up`
// runs; set AAD_LOGIN_METHOD (azurecli, workloadidentity, spn) for non-interactive runs, since
// the kubeconfig AKS returns asks for a device code otherwise. The kubeconfig is a secret from the moment it
// is decoded, so it never reaches state or logs in plain text.
//
// The provider is created after deployer, the role assignment that authorizes the deploying
// identity, so nothing reaches the API server before it may.
func (b *builder) kubeconfig(c *Cluster, mc *containerservice.ManagedCluster, deployer pulumi.Resource) (pulumi.StringOutput, *kubernetes.Provider, error) {
	creds := containerservice.ListManagedClusterUserCredentialsOutput(b.ctx, containerservice.ListManagedClusterUserCredentialsOutputArgs{
		ResourceGroupName: b.args.ResourceGroupName,
		ResourceName:      mc.Name,
		Format:            pulumi.String("exec"),
	}, pulumi.Parent(c))
	encoded := creds.Kubeconfigs().Index(pulumi.Int(0)).Value()
	kubeconfig := pulumi.ToSecret(encoded.ApplyT(decodeKubeconfig)).(pulumi.StringOutput)
	provider, err := kubernetes.NewProvider(b.ctx, b.name+"-k8s", &kubernetes.ProviderArgs{
		Kubeconfig: kubeconfig,
	}, b.parent, pulumi.DependsOn([]pulumi.Resource{deployer}))
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	return kubeconfig, provider, nil
}

// decodeKubeconfig decodes the base64 kubeconfig AKS returns.
func decodeKubeconfig(encoded string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", fmt.Errorf("aks: kubeconfig from listClusterUserCredential is not base64: %w", err)
	}
	return string(raw), nil
}
