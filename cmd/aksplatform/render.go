package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/aksplatform/platform/components/aks"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

// offlineNote is printed with every plan so nobody mistakes a placeholder for a real value.
const offlineNote = "OFFLINE PLAN: computed under Pulumi mocks without Azure. Resource IDs, principal and " +
	"client IDs, public IPs, OIDC issuer URLs, kubeconfigs and generated secrets are placeholders " +
	"from the offline planner, not values from Azure."

type planReport struct {
	Stack        string
	ConfigFile   string
	Env          *stacks.Environment
	Graph        *plan.Graph
	PolicyRan    bool
	PolicyConfig string
	Verdicts     []rules.Verdict
}

var renderers = map[string]func(io.Writer, *planReport) error{
	"text":    renderText,
	"json":    renderJSON,
	"mermaid": renderMermaid,
}

// keySettings lists, per resource type, the inputs worth showing in the tree.
var keySettings = map[string][]string{
	"azure-native:resources:ResourceGroup":              {"location"},
	"azure-native:network:VirtualNetwork":               {"addressSpace.addressPrefixes"},
	"azure-native:network:Subnet":                       {"addressPrefix"},
	"azure-native:network:AzureFirewall":                {"sku.tier", "zones"},
	"azure-native:network:RouteTable":                   {"routes"},
	"azure-native:network:ApplicationGateway":           {"sku.name", "autoscaleConfiguration", "zones"},
	"azure-native:network:WebApplicationFirewallPolicy": {"policySettings.mode"},
	aks.ManagedClusterType: {"kubernetesVersion", "networkProfile.networkPlugin",
		"agentPoolProfiles[0].vmSize", "agentPoolProfiles[0].minCount", "agentPoolProfiles[0].maxCount",
		"agentPoolProfiles[0].availabilityZones", "apiServerAccessProfile.enablePrivateCluster",
		"networkProfile.networkPluginMode", "networkProfile.outboundType", "autoUpgradeProfile.upgradeChannel"},
	aks.AgentPoolType:                           {"vmSize", "mode", "minCount", "maxCount", "availabilityZones"},
	"azure-native:containerregistry:Registry":   {"sku.name", "publicNetworkAccess"},
	"azure-native:keyvault:Vault":               {"properties.enableRbacAuthorization", "properties.enablePurgeProtection", "properties.publicNetworkAccess"},
	"azure-native:keyvault:Secret":              {"secretName", "properties.value"},
	"azure-native:authorization:RoleAssignment": {"description"},
	"kubernetes:helm.sh/v3:Release":             {"chart", "version", "namespace"},
	"kubernetes:core/v1:ServiceAccount":         {"metadata.namespace", "metadata.annotations"},
}

func renderText(w io.Writer, r *planReport) error {
	fmt.Fprintf(w, "aks-platform plan: stack %s (%s), environment %s, %d region(s)\n",
		r.Stack, r.ConfigFile, r.Env.Kind, len(r.Env.Regions))
	fmt.Fprintf(w, "%s\n\n", offlineNote)

	fmt.Fprintln(w, "Address plan")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  REGION\tVNET\tSUBNET\tCIDR\tUSABLE\tHOLDS")
	for _, row := range addressRows(r.Env) {
		usable := "-"
		if row.Usable > 0 {
			usable = fmt.Sprint(row.Usable)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", row.Region, row.VNet, row.Subnet, row.CIDR, usable, row.Holds)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nResources (%d; * marks components)\n", len(r.Graph.Resources))
	printTree(w, r.Graph, "", "  ")

	fmt.Fprintln(w, "\nCount by type")
	counts := r.Graph.CountByType()
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Strings(types)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, t := range types {
		fmt.Fprintf(tw, "  %s\t%d\n", t, counts[t])
	}
	tw.Flush()

	if r.PolicyRan {
		fmt.Fprintf(w, "\nPolicy verdicts (aks-platform-guardrails; config %s)\n", orDefault(r.PolicyConfig, "defaults"))
		if len(r.Verdicts) == 0 {
			fmt.Fprintln(w, "  no violations")
		}
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, v := range r.Verdicts {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", v.Level, v.Policy, v.Name, v.Message)
		}
		tw.Flush()
		fmt.Fprintf(w, "  %s\n", verdictSummary(r.Verdicts))
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func verdictSummary(vs []rules.Verdict) string {
	counts := map[string]int{}
	for _, v := range vs {
		counts[string(v.Level)]++
	}
	return fmt.Sprintf("%d mandatory, %d advisory violation(s)", counts["mandatory"], counts["advisory"])
}

func printTree(w io.Writer, g *plan.Graph, parent, indent string) {
	for _, res := range g.Children(parent) {
		mark := " "
		if !res.Custom {
			mark = "*"
		}
		fmt.Fprintf(w, "%s%s %s  %s%s\n", indent, mark, res.Name, res.Type, settings(res))
		printTree(w, g, res.URN, indent+"    ")
	}
}

func settings(res *plan.Resource) string {
	var parts []string
	for _, path := range keySettings[res.Type] {
		v, ok := res.Input(path)
		if !ok {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s=%s", path, show(v, res.InputIsSecret(path))))
	}
	if len(parts) == 0 {
		return ""
	}
	return "  [" + strings.Join(parts, " ") + "]"
}

// show renders an input compactly; secrets never print.
func show(v resource.PropertyValue, secret bool) string {
	if secret {
		return "[secret]"
	}
	b, err := json.Marshal(plain(v))
	if err != nil {
		return v.String()
	}
	return strings.Trim(string(b), `"`)
}

// plain converts a property value to JSON-able Go values, hiding secrets and marking unknowns.
func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return "[secret]"
	case v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known):
		return "[unknown until deployed]"
	case v.IsOutput():
		return plain(v.OutputValue().Element)
	case v.IsObject():
		m := map[string]any{}
		for k, e := range v.ObjectValue() {
			m[string(k)] = plain(e)
		}
		return m
	case v.IsArray():
		out := make([]any, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			out[i] = plain(e)
		}
		return out
	case v.IsResourceReference():
		return v.ResourceReferenceValue().URN
	case v.IsNull():
		return nil
	}
	return v.V
}

func renderJSON(w io.Writer, r *planReport) error {
	type jsonResource struct {
		Type         string         `json:"type"`
		Name         string         `json:"name"`
		URN          string         `json:"urn"`
		Parent       string         `json:"parent,omitempty"`
		Component    bool           `json:"component"`
		Inputs       map[string]any `json:"inputs"`
		Dependencies []string       `json:"dependencies,omitempty"`
		Placeholders []string       `json:"placeholderOutputs,omitempty"`
	}
	doc := struct {
		Stack       string          `json:"stack"`
		ConfigFile  string          `json:"configFile"`
		Offline     bool            `json:"offline"`
		Note        string          `json:"note"`
		AddressPlan []addressRow    `json:"addressPlan"`
		Resources   []jsonResource  `json:"resources"`
		Counts      map[string]int  `json:"countByType"`
		Verdicts    []rules.Verdict `json:"policyVerdicts,omitempty"`
	}{
		Stack: r.Stack, ConfigFile: r.ConfigFile, Offline: true, Note: offlineNote,
		AddressPlan: addressRows(r.Env), Counts: r.Graph.CountByType(), Verdicts: r.Verdicts,
	}
	for _, res := range r.Graph.Resources {
		doc.Resources = append(doc.Resources, jsonResource{
			Type: res.Type, Name: res.Name, URN: res.URN, Parent: res.Parent, Component: !res.Custom,
			Inputs: plain(resource.NewProperty(res.Inputs)).(map[string]any), Dependencies: res.Dependencies,
			Placeholders: res.Placeholders,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func renderMermaid(w io.Writer, r *planReport) error {
	fmt.Fprintf(w, "%%%% aks-platform stack %s: components (offline plan; placeholder cloud values)\n", r.Stack)
	fmt.Fprintln(w, "flowchart TD")
	ids := map[string]string{}
	for _, res := range r.Graph.Resources {
		if res.Custom {
			continue
		}
		id := fmt.Sprintf("c%d", len(ids))
		ids[res.URN] = id
		fmt.Fprintf(w, "  %s[\"%s<br/><small>%s</small><br/><small>%d resources</small>\"]\n",
			id, res.Name, res.Type, countCustom(r.Graph, res.URN))
	}
	for _, res := range r.Graph.Resources {
		if res.Custom {
			continue
		}
		if p, ok := ids[res.Parent]; ok {
			fmt.Fprintf(w, "  %s --> %s\n", p, ids[res.URN])
		}
	}
	return nil
}

// countCustom counts the custom resources directly under a component.
func countCustom(g *plan.Graph, urn string) int {
	n := 0
	for _, c := range g.Children(urn) {
		if c.Custom {
			n++
		}
	}
	return n
}
