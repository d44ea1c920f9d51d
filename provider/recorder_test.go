package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
)

// The project and stack the integration server constructs in; the Go side runs as the same.
const (
	project = "project"
	stack   = "stack"
	// stackURN is the parent both a Go program's components and the provider's constructs get.
	stackURN = "urn:pulumi:" + stack + "::" + project + "::pulumi:pulumi:Stack::" + project + "-" + stack
)

// registration is one resource as the engine sees it: what the graph comparison compares.
type registration struct {
	Type, Name, Parent string
	Custom             bool
	Inputs             presource.PropertyMap
}

func (r registration) String() string {
	return fmt.Sprintf("%s %s (parent %s, custom %t) %v", r.Type, r.Name, r.Parent, r.Custom, r.Inputs)
}

// recorder is the mock monitor of both sides: it records registrations and answers with the
// inputs as outputs and a deterministic ID, and answers the Azure client config, so that a Go
// program and the provider see the same values.
type recorder struct {
	mu   sync.Mutex
	regs []registration
}

func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, presource.PropertyMap, error) {
	reg := registration{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs}
	if args.RegisterRPC != nil {
		reg.Parent = args.RegisterRPC.GetParent()
	}
	r.mu.Lock()
	r.regs = append(r.regs, reg)
	r.mu.Unlock()
	id := ""
	if args.Custom {
		id = args.Name + "-id"
	}
	return id, args.Inputs.Copy(), nil
}

func (r *recorder) Call(args pulumi.MockCallArgs) (presource.PropertyMap, error) {
	if strings.Contains(args.Token, ":listManagedCluster") {
		return presource.NewPropertyMapFromMap(map[string]any{"kubeconfigs": []any{
			map[string]any{"name": "clusterUser", "value": "YXBpVmVyc2lvbjogdjE="},
		}}), nil
	}
	return presource.NewPropertyMapFromMap(map[string]any{
		"clientId": "00000000-0000-0000-0000-00000000000c", "objectId": "00000000-0000-0000-0000-00000000000b",
		"subscriptionId": "00000000-0000-0000-0000-00000000000a", "tenantId": "00000000-0000-0000-0000-00000000000d",
	}), nil
}

// graph returns the registrations under root (its URN's type and name), root included, sorted,
// without the stack resource a Go program registers.
func (r *recorder) graph(rootType, rootName string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	under := map[string]bool{}
	var out []string
	// Parents are registered before their children, so one pass in order finds the subtree.
	for _, reg := range r.regs {
		urn := urnOf(reg)
		if (reg.Type == rootType && reg.Name == rootName) || under[reg.Parent] {
			under[urn] = true
			out = append(out, reg.String())
		}
	}
	slices.Sort(out)
	return out
}

// urnOf builds a registration's URN as the mock monitor does: a child's type is qualified by
// its parent's, except under the stack.
func urnOf(reg registration) string {
	typ := reg.Type
	if reg.Parent != "" && reg.Parent != stackURN {
		rest := strings.TrimPrefix(reg.Parent, "urn:pulumi:"+stack+"::"+project+"::")
		typ = rest[:strings.LastIndex(rest, "::")] + "$" + typ
	}
	return "urn:pulumi:" + stack + "::" + project + "::" + typ + "::" + reg.Name
}

// goGraph runs program as a Go program under the recorder and returns the subtree of the
// component rootType named rootName, and the program's error.
func goGraph(t *testing.T, program pulumi.RunFunc, rootType, rootName string) ([]string, error) {
	t.Helper()
	rec := &recorder{}
	err := pulumi.RunErr(program, pulumi.WithMocks(project, stack, rec))
	return rec.graph(rootType, rootName), err
}

// construct builds the component token named name through the provider, served in process
// by pulumi-go-provider's integration server with the recorder as its mocks, from inputs
// given as plain Go values (as a YAML or JSON program would give them).
func construct(t *testing.T, token, name string, inputs map[string]any) ([]string, p.ConstructResponse, error) {
	t.Helper()
	prov, err := New()
	require.NoError(t, err)
	rec := &recorder{}
	server, err := integration.NewServer(context.Background(), Name, semver.MustParse(Version),
		integration.WithProvider(prov), integration.WithMocks(rec))
	require.NoError(t, err)
	resp, err := server.Construct(p.ConstructRequest{
		Urn:    presource.URN("urn:pulumi:" + stack + "::" + project + "::" + token + "::" + name),
		Parent: presource.URN(stackURN),
		Inputs: presource.FromResourcePropertyMap(presource.NewPropertyMapFromMap(inputs)),
	})
	return rec.graph(token, name), resp, err
}
