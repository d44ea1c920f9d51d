// Package plan runs a Pulumi program offline, under the real Pulumi Go SDK with mocks, and
// returns the resource graph it would register: every resource's type, name, URN, parent,
// inputs (secrets kept as secrets) and dependencies. Cloud-computed outputs (IDs, principal
// IDs, the OIDC issuer URL, public IPs) are filled with deterministic placeholders, and each
// resource lists the output keys that are placeholders so that callers can say so.
package plan

import (
	"fmt"
	"sort"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Resource is one registration seen by the planner.
type Resource struct {
	Seq          int
	Type         string
	Name         string
	URN          string
	Parent       string // parent URN; empty for children of the stack
	Custom       bool   // false for ComponentResources
	ID           string
	Inputs       resource.PropertyMap
	Outputs      resource.PropertyMap
	Dependencies []string // URNs this resource depends on, as observed by the SDK
	Placeholders []string // output keys whose values the planner invented
	Provider     string
}

// Call is one provider function invocation seen by the planner.
type Call struct {
	Token        string
	Args         resource.PropertyMap
	Placeholders bool
}

// Graph is everything a program registered, in registration order.
type Graph struct {
	Project   string
	Stack     string
	Resources []*Resource
	Calls     []Call
}

// Run runs program offline as project/stack and returns the graph it registered. The error is
// the program's own error, if any; the graph holds what was registered up to that point.
func Run(project, stack string, program pulumi.RunFunc) (*Graph, error) {
	rec := &recorder{graph: &Graph{Project: project, Stack: stack}}
	err := pulumi.RunErr(program, pulumi.WithMocks(project, stack, rec))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	sort.SliceStable(rec.graph.Resources, func(i, j int) bool {
		return rec.graph.Resources[i].Seq < rec.graph.Resources[j].Seq
	})
	return rec.graph, err
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
		res.Dependencies = append([]string(nil), rpc.GetDependencies()...)
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
	res.Seq = len(r.graph.Resources)
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
