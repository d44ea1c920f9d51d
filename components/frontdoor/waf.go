package frontdoor

import (
	"strings"

	"github.com/pulumi/pulumi-azure-native-sdk/cdn/v2"
	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Front Door WAF policy names are letters and digits only, starting with a letter, at most 128.
const maxPolicyNameLength = 128

// PolicyName returns the WAF policy name for a component: the letters and digits of name
// followed by "waf", prefixed with "waf" when name does not start with a letter. Autonaming
// would keep the dashes of the logical name, which Front Door WAF policies do not allow.
func PolicyName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	base := b.String()
	if base == "" || !(base[0] >= 'a' && base[0] <= 'z' || base[0] >= 'A' && base[0] <= 'Z') {
		base = "waf" + base
	}
	if len(base) > maxPolicyNameLength-3 {
		base = base[:maxPolicyNameLength-3]
	}
	return base + "waf"
}

// newWAF registers the Front Door WAF policy (same SKU as the profile; the managed default and
// bot manager rule sets only on Premium; request bodies inspected:
// https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-settings#request-body-inspection)
// and the security policy that applies it to every path of the given
// domains (the endpoint and the custom domain: a domain left out would bypass the WAF).
func newWAF(ctx *pulumi.Context, name string, s Spec, rg pulumi.StringInput, profile *cdn.Profile,
	domains []pulumi.StringOutput, tags pulumi.StringMapInput, parent pulumi.ResourceOption) error {
	var managed network.ManagedRuleSetListPtrInput
	if s.managedRules() {
		sets := network.FrontDoorManagedRuleSetArray{
			&network.FrontDoorManagedRuleSetArgs{
				RuleSetType:    pulumi.String(ManagedRuleSetType),
				RuleSetVersion: pulumi.String(ManagedRuleSetVersion),
				// Default rule set 2.x scores anomalies; Block acts on the total score.
				RuleSetAction: pulumi.String(string(network.ManagedRuleSetActionTypeBlock)),
			},
		}
		if s.botRules() {
			// Each bot rule carries its own action (bad bots blocked, good ones allowed).
			sets = append(sets, &network.FrontDoorManagedRuleSetArgs{
				RuleSetType:    pulumi.String(BotManagerRuleSetType),
				RuleSetVersion: pulumi.String(BotManagerRuleSetVersion),
			})
		}
		managed = &network.ManagedRuleSetListArgs{ManagedRuleSets: sets}
	}
	policy, err := network.NewPolicy(ctx, name+"-waf", &network.PolicyArgs{
		ResourceGroupName: rg,
		PolicyName:        pulumi.String(PolicyName(name)),
		Location:          pulumi.String(globalLocation),
		Sku:               &network.SkuArgs{Name: pulumi.String(string(s.SKU))},
		PolicySettings: &network.FrontDoorPolicySettingsArgs{
			EnabledState:     pulumi.String("Enabled"),
			Mode:             pulumi.String(string(s.WAFMode)),
			RequestBodyCheck: pulumi.String("Enabled"),
		},
		ManagedRules: managed,
		Tags:         tags,
	}, parent)
	if err != nil {
		return err
	}
	refs := make(cdn.ActivatedResourceReferenceArray, len(domains))
	for i, id := range domains {
		refs[i] = &cdn.ActivatedResourceReferenceArgs{Id: id}
	}
	_, err = cdn.NewSecurityPolicy(ctx, name+"-security", &cdn.SecurityPolicyArgs{
		ResourceGroupName: rg,
		ProfileName:       profile.Name,
		Parameters: &cdn.SecurityPolicyWebApplicationFirewallParametersArgs{
			Type:      pulumi.String("WebApplicationFirewall"),
			WafPolicy: &cdn.ResourceReferenceArgs{Id: policy.ID().ToStringOutput()},
			Associations: cdn.SecurityPolicyWebApplicationFirewallAssociationArray{
				&cdn.SecurityPolicyWebApplicationFirewallAssociationArgs{
					Domains:         refs,
					PatternsToMatch: pulumi.StringArray{pulumi.String("/*")},
				},
			},
		},
	}, parent)
	return err
}
