package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Resource types the secret-handling rules look at.
const (
	typeRandomPassword      = "random:index/randomPassword:RandomPassword"
	typeHelmRelease         = "kubernetes:helm.sh/v3:Release"
	typeHelmChartV4         = "kubernetes:helm.sh/v4:Chart"
	typeServiceAccount      = "kubernetes:core/v1:ServiceAccount"
	typeFederatedCredential = "azure-native:managedidentity:FederatedIdentityCredential"
)

// Workload identity label and annotation (azure-workload-identity).
const (
	wiUseLabel           = "azure.workload.identity/use"
	wiClientIDAnnotation = "azure.workload.identity/client-id"
)

func secretRules() []Rule {
	return []Rule{
		{
			Name:        "keyvault-secret-value-secret",
			Description: "A Key Vault secret's value is a Pulumi secret, never plain text in state or logs.",
			Level:       Mandatory, Severity: Critical, Types: []string{typeVaultSecret},
			Check: checkVaultSecretValue,
		},
		{
			Name: "generated-password-secret",
			Description: "Generated passwords stay secret: a RandomPassword's result, and every property " +
				"that takes its value, are Pulumi secrets.",
			Level: Mandatory, Severity: Critical, Types: nil,
			CheckStack: checkGeneratedPasswords,
		},
		{
			Name:        "helm-chart-version-pinned",
			Description: "Helm releases pin an exact chart version, so a deployment is reproducible.",
			Level:       Mandatory, Severity: Medium, Types: []string{typeHelmRelease, typeHelmChartV4},
			Check: checkHelmVersion,
		},
		{
			Name: "workload-identity-service-account",
			Description: "ServiceAccounts used for workload identity (labelled azure.workload.identity/use, or " +
				"named by a federated identity credential) carry the azure.workload.identity/client-id annotation.",
			Level: Mandatory, Severity: High, Types: []string{typeServiceAccount, typeFederatedCredential},
			CheckStack: checkWorkloadIdentitySA,
		},
	}
}

func checkVaultSecretValue(r Resource, _ Settings) []string {
	f := r.get("properties.value")
	if f.unknown || !f.present || f.secret() {
		return nil
	}
	return []string{"properties.value is plain text; wrap it with pulumi.ToSecret (or pass a secret output)"}
}

func checkGeneratedPasswords(rs []Resource, _ Settings) []Finding {
	passwords := map[string]string{} // URN -> name
	var out []Finding
	for _, r := range rs {
		if r.Type != typeRandomPassword {
			continue
		}
		passwords[r.URN] = r.Name
		if f := r.get("result"); f.present && !f.secret() {
			out = append(out, Finding{URN: r.URN, Message: "result is not secret"})
		}
	}
	if len(passwords) == 0 {
		return out
	}
	for _, r := range rs {
		if r.Type == typeRandomPassword {
			continue
		}
		if len(r.PropertyDependencies) > 0 {
			for _, key := range sortedKeys(r.PropertyDependencies) {
				pw := firstPassword(r.PropertyDependencies[key], passwords)
				if pw == "" {
					continue
				}
				f := r.get(key)
				if f.present && !f.secret() && !f.v.HasComputed() {
					out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
						"%s takes the value of random password %s but is plain text", key, pw)})
				}
			}
			continue
		}
		// Without per-property dependencies (the offline plan), a resource that depends on a
		// password must hold a secret somewhere.
		pw := firstPassword(r.Dependencies, passwords)
		if pw == "" || r.Properties.HasSecrets() || r.Properties.HasComputed() || r.Properties.Len() == 0 {
			continue
		}
		out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
			"depends on random password %s but none of its properties is secret", pw)})
	}
	return out
}

func firstPassword(urns []string, passwords map[string]string) string {
	for _, u := range urns {
		if name, ok := passwords[u]; ok {
			return name
		}
	}
	return ""
}

func checkHelmVersion(r Resource, _ Settings) []string {
	chart, chartKnown := r.get("chart").str()
	if chartKnown && isLocalChart(chart) {
		return nil // a chart from the repository is pinned by the commit
	}
	version, known := r.get("version").str()
	if !known {
		return nil
	}
	version = strings.TrimSpace(version)
	switch {
	case version == "":
		return []string{fmt.Sprintf("chart %s has no version; pin an exact chart version", quoteOrUnset(chart))}
	case strings.EqualFold(version, "latest") || strings.ContainsAny(version, "*^~<>| ") ||
		strings.HasPrefix(version, "=") || slices.ContainsFunc(strings.Split(version, "."),
		func(seg string) bool { return strings.EqualFold(seg, "x") }):
		return []string{fmt.Sprintf("chart version %q is a range; pin an exact version", version)}
	}
	return nil
}

func isLocalChart(chart string) bool {
	return strings.HasPrefix(chart, "./") || strings.HasPrefix(chart, "../") || strings.HasPrefix(chart, "/") ||
		strings.HasSuffix(chart, ".tgz")
}

func checkWorkloadIdentitySA(rs []Resource, _ Settings) []Finding {
	// Subjects named by federated identity credentials: system:serviceaccount:<ns>:<name>.
	var subjects []string
	for _, r := range rs {
		if r.Type == typeFederatedCredential {
			if s, known := r.get("subject").str(); known && s != "" {
				subjects = append(subjects, s)
			}
		}
	}
	var out []Finding
	for _, r := range rs {
		if r.Type != typeServiceAccount {
			continue
		}
		labels, lKnown := r.get("metadata.labels").object()
		annotations, aKnown := r.get("metadata.annotations").object()
		if !lKnown || !aKnown {
			continue
		}
		use := false
		if v, ok := labels[wiUseLabel]; ok {
			s, known := elem(v).str()
			use = !known || strings.EqualFold(s, "true")
		}
		name, nameKnown := r.get("metadata.name").str()
		ns, nsKnown := r.get("metadata.namespace").str()
		if ns == "" {
			ns = "default"
		}
		federated := nameKnown && nsKnown && name != "" &&
			slices.Contains(subjects, "system:serviceaccount:"+ns+":"+name)
		if !use && !federated {
			continue
		}
		if v, ok := annotations[wiClientIDAnnotation]; ok {
			if s, known := elem(v).str(); !known || s != "" {
				continue
			}
		}
		why := "is labelled " + wiUseLabel + "=true"
		if federated {
			why = "is the subject of a federated identity credential"
		}
		out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
			"ServiceAccount %s %s but has no %s annotation", r.Name, why, wiClientIDAnnotation)})
	}
	return out
}
