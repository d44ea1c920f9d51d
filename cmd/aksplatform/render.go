package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/aksplatform/platform/internal/envplan"
	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/internal/plandiff"
	"github.com/aksplatform/platform/policy/rules"
	"github.com/aksplatform/platform/stacks"
)

// offlineNote is printed with every plan so nobody mistakes a placeholder for a real value.
const offlineNote = "OFFLINE PLAN: computed under Pulumi mocks without Azure. Resource IDs, principal and " +
	"client IDs, public IPs, OIDC issuer URLs, kubeconfigs and generated secrets are placeholders " +
	"from the offline planner, not values from Azure."

// planReport is what a plan prints: the environment's plan and verdicts, and the file it
// was read from.
type planReport struct {
	*envplan.Result
	ConfigFile string
}

var renderers = map[string]func(io.Writer, *planReport) error{
	"text":    renderText,
	"json":    renderJSON,
	"mermaid": renderMermaid,
}

func renderText(w io.Writer, r *planReport) error {
	fmt.Fprintf(w, "aks-platform plan: stack %s (%s), environment %s, %d region(s), as of %s\n",
		r.Stack, r.ConfigFile, r.Env.Kind, len(r.Env.Regions), asOf(r.Env))
	fmt.Fprintf(w, "%s\n\n", offlineNote)

	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "Warnings (%d; the plan goes on, but look at them)\n", len(r.Warnings))
		for _, p := range r.Warnings {
			fmt.Fprintf(w, "  %s\n", p)
		}
		fmt.Fprintln(w)
	}

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

// asOf is the day the plan is judged on: the environment's clock, else today.
func asOf(env *stacks.Environment) string {
	if env.Now.IsZero() {
		return time.Now().UTC().Format(todayLayout)
	}
	return env.Now.Format(todayLayout)
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
		AsOf        string          `json:"asOf"`
		Note        string          `json:"note"`
		AddressPlan []addressRow    `json:"addressPlan"`
		Resources   []jsonResource  `json:"resources"`
		Counts      map[string]int  `json:"countByType"`
		Warnings    []jsonWarning   `json:"warnings,omitempty"`
		Verdicts    []rules.Verdict `json:"policyVerdicts,omitempty"`
	}{
		Stack: r.Stack, ConfigFile: r.ConfigFile, Offline: true, AsOf: asOf(r.Env), Note: offlineNote,
		AddressPlan: addressRows(r.Env), Counts: r.Graph.CountByType(), Verdicts: r.Verdicts,
	}
	for _, p := range r.Warnings {
		doc.Warnings = append(doc.Warnings, jsonWarning{Key: p.Key, Reason: p.Reason})
	}
	for _, res := range r.Graph.Resources {
		doc.Resources = append(doc.Resources, jsonResource{
			Type: res.Type, Name: res.Name, URN: res.URN, Parent: res.Parent, Component: !res.Custom,
			Inputs: plandiff.Plain(resource.NewProperty(res.Inputs)).(map[string]any), Dependencies: res.Dependencies,
			Placeholders: res.Placeholders,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// jsonWarning is one warning in the JSON plan: the config key and why.
type jsonWarning struct {
	Key    string `json:"key"`
	Reason string `json:"reason"`
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
