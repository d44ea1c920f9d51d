package identity

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SecretProviderClass API of the secrets store CSI driver.
const (
	SecretProviderClassAPIVersion = "secrets-store.csi.x-k8s.io/v1"
	SecretProviderClassKind       = "SecretProviderClass"
)

// ObjectsParameter renders the Azure provider's "objects" parameter: a YAML document whose
// "array" lists one YAML string per Key Vault secret (objectName, objectType secret).
func ObjectsParameter(secrets []string) string {
	var b strings.Builder
	b.WriteString("array:\n")
	for _, name := range secrets {
		b.WriteString("  - |\n")
		// Quoted, so that names such as "null" or "123" stay strings.
		b.WriteString("    objectName: " + strconv.Quote(name) + "\n")
		b.WriteString("    objectType: secret\n")
	}
	return b.String()
}

// secretProviderClassArgs is what newSecretProviderClass needs besides the spec.
type secretProviderClassArgs struct {
	clientID, keyVaultName, tenantID pulumi.StringInput
}

// newSecretProviderClass registers the workload's SecretProviderClass in its namespace: the
// Azure provider, authenticating with the workload identity (clientID, no pod identity).
func newSecretProviderClass(ctx *pulumi.Context, name string, spec Spec, a secretProviderClassArgs,
	opts ...pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	return apiextensions.NewCustomResource(ctx, name+"-spc", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(SecretProviderClassAPIVersion),
		Kind:       pulumi.String(SecretProviderClassKind),
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(spec.SecretProviderClassName()),
			Namespace: pulumi.String(spec.Namespace),
			Labels:    labels(spec),
		},
		OtherFields: kubernetes.UntypedArgs{
			"spec": pulumi.Map{
				"provider": pulumi.String("azure"),
				"parameters": pulumi.StringMap{
					"usePodIdentity":       pulumi.String("false"),
					"useVMManagedIdentity": pulumi.String("false"),
					"clientID":             a.clientID,
					"keyvaultName":         a.keyVaultName,
					"tenantId":             a.tenantID,
					"objects":              pulumi.String(ObjectsParameter(spec.Secrets)),
				},
			},
		},
	}, opts...)
}
