package network

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/aksplatform/platform/components/egress"
	"github.com/aksplatform/platform/validation"
)

// DefaultManagementEgress is what a CI runner in the hub's management subnet reaches through
// the firewall to run `pulumi up` with this Go program: Azure Resource Manager and Entra ID (the
// azure-native provider), Pulumi Cloud (state, and plugin downloads), the Go module proxy (the
// program is compiled on the runner) and GitHub (the runner service and checkouts). A runner
// of another CI service or a self-managed state backend replaces it through
// HubArgs.ManagementEgress.
// https://docs.github.com/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#communication-between-self-hosted-runners-and-github
var DefaultManagementEgress = []egress.Rule{
	{Name: "azure-resource-manager", FQDNs: []string{"management.azure.com"}, Protocol: egress.HTTPS, Port: 443,
		Reason: "the azure-native provider calls Azure Resource Manager"},
	{Name: "entra-id", FQDNs: []string{"login.microsoftonline.com"}, Protocol: egress.HTTPS, Port: 443,
		Reason: "tokens for Azure Resource Manager and for the cluster (kubelogin)"},
	{Name: "pulumi-cloud", FQDNs: []string{"api.pulumi.com", "get.pulumi.com"}, Protocol: egress.HTTPS, Port: 443,
		Reason: "Pulumi state and provider plugin downloads"},
	{Name: "go-modules", FQDNs: []string{"proxy.golang.org", "sum.golang.org"}, Protocol: egress.HTTPS, Port: 443,
		Reason: "the Pulumi program is compiled on the runner"},
	{Name: "github", FQDNs: []string{"*.actions.githubusercontent.com", "api.github.com", "codeload.github.com", "github.com", "objects.githubusercontent.com"},
		Protocol: egress.HTTPS, Port: 443, Reason: "the self-hosted runner service and checkouts"},
}

// fqdnPattern is a host name Azure Firewall application rules accept as a target FQDN: labels
// of letters, digits and hyphens (not at either end), at least two of them, the last starting
// with a letter, optionally behind one leading "*." that matches any subdomain.
var fqdnPattern = regexp.MustCompile(`^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// validFQDN reports whether s is a well-formed target FQDN of at most 253 characters.
func validFQDN(s string) bool { return len(s) <= 253 && fqdnPattern.MatchString(s) }

// checkRules records at key[i].field every problem of firewall application rules built from
// egress declarations: a unique name, at least one well-formed FQDN (a bare "*" would open the
// firewall to the whole Internet and defeat the point of forcing egress through it), the
// protocol Http or Https (the application-rule protocols for FQDN targets; Mssql needs SQL
// targets) and a port 1-65535.
// https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules
// https://learn.microsoft.com/azure/aks/outbound-rules-control-egress
func checkRules(ps *validation.Problems, key string, rules []egress.Rule) {
	seen := map[string]int{}
	for i, r := range rules {
		k := validation.Index(key, i)
		switch j, dup := seen[r.Name]; {
		case strings.TrimSpace(r.Name) == "":
			ps.Addf(k+".name", "is required")
		case dup:
			ps.Addf(k+".name", "%q is already %s; rule names are unique in a firewall policy", r.Name, validation.Index(key, j))
		default:
			seen[r.Name] = i
		}
		if len(r.FQDNs) == 0 {
			ps.Addf(k+".fqdns", "needs at least one FQDN")
		}
		for j, f := range r.FQDNs {
			fk := validation.Index(k+".fqdns", j)
			switch {
			case f == "*":
				ps.Addf(fk, "\"*\" alone allows every destination; list the host names")
			case !validFQDN(f):
				ps.Addf(fk, "%q is not a host name such as github.com or *.github.com", f)
			}
		}
		if r.Protocol != egress.HTTP && r.Protocol != egress.HTTPS {
			ps.Addf(k+".protocol", "%q is not an application-rule protocol; use %s or %s", r.Protocol, egress.HTTPS, egress.HTTP)
		}
		if r.Port < 1 || r.Port > 65535 {
			ps.Addf(k+".port", "%d is not a port (1-65535)", r.Port)
		}
	}
}

// sortedRules returns a copy of rules sorted by name, each with its FQDNs sorted and without
// repeats, so that the firewall policy is the same whatever order the components declared
// their needs in. The caller's slices are not modified.
func sortedRules(rules []egress.Rule) []egress.Rule {
	out := slices.Clone(rules)
	for i := range out {
		out[i].FQDNs = slices.Compact(slices.Sorted(slices.Values(out[i].FQDNs)))
	}
	slices.SortStableFunc(out, func(a, b egress.Rule) int { return cmp.Compare(a.Name, b.Name) })
	return out
}
