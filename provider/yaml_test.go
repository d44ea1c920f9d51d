package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi-yaml/pkg/pulumiyaml/ast"
	"github.com/pulumi/pulumi-yaml/pkg/pulumiyaml/syntax/encoding"
	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/aksplatform/platform/stacks"
)

// The YAML examples are real consumers of the package: pulumi-yaml's parser loads each program
// into its template AST, and every aksplatform resource in it is type-checked against the
// bound schema.json (pulumi's own schema binder): property names, value types, required
// inputs, and ${resource.output} references. pulumi-yaml's own analyser lives in the package
// pulumiyaml, which does not compile against pkg/v3 v3.274.1 (its packages.go calls an older
// plugin API), so the check of resource properties is done here on its AST.

// loadTemplate parses a Pulumi YAML program with pulumi-yaml.
func loadTemplate(t *testing.T, path string) *ast.TemplateDecl {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	syn, diags := encoding.DecodeYAML(path, yaml.NewDecoder(bytes.NewReader(src)), nil)
	require.False(t, diags.HasErrors(), "%v", diags)
	tmpl, diags := ast.ParseTemplate(src, syn)
	require.False(t, diags.HasErrors(), "%v", diags)
	return tmpl
}

// boundSchema binds provider/schema.json.
func boundSchema(t *testing.T) *pschema.Package {
	t.Helper()
	raw, err := os.ReadFile("schema.json")
	require.NoError(t, err)
	var spec pschema.PackageSpec
	require.NoError(t, json.Unmarshal(raw, &spec))
	pkg, diags, err := pschema.BindSpec(spec, noPackages{}, pschema.ValidationOptions{})
	require.NoError(t, err)
	require.False(t, diags.HasErrors(), "%v", diags)
	return pkg
}

// noPackages is the schema loader of a package that references no other package.
type noPackages struct{}

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*pschema.Package, error) {
	return nil, fmt.Errorf("the aksplatform schema references no package, not %s", pkg)
}

func (noPackages) LoadPackageV2(_ context.Context, d *pschema.PackageDescriptor) (*pschema.Package, error) {
	return nil, fmt.Errorf("the aksplatform schema references no package, not %s", d.Name)
}

// typeCheck returns the problems of the program's aksplatform resources against pkg.
func typeCheck(pkg *pschema.Package, tmpl *ast.TemplateDecl) []string {
	resources := map[string]*pschema.Resource{}
	declared := map[string]bool{}
	for _, e := range tmpl.Resources.Entries {
		declared[e.Key.Value] = true
		if r, ok := pkg.GetResource(e.Value.Type.Value); ok {
			resources[e.Key.Value] = r
		}
	}
	var problems []string
	c := checker{resources: resources, declared: declared, problems: &problems}
	for _, e := range tmpl.Resources.Entries {
		token := e.Value.Type.Value
		if !strings.HasPrefix(token, Name+":") {
			continue
		}
		r, ok := resources[e.Key.Value]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: no resource %s in the schema", e.Key.Value, token))
			continue
		}
		given := map[string]bool{}
		if pm := e.Value.Properties.PropertyMap; pm != nil {
			for _, p := range pm.Entries {
				given[p.Key.Value] = true
				c.property(e.Key.Value, r.InputProperties, p.Key.Value, p.Value)
			}
		}
		for _, p := range r.InputProperties {
			if _, optional := p.Type.(*pschema.OptionalType); !optional && !given[p.Name] {
				problems = append(problems, fmt.Sprintf("%s: %s is required", e.Key.Value, p.Name))
			}
		}
	}
	for _, o := range tmpl.Outputs.Entries {
		c.expr("outputs."+o.Key.Value, pschema.AnyType, o.Value)
	}
	return problems
}

type checker struct {
	resources map[string]*pschema.Resource
	declared  map[string]bool
	problems  *[]string
}

func (c checker) addf(format string, args ...any) {
	*c.problems = append(*c.problems, fmt.Sprintf(format, args...))
}

func (c checker) property(path string, props []*pschema.Property, name string, value ast.Expr) {
	for _, p := range props {
		if p.Name == name {
			c.expr(path+"."+name, p.Type, value)
			return
		}
	}
	c.addf("%s.%s: unknown property", path, name)
}

// expr checks value against the schema type t.
func (c checker) expr(path string, t pschema.Type, value ast.Expr) {
	for {
		switch u := t.(type) {
		case *pschema.OptionalType:
			t = u.ElementType
			continue
		case *pschema.InputType:
			t = u.ElementType
			continue
		}
		break
	}
	switch v := value.(type) {
	case *ast.SymbolExpr:
		c.reference(path, v.Property)
		return
	case *ast.InterpolateExpr:
		for _, part := range v.Parts {
			if part.Value != nil {
				c.reference(path, part.Value)
			}
		}
		if t != pschema.StringType && t != pschema.AnyType {
			c.addf("%s: a string where %s is expected", path, t)
		}
		return
	}
	switch t := t.(type) {
	case *pschema.ObjectType:
		obj, ok := value.(*ast.ObjectExpr)
		if !ok {
			c.addf("%s: want an object of type %s", path, t.Token)
			return
		}
		for _, e := range obj.Entries {
			key, _ := e.Key.(*ast.StringExpr)
			if key == nil {
				c.addf("%s: computed object key", path)
				continue
			}
			c.property(path, t.Properties, key.Value, e.Value)
		}
	case *pschema.ArrayType:
		list, ok := value.(*ast.ListExpr)
		if !ok {
			c.addf("%s: want a list", path)
			return
		}
		for i, el := range list.Elements {
			c.expr(fmt.Sprintf("%s[%d]", path, i), t.ElementType, el)
		}
	case *pschema.MapType:
		obj, ok := value.(*ast.ObjectExpr)
		if !ok {
			c.addf("%s: want a map", path)
			return
		}
		for _, e := range obj.Entries {
			c.expr(path+".*", t.ElementType, e.Value)
		}
	default:
		want := map[pschema.Type]func(ast.Expr) bool{
			pschema.StringType: func(e ast.Expr) bool { _, ok := e.(*ast.StringExpr); return ok },
			pschema.IntType: func(e ast.Expr) bool {
				n, ok := e.(*ast.NumberExpr)
				return ok && n.Value == float64(int64(n.Value))
			},
			pschema.NumberType: func(e ast.Expr) bool { _, ok := e.(*ast.NumberExpr); return ok },
			pschema.BoolType:   func(e ast.Expr) bool { _, ok := e.(*ast.BooleanExpr); return ok },
		}
		if ok, known := want[t]; known && !ok(value) {
			c.addf("%s: want %s, got %T", path, t, value)
		}
	}
}

// reference checks ${resource.output}: the resource is declared, and for aksplatform
// resources the output exists.
func (c checker) reference(path string, access *ast.PropertyAccess) {
	if len(access.Accessors) == 0 {
		return
	}
	root, _ := access.Accessors[0].(*ast.PropertyName)
	if root == nil || !c.declared[root.Name] {
		c.addf("%s: ${%v} names no resource of the program", path, access)
		return
	}
	r, ours := c.resources[root.Name]
	if !ours || len(access.Accessors) < 2 {
		return
	}
	out, _ := access.Accessors[1].(*ast.PropertyName)
	if out == nil {
		return
	}
	for _, p := range r.Properties {
		if p.Name == out.Name {
			return
		}
	}
	c.addf("%s: %s has no output %s", path, r.Token, out.Name)
}

// TestYAMLExamplesTypeCheck loads every YAML example with pulumi-yaml and checks it against
// the schema; a broken copy of one must fail, so the check is known to bite.
func TestYAMLExamplesTypeCheck(t *testing.T) {
	pkg := boundSchema(t)
	paths, err := filepath.Glob(filepath.Join("..", "examples", "yaml", "*", "Pulumi.yaml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(paths), 2)
	for _, path := range paths {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			assert.Empty(t, typeCheck(pkg, loadTemplate(t, path)))
		})
	}

	t.Run("a broken program is rejected", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join("..", "examples", "yaml", "cluster", "Pulumi.yaml"))
		require.NoError(t, err)
		broken := strings.NewReplacer(
			"retentionDays: 30", "retentionDays: thirty",
			"nodeSubnet: 10.1.0.0/20", "nodeSubnets: 10.1.0.0/20",
			"${spoke.routeTableId}", "${spoke.routeTable}",
		).Replace(string(src))
		path := filepath.Join(t.TempDir(), "Pulumi.yaml")
		require.NoError(t, os.WriteFile(path, []byte(broken), 0o644))
		problems := typeCheck(pkg, loadTemplate(t, path))
		assert.ElementsMatch(t, []string{
			"logs.retentionDays: want integer, got *ast.StringExpr",
			"cluster.nodeSubnets: unknown property",
			"cluster.routeTableId: aksplatform:network:Spoke has no output routeTable",
		}, problems)
	})
}

// TestYAMLRegionExampleBuilds constructs the region example's resource through the provider
// with the properties exactly as the YAML program gives them: it builds the whole region.
func TestYAMLRegionExampleBuilds(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "examples", "yaml", "region", "Pulumi.yaml"))
	require.NoError(t, err)
	var program struct {
		Resources map[string]struct {
			Properties map[string]any `yaml:"properties"`
		} `yaml:"resources"`
	}
	require.NoError(t, yaml.Unmarshal(src, &program))
	got, resp, err := construct(t, stacks.RegionType, "westeurope", program.Resources["westeurope"].Properties)
	require.NoError(t, err)
	assert.Greater(t, len(got), 30)
	assert.True(t, resp.State.Get("kubeconfig").Secret())
}
