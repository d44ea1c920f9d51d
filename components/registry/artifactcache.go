package registry

import (
	"github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20230701"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/components/rbac"
)

// The artifact cache resources use API version 2023-07-01, the first generally available one:
// the module's default for CacheRule and CredentialSet is 2023-01-01-preview.
const (
	CacheRuleType     = "azure-native:containerregistry/v20230701:CacheRule"
	CredentialSetType = "azure-native:containerregistry/v20230701:CredentialSet"
)

// artifactCache registers one credential set per configured upstream, with Key Vault Secrets
// User on its two secrets for the set's own identity, and one cache rule per image: from
// SourceRepository(img) to img.CacheRepository(), signed in with the upstream's credential set
// when there is one.
// https://learn.microsoft.com/azure/container-registry/artifact-cache-overview
func artifactCache(ctx *pulumi.Context, name string, s Spec, images []egress.Image, resourceGroup pulumi.StringInput,
	registryName pulumi.StringOutput, parent pulumi.ResourceOption) error {
	sets := map[string]pulumi.StringOutput{}
	for _, c := range s.Credentials {
		setName := credentialSetName(c.LoginServer)
		set, err := v20230701.NewCredentialSet(ctx, name+"-"+setName, &v20230701.CredentialSetArgs{
			ResourceGroupName: resourceGroup,
			RegistryName:      registryName,
			CredentialSetName: pulumi.String(setName),
			LoginServer:       pulumi.String(c.LoginServer),
			Identity:          &v20230701.IdentityPropertiesArgs{Type: v20230701.ResourceIdentityTypeSystemAssigned},
			AuthCredentials: v20230701.AuthCredentialArray{&v20230701.AuthCredentialArgs{
				Name:                     pulumi.String(string(v20230701.CredentialNameCredential1)),
				UsernameSecretIdentifier: pulumi.String(c.UsernameSecretID),
				PasswordSecretIdentifier: pulumi.String(c.PasswordSecretID),
			}},
		}, parent)
		if err != nil {
			return err
		}
		if err := grantSecrets(ctx, name+"-"+setName, c, set.Identity.PrincipalId().Elem(), parent); err != nil {
			return err
		}
		sets[c.LoginServer] = set.ID().ToStringOutput()
	}
	for _, img := range images {
		rule := &v20230701.CacheRuleArgs{
			ResourceGroupName: resourceGroup,
			RegistryName:      registryName,
			CacheRuleName:     pulumi.String(ruleName(img)),
			SourceRepository:  pulumi.String(SourceRepository(img)),
			TargetRepository:  pulumi.String(img.CacheRepository()),
		}
		if id, ok := sets[img.Registry]; ok {
			rule.CredentialSetResourceId = id
		}
		if _, err := v20230701.NewCacheRule(ctx, name+"-cache-"+ruleName(img), rule, parent); err != nil {
			return err
		}
	}
	return nil
}

// grantSecrets gives the credential set's identity Key Vault Secrets User on each of its
// secrets, scoped to the secret (<vault ID>/secrets/<name>), not to the whole vault.
func grantSecrets(ctx *pulumi.Context, prefix string, c Credential, principal pulumi.StringInput, parent pulumi.ResourceOption) error {
	granted := map[string]bool{}
	for _, id := range []string{c.UsernameSecretID, c.PasswordSecretID} {
		_, secret, _ := secretName(id) // Validate has checked it
		if granted[secret] {
			continue
		}
		granted[secret] = true
		if _, err := rbac.Assign(ctx, prefix+"-"+armName(secret)+"-reader", rbac.Assignment{
			Role:        rbac.KeyVaultSecretsUser,
			Scope:       pulumi.String(c.KeyVaultID + "/secrets/" + secret),
			PrincipalID: principal,
		}, parent); err != nil {
			return err
		}
	}
	return nil
}
