package network

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/internal/plan"
)

// collection returns the index of the rule collection named name in the group, or -1.
func collection(rules *plan.Resource, name string) int {
	for i := 0; ; i++ {
		n, ok := rules.Input(fmt.Sprintf("ruleCollections[%d].name", i))
		if !ok {
			return -1
		}
		if n.StringValue() == name {
			return i
		}
	}
}

// appRule is the part of a firewall application rule the tests compare.
type appRule struct {
	name, protocol string
	port           int
	fqdns, sources []string
}

// appRules returns the application rules of the named rule collection.
func appRules(t *testing.T, rules *plan.Resource, name string) []appRule {
	t.Helper()
	c := collection(rules, name)
	require.GreaterOrEqual(t, c, 0, "rule collection %s", name)
	var out []appRule
	for i := 0; ; i++ {
		p := fmt.Sprintf("ruleCollections[%d].rules[%d]", c, i)
		if _, ok := rules.Input(p); !ok {
			return out
		}
		require.Equal(t, "ApplicationRule", rules.String(p+".ruleType"))
		out = append(out, appRule{rules.String(p + ".name"), rules.String(p + ".protocols[0].protocolType"),
			num(rules, p+".protocols[0].port"), strs(rules, p+".targetFqdns"), strs(rules, p+".sourceAddresses")})
	}
}

// TestHubEgressRules checks that the firewall allows exactly what the components declared, from
// the node subnets only, in a fixed order, and never a rule for an image registry.
func TestHubEgressRules(t *testing.T) {
	nodes := []netip.Prefix{netip.MustParsePrefix("10.1.0.0/17")}
	declared := egress.Merge(
		egress.Needs{
			Images: []egress.Image{{Registry: "quay.io", Repository: "jetstack/cert-manager-controller"}},
			Rules: []egress.Rule{{Name: "acme", FQDNs: []string{"acme-v02.api.letsencrypt.org"}, Protocol: egress.HTTPS, Port: 443,
				Reason: "cert-manager orders certificates"}},
		},
		egress.Needs{
			Images: []egress.Image{{Registry: "ghcr.io", Repository: "argoproj/argocd"}},
			Rules:  []egress.Rule{{Name: "gitops-git", FQDNs: []string{"github.com", "*.github.com"}, Protocol: egress.HTTPS, Port: 443}},
		},
	)
	// The same rules declared in another order make the same policy.
	shuffled := egress.Needs{Images: declared.Images, Rules: []egress.Rule{declared.Rules[1], declared.Rules[0]}}
	shuffled.Rules[0].FQDNs = []string{"github.com", "*.github.com"}
	for name, needs := range map[string]egress.Needs{"merged": declared, "shuffled": shuffled} {
		t.Run(name, func(t *testing.T) {
			args := hubArgs(t)
			args.Firewall, args.Egress, args.EgressSources = true, needs, nodes
			g, _ := planHub(t, args)
			rules := only(t, g, tRuleGroup)
			c := collection(rules, "platform-egress")
			require.Equal(t, PriorityPlatformEgress, num(rules, fmt.Sprintf("ruleCollections[%d].priority", c)))
			require.Equal(t, "Allow", rules.String(fmt.Sprintf("ruleCollections[%d].action.type", c)))
			require.Equal(t, []appRule{
				{"acme", "Https", 443, []string{"acme-v02.api.letsencrypt.org"}, []string{"10.1.0.0/17"}},
				{"gitops-git", "Https", 443, []string{"*.github.com", "github.com"}, []string{"10.1.0.0/17"}},
			}, appRules(t, rules, "platform-egress"))

			var all []string
			for i := 0; i < 4; i++ {
				for j := 0; j < 10; j++ {
					all = append(all, strs(rules, fmt.Sprintf("ruleCollections[%d].rules[%d].targetFqdns", i, j))...)
				}
			}
			for _, registry := range []string{"quay.io", "ghcr.io", "docker.io", "registry.k8s.io"} {
				require.NotContains(t, all, registry, "images come through the registry's cache, not the firewall")
			}
		})
	}

	t.Run("management egress from the management subnet only", func(t *testing.T) {
		args := hubArgs(t)
		args.Firewall = true
		g, _ := planHub(t, args)
		rules := only(t, g, tRuleGroup)
		require.Equal(t, -1, collection(rules, "platform-egress"), "no empty collection")
		got := appRules(t, rules, "management-egress")
		require.Len(t, got, len(DefaultManagementEgress))
		for _, r := range got {
			require.Equal(t, []string{args.Plan.Management.Prefix.String()}, r.sources, r.name)
		}
		require.Equal(t, "azure-resource-manager", got[0].name, "sorted by name")
		require.Equal(t, []string{"management.azure.com"}, got[0].fqdns)
	})
}
