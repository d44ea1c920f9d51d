package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aksplatform/platform/components/keyvault/lifetime"
)

// dataSecurityRules guard the data the platform keeps: Key Vault's firewall and secret
// lifetimes, and what may leave the container registry. Each encodes a Microsoft cloud security
// benchmark built-in that is decidable from the resource's inputs.
func dataSecurityRules() []Rule {
	registry := []string{typeRegistry}
	return []Rule{
		{
			// Built-in "Key Vault secrets should have an expiration date".
			// https://learn.microsoft.com/azure/key-vault/secrets/about-secrets
			Name: "keyvault-secret-expiry",
			Description: "Key Vault secrets carry an expiry (properties.attributes.expires) and, where they " +
				"declare a rotation date (tag " + lifetime.RotateAfterTag + "), it comes after that date.",
			Level: Mandatory, Severity: High, Types: []string{typeVaultSecret},
			Check: checkSecretExpiry,
		},
		{
			// Built-in "Azure Key Vault should have firewall enabled or public network access
			// disabled"; stricter: the default action is Deny even behind a disabled endpoint,
			// so that enabling public access never opens the vault.
			// https://learn.microsoft.com/azure/key-vault/general/network-security
			Name: "keyvault-firewall-default-deny",
			Description: "Key Vault firewalls deny by default (properties.networkAcls.defaultAction: Deny) in " +
				"every environment; only listed ranges, networks and private endpoints reach the vault.",
			Level: Mandatory, Severity: High, Types: []string{typeVault},
			Check: checkVaultDefaultDeny,
		},
		{
			// Built-in "Container registries should have exports disabled".
			// https://learn.microsoft.com/azure/container-registry/data-loss-prevention
			Name: "acr-export-disabled",
			Description: "In production, container registries disable exports (policies.exportPolicy.status: " +
				"disabled, with publicNetworkAccess Disabled), so images cannot be copied out with acr import or transfer.",
			Level: Mandatory, Severity: High, Types: registry, ProdOnly: true,
			Check: checkRegistryExport,
		},
		{
			// Built-in "Container registries should have anonymous authentication disabled".
			// https://learn.microsoft.com/azure/container-registry/anonymous-pull-access
			Name:        "acr-anonymous-pull-disabled",
			Description: "Container registries keep anonymous pull off (anonymousPullEnabled unset or false).",
			Level:       Mandatory, Severity: High, Types: registry,
			Check: boolCheck(false, false, "anonymousPullEnabled"),
		},
		{
			// No built-in; Microsoft's registry best practice. Premium only, so other tiers pass.
			// https://learn.microsoft.com/azure/container-registry/container-registry-retention-policy
			Name: "acr-untagged-retention",
			Description: "Premium container registries delete untagged manifests after a retention period " +
				"(policies.retentionPolicy.status: enabled); other tiers do not offer it.",
			Level: Mandatory, Severity: Low, Types: registry,
			Check: checkRegistryRetention,
		},
	}
}

func checkSecretExpiry(r Resource, _ Settings) []string {
	secs, set, known := r.get(lifetime.ExpiresProperty).number()
	if !known {
		return nil
	}
	if !set {
		return []string{lifetime.ExpiresProperty + " is unset: the secret never expires; give it an expiry after its rotation"}
	}
	// The rule does not compare the expiry with today: the offline plan is made for a given
	// day (--today), and a verdict must not change with the day it is read.
	expires := time.Unix(int64(secs), 0).UTC()
	var out []string
	tags, _ := r.get("tags").object()
	if v, ok := mapKeyFold(tags, lifetime.RotateAfterTag); ok {
		if date, known := elem(v).str(); known {
			rotate, err := time.Parse(time.DateOnly, date)
			switch {
			case err != nil:
				out = append(out, fmt.Sprintf("tag %s is %q, not a date (YYYY-MM-DD)", lifetime.RotateAfterTag, date))
			case !expires.After(rotate):
				out = append(out, fmt.Sprintf("the secret expires on %s, on or before its rotation on %s: readers would hold an "+
					"expired secret until it is regenerated", expires.Format(time.DateOnly), date))
			}
		}
	}
	return out
}

func checkVaultDefaultDeny(r Resource, _ Settings) []string {
	action, known := r.get("properties.networkAcls.defaultAction").str()
	if !known || strings.EqualFold(action, "Deny") {
		return nil
	}
	return []string{"properties.networkAcls.defaultAction must be Deny, is " + orAzureDefault(action, "Allow")}
}

func checkRegistryExport(r Resource, _ Settings) []string {
	export, known := r.get("policies.exportPolicy.status").str()
	if !known || strings.EqualFold(export, "disabled") {
		return nil
	}
	return []string{fmt.Sprintf("policies.exportPolicy.status must be disabled, is %s; Azure allows it on Premium "+
		"with publicNetworkAccess Disabled", orAzureDefault(export, "enabled"))}
}

func checkRegistryRetention(r Resource, _ Settings) []string {
	sku, skuKnown := r.get("sku.name").str()
	if !skuKnown || !strings.EqualFold(sku, "Premium") {
		return nil
	}
	retention, known := r.get("policies.retentionPolicy.status").str()
	if !known || strings.EqualFold(retention, "enabled") {
		return nil
	}
	return []string{"policies.retentionPolicy.status must be enabled on a Premium registry, is " +
		orAzureDefault(retention, "disabled")}
}

// orAzureDefault quotes a property's value, or says which default Azure applies when unset.
func orAzureDefault(v, def string) string {
	if v == "" {
		return "unset (defaults to " + def + ")"
	}
	return strconv.Quote(v)
}
