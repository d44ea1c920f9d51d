package rules

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Resource types the storage and Helm-values rules look at.
const (
	typeStorageAccount = "azure-native:storage:StorageAccount"
	typeArgoCDApp      = "kubernetes:argoproj.io/v1alpha1:Application"
)

func storageRules() []Rule {
	return []Rule{
		{
			// Azure Policy: "Storage accounts should prevent shared key access".
			// https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
			Name: "storage-shared-key-disabled",
			Description: "Storage accounts refuse shared key (account key and SAS) authorization " +
				"(allowSharedKeyAccess: false): every client signs in with Entra ID.",
			Level: Mandatory, Severity: High, Types: []string{typeStorageAccount},
			Check: boolCheck(true, false, "allowSharedKeyAccess"),
		},
		{
			// Azure Policy: "Storage accounts should disable public network access".
			// https://learn.microsoft.com/azure/storage/common/storage-network-security
			Name: "storage-public-network-disabled",
			Description: "In production, storage accounts disable public network access " +
				"(publicNetworkAccess: Disabled) and are reached through private endpoints.",
			Level: Mandatory, Severity: High, Types: []string{typeStorageAccount}, ProdOnly: true,
			Check: checkStoragePublicNetwork,
		},
		{
			// The generated-password rule follows passwords that Pulumi generates; this one
			// catches the credential someone typed into Helm values (a release's values, or an
			// Argo CD Application's helm.valuesObject or helm.values) as a plain string.
			Name: "helm-values-no-literal-secrets",
			Description: "Helm values (Helm releases and Argo CD Applications) hold no plain-text password, " +
				"token, client secret or key: reference a Kubernetes or Key Vault secret instead, or pass a Pulumi secret.",
			Level: Mandatory, Severity: Critical, Types: []string{typeHelmRelease, typeHelmChartV4, typeArgoCDApp},
			Check: checkHelmValueSecrets,
		},
	}
}

func checkStoragePublicNetwork(r Resource, _ Settings) []string {
	access, known := r.get("publicNetworkAccess").str()
	switch {
	case !known:
		return nil
	case !r.get("publicNetworkAccess").present:
		return []string{"publicNetworkAccess is unset (defaults to Enabled); set it to Disabled and use a private endpoint"}
	case !strings.EqualFold(access, "Disabled"):
		return []string{fmt.Sprintf("publicNetworkAccess is %q; set it to Disabled and use a private endpoint", access)}
	}
	return nil
}

// sensitiveKey matches value names that hold a credential; referenceKey those that only name
// where one is (existingSecret, passwordSecretRef, adminPassword__FILE, secretName, ...).
var (
	sensitiveKey = regexp.MustCompile(`(?i)(password|passwd|secret|token|api_?key|account_?key|private_?key|credentials?)$`)
	referenceKey = regexp.MustCompile(`(?i)(existing|__file$|ref$|name$|path$|class$)`)
)

// valuePaths are where a resource of each type keeps Helm values.
var valuePaths = map[string][]string{
	typeHelmRelease: {"values"},
	typeHelmChartV4: {"values"},
	typeArgoCDApp:   {"spec.source.helm.valuesObject", "spec.source.helm.values"},
}

func checkHelmValueSecrets(r Resource, _ Settings) []string {
	var out []string
	for _, p := range valuePaths[r.Type] {
		f := r.get(p)
		if !f.present || f.unknown || f.secret() {
			continue
		}
		if s, ok := f.str(); ok { // helm.values is YAML text
			for _, m := range literalInYAML.FindAllStringSubmatch(s, -1) {
				if !referenceKey.MatchString(m[1]) {
					out = append(out, fmt.Sprintf("%s sets %s to a literal; reference a secret instead", p, m[1]))
				}
			}
			continue
		}
		for _, key := range literalSecrets(f.v, p) {
			out = append(out, fmt.Sprintf("%s is a plain-text credential; reference a Kubernetes or Key Vault secret, or pass a Pulumi secret", key))
		}
	}
	return out
}

// literalInYAML finds `<sensitive key>: <non-empty scalar>` in helm.values text.
var literalInYAML = regexp.MustCompile(`(?im)^\s*([A-Za-z0-9_]*(?:password|passwd|secret|token|apikey|api_key|accountkey|account_key|privatekey|private_key)):\s*["']?[^\s"'{}\[\]#$][^#\n]*$`)

// literalSecrets lists the paths under v whose key names a credential and whose value is a
// known, non-empty, non-secret string.
func literalSecrets(v property.Value, path string) []string {
	var out []string
	switch {
	case v.Secret() || v.IsComputed():
	case v.IsMap():
		m := v.AsMap().AsMap()
		for _, k := range slices.Sorted(maps.Keys(m)) {
			e, sub := m[k], path+"."+k
			if e.IsString() && !e.Secret() && e.AsString() != "" && sensitiveKey.MatchString(k) && !referenceKey.MatchString(k) {
				out = append(out, sub)
				continue
			}
			out = append(out, literalSecrets(e, sub)...)
		}
	case v.IsArray():
		for i, e := range v.AsArray().AsSlice() {
			out = append(out, literalSecrets(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}
