package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/aksplatform/platform/validation"
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

// generated is a RandomPassword as the stack rule sees it; value is "" until the result is known.
type generated struct{ name, value string }

func checkGeneratedPasswords(rs []Resource, _ Settings) []Finding {
	passwords := map[string]generated{} // by URN
	var out []Finding
	for _, r := range rs {
		if r.Type != typeRandomPassword {
			continue
		}
		f := r.get("result")
		value, _ := f.str()
		passwords[r.URN] = generated{name: r.Name, value: value}
		if f.present && !f.secret() {
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
			for _, key := range slices.Sorted(maps.Keys(r.PropertyDependencies)) {
				pw, ok := firstPassword(r.PropertyDependencies[key], passwords)
				if ok && leaks(r.get(key), pw.value) {
					out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
						"%s takes the value of random password %s but is plain text", key, pw.name)})
				}
			}
			continue
		}
		// Without per-property dependencies (the offline plan), a resource that depends on a
		// password must hold a secret somewhere.
		pw, ok := firstPassword(r.Dependencies, passwords)
		if !ok || r.Properties.HasSecrets() || r.Properties.HasComputed() || r.Properties.Len() == 0 {
			continue
		}
		out = append(out, Finding{URN: r.URN, Message: fmt.Sprintf(
			"depends on random password %s but none of its properties is secret", pw.name)})
	}
	return out
}

// leaks reports whether property f, which takes a password's value, exposes it. With the
// password's value known (the engine sends a stack rule outputs), only a plain-text copy of it
// counts: a resource's outputs may leave the value out altogether (Azure never returns a Key
// Vault secret's value), which is no leak. Otherwise a known property with nothing secret in it
// is taken for a plain copy.
func leaks(f field, value string) bool {
	if !f.present {
		return false
	}
	if value != "" {
		return holdsPlain(f.v, value)
	}
	return !f.secret() && !f.v.HasComputed()
}

// holdsPlain reports whether v holds value in a string that is not secret.
func holdsPlain(v property.Value, value string) bool {
	switch {
	case v.Secret():
		return false
	case v.IsString():
		return strings.Contains(v.AsString(), value)
	case v.IsArray():
		return slices.ContainsFunc(v.AsArray().AsSlice(), func(e property.Value) bool { return holdsPlain(e, value) })
	case v.IsMap():
		for _, e := range v.AsMap().AsMap() {
			if holdsPlain(e, value) {
				return true
			}
		}
	}
	return false
}

func firstPassword(urns []string, passwords map[string]generated) (generated, bool) {
	for _, u := range urns {
		if pw, ok := passwords[u]; ok {
			return pw, true
		}
	}
	return generated{}, false
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
	case !validation.IsPinnedVersion(version):
		// Helm reads anything but a full semver as a constraint: "7.7" means ~7.7, so it moves.
		return []string{fmt.Sprintf("chart version %q is a range, a partial version or a tag; pin an exact "+
			"version such as 1.2.3", version)}
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
			// A label still unknown during a preview may yet say "false": no violation from it.
			s, known := elem(v).str()
			use = known && strings.EqualFold(s, "true")
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
