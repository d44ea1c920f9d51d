// Package plan runs a Pulumi program offline, under the real Pulumi Go SDK with mocks, and
// returns the resource graph it would register: every resource's type, name, URN, parent,
// inputs (secrets kept as secrets) and dependencies. Cloud-computed outputs (IDs, principal
// IDs, the OIDC issuer URL, public IPs) are filled with deterministic placeholders, and each
// resource lists the output keys that are placeholders so that callers can say so.
package plan

import (
	"cmp"
	"fmt"
	"slices"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registration seen by the planner.
type Resource struct {
	Type         string
	Name         string
	URN          string
	Parent       string // parent URN; empty for children of the stack
	Custom       bool   // false for ComponentResources
	ID           string
	Inputs       resource.PropertyMap
	Outputs      resource.PropertyMap
	Dependencies []string // URNs this resource depends on, as observed by the SDK, sorted
	Placeholders []string // output keys whose values the planner invented
	Provider     string
}

// Call is one provider function invocation seen by the planner.
type Call struct {
	Token        string
	Args         resource.PropertyMap
	Placeholders bool
}

// Graph is everything a program registered, in canonical order (see Run), never in the order
// of arrival: the SDK registers resources from many goroutines, so that order changes from run
// to run, and a plan that CI stores next to a pull request must be diffable.
type Graph struct {
	Project   string
	Stack     string
	Resources []*Resource
	Calls     []Call
}

// Run runs program offline as project/stack and returns the graph it registered. The error is
// the program's own error, if any; the graph holds what was registered up to that point.
//
// Resources come in canonical order: a depth-first walk of the parent tree, parents before
// their children, siblings in dependency order and otherwise by URN (under one parent, type
// then name). Calls are
// sorted by token and arguments. So the same program gives the same graph, byte for byte,
// however the SDK's goroutines were scheduled.
func Run(project, stack string, program pulumi.RunFunc) (*Graph, error) {
	rec := &recorder{graph: &Graph{Project: project, Stack: stack}}
	err := pulumi.RunErr(program, pulumi.WithMocks(project, stack, rec))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	g := rec.graph
	g.Resources = canonical(g.Resources)
	slices.SortStableFunc(g.Calls, func(a, b Call) int {
		return cmp.Or(cmp.Compare(a.Token, b.Token), cmp.Compare(fmt.Sprint(a.Args), fmt.Sprint(b.Args)))
	})
	return g, err
}

// canonical orders resources parent first, depth first. Siblings come in dependency order
// (a sibling before those that depend on it or on anything below it), ties broken by URN, so
// the order reads like the program and never depends on when a registration arrived. A
// resource whose parent was not registered (the stack itself) is a root.
func canonical(rs []*Resource) []*Resource {
	byURN := make(map[string]*Resource, len(rs))
	for _, r := range rs {
		byURN[r.URN] = r
	}
	children := map[string][]*Resource{}
	for _, r := range rs {
		parent := r.Parent
		if byURN[parent] == nil {
			parent = ""
		}
		children[parent] = append(children[parent], r)
	}
	out := make([]*Resource, 0, len(rs))
	visited := make(map[*Resource]bool, len(rs))
	var walk func(parent string)
	walk = func(parent string) {
		for _, r := range dependencyOrder(children[parent], byURN) {
			if visited[r] {
				continue // a URN registered twice: its children are listed once
			}
			visited[r] = true
			out = append(out, r)
			walk(r.URN)
		}
	}
	walk("")
	return out
}

// dependencyOrder sorts siblings so that each comes after the siblings it depends on, directly
// or through their descendants, taking the smallest URN among those that are ready.
func dependencyOrder(siblings []*Resource, byURN map[string]*Resource) []*Resource {
	in := make(map[*Resource]bool, len(siblings))
	for _, r := range siblings {
		in[r] = true
	}
	// sibling returns the sibling that urn is or lies below, or nil.
	sibling := func(urn string) *Resource {
		for r, depth := byURN[urn], 0; r != nil && depth <= len(byURN); r, depth = byURN[r.Parent], depth+1 {
			if in[r] {
				return r
			}
		}
		return nil
	}
	waitsFor := make(map[*Resource]map[*Resource]bool, len(siblings))
	for _, r := range siblings {
		for _, d := range r.Dependencies {
			if s := sibling(d); s != nil && s != r {
				if waitsFor[r] == nil {
					waitsFor[r] = map[*Resource]bool{}
				}
				waitsFor[r][s] = true
			}
		}
	}
	rest := slices.Clone(siblings)
	slices.SortStableFunc(rest, func(a, b *Resource) int { return cmp.Compare(a.URN, b.URN) })
	out := make([]*Resource, 0, len(rest))
	done := make(map[*Resource]bool, len(rest))
	for len(rest) > 0 {
		next := 0 // a cycle cannot be registered; should one appear, URN order decides
		for i, r := range rest {
			ready := true
			for d := range waitsFor[r] {
				ready = ready && done[d]
			}
			if ready {
				next = i
				break
			}
		}
		done[rest[next]] = true
		out = append(out, rest[next])
		rest = slices.Delete(rest, next, next+1)
	}
	return out
}

// recorder is the mock resource monitor; the SDK calls it from many goroutines.
type recorder struct {
	mu    sync.Mutex
	graph *Graph
}

func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	res := &Resource{
		Type:     args.TypeToken,
		Name:     args.Name,
		Custom:   args.Custom,
		Inputs:   args.Inputs,
		Provider: args.Provider,
	}
	if rpc != nil {
		res.Parent = rpc.GetParent()
		// The SDK gathers dependencies from a set: their order means nothing.
		res.Dependencies = slices.Compact(slices.Sorted(slices.Values(rpc.GetDependencies())))
	}
	res.URN = urn(r.graph.Project, r.graph.Stack, res.Parent, res.Type, res.Name)

	outputs := args.Inputs.Copy()
	id := ""
	if res.Custom {
		id = placeholderID(args)
		res.Placeholders = fillPlaceholders(args.TypeToken, args.Name, outputs)
		res.Placeholders = append([]string{"id"}, res.Placeholders...)
	}
	if rpc != nil {
		// The engine, not the SDK, marks additional secret outputs; do what it would do.
		for _, key := range rpc.GetAdditionalSecretOutputs() {
			if v, ok := outputs[resource.PropertyKey(key)]; ok && !v.IsSecret() {
				outputs[resource.PropertyKey(key)] = resource.MakeSecret(v)
			}
		}
	}
	res.ID = id
	res.Outputs = outputs

	r.mu.Lock()
	r.graph.Resources = append(r.graph.Resources, res)
	r.mu.Unlock()
	return id, outputs, nil
}

func (r *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	out, known := callPlaceholder(args)
	r.mu.Lock()
	r.graph.Calls = append(r.graph.Calls, Call{Token: args.Token, Args: args.Args, Placeholders: known})
	r.mu.Unlock()
	if !known {
		return nil, fmt.Errorf("offline planner: no placeholder for function %s", args.Token)
	}
	return out, nil
}

// urn builds the URN exactly as the SDK's mock monitor does.
func urn(project, stack, parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(stack), tokens.PackageName(project), parentType,
		tokens.Type(typ), name))
}
