package gen

import (
	"fmt"
	"go/ast"
	"reflect"
	"strconv"
	"strings"
	"unicode"
)

// kind is what a Go field type becomes at the package boundary.
type kind int

const (
	kSkip     kind = iota // not representable in the schema (interfaces, resources, time)
	kBasic                // string, bool, int, float64: kept as is
	kEnum                 // a named basic type (aks.SKUTier): its underlying type, converted back
	kPrefix               // netip.Prefix: a string, parsed with a keyed problem
	kAddr                 // netip.Addr: a string, parsed with a keyed problem
	kStruct               // a struct of the module: its generated mirror
	kPtr                  // *T
	kSlice                // []T
	kMap                  // map[string]T
	kInput                // a pulumi Input: stays an Input
	kInputMap             // map[string]pulumi.StringInput: a pulumi.StringMap
	kProvider             // pulumi.ProviderResource: a kubeconfig Input the boundary makes a provider of
)

// ftype is a resolved field type.
type ftype struct {
	kind  kind
	basic string // kBasic, kEnum: the Go basic type
	qual  string // kEnum, kStruct: the source type, qualified ("aks.SKUTier")
	st    *strct // kStruct
	elem  *ftype // kPtr, kSlice, kMap
	input string // kInput: the Input type ("pulumi.StringInput")
	why   string // kSkip: the type, for the generated list of what is not exposed
}

// strct is a struct of the module, mirrored as a schema object type.
type strct struct {
	pkg    *pkg
	name   string
	mirror string // Go name of the mirror: package name + type name ("AksNodePool")
	doc    string
	fields []*field
	// table and path locate the struct's fields in a SetDefaults table: its own, or that of the
	// struct it was first reached from, under the key path it was reached by.
	table map[string]string
	path  string
}

// field is one field of a mirrored struct.
type field struct {
	goName string
	key    string // the schema property name: the json tag (config key) or the lowerCamel Go name
	doc    string
	t      *ftype
}

var basics = map[string]bool{"string": true, "bool": true, "int": true, "int32": true, "int64": true, "float64": true}

const pulumiSDK = "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// resolve turns a field's type expression, written in package p with the given imports, into
// an ftype.
func (g *generator) resolve(expr ast.Expr, p *pkg, imports map[string]string) (*ftype, error) {
	switch e := expr.(type) {
	case *ast.Ident:
		if basics[e.Name] {
			return &ftype{kind: kBasic, basic: e.Name}, nil
		}
		return g.named(p, e.Name)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return &ftype{kind: kSkip, why: "?"}, nil
		}
		path := imports[x.Name]
		name := e.Sel.Name
		switch {
		case path == "net/netip" && name == "Prefix":
			return &ftype{kind: kPrefix}, nil
		case path == "net/netip" && name == "Addr":
			return &ftype{kind: kAddr}, nil
		case path == pulumiSDK && name == "ProviderResource":
			return &ftype{kind: kProvider}, nil
		case path == pulumiSDK && strings.HasSuffix(name, "Input"):
			return &ftype{kind: kInput, input: "pulumi." + name}, nil
		case strings.HasPrefix(path, module+"/"):
			q, err := g.load(path)
			if err != nil {
				return nil, err
			}
			return g.named(q, name)
		}
		return &ftype{kind: kSkip, why: x.Name + "." + name}, nil
	case *ast.StarExpr:
		elem, err := g.resolve(e.X, p, imports)
		if err != nil || elem.kind == kSkip {
			return elem, err
		}
		return &ftype{kind: kPtr, elem: elem}, nil
	case *ast.ArrayType:
		if e.Len != nil {
			return &ftype{kind: kSkip, why: "array"}, nil
		}
		elem, err := g.resolve(e.Elt, p, imports)
		if err != nil || elem.kind == kSkip || elem.kind == kInput || elem.kind == kProvider {
			if elem != nil && elem.kind != kSkip {
				elem = &ftype{kind: kSkip, why: "[]" + elem.input}
			}
			return elem, err
		}
		return &ftype{kind: kSlice, elem: elem}, nil
	case *ast.MapType:
		if k, ok := e.Key.(*ast.Ident); !ok || k.Name != "string" {
			return &ftype{kind: kSkip, why: "map"}, nil
		}
		elem, err := g.resolve(e.Value, p, imports)
		if err != nil || elem.kind == kSkip {
			return elem, err
		}
		if elem.kind == kInput {
			if elem.input != "pulumi.StringInput" {
				return &ftype{kind: kSkip, why: "map of " + elem.input}, nil
			}
			return &ftype{kind: kInputMap}, nil
		}
		return &ftype{kind: kMap, elem: elem}, nil
	}
	return &ftype{kind: kSkip, why: fmt.Sprintf("%T", expr)}, nil
}

// named resolves a type declared in package p.
func (g *generator) named(p *pkg, name string) (*ftype, error) {
	d, ok := p.types[name]
	if !ok {
		return &ftype{kind: kSkip, why: p.name + "." + name}, nil
	}
	switch u := d.spec.Type.(type) {
	case *ast.Ident:
		if basics[u.Name] {
			g.imports[p.path] = p.name
			return &ftype{kind: kEnum, basic: u.Name, qual: p.name + "." + name}, nil
		}
	case *ast.StructType:
		st, err := g.structOf(p, name)
		if err != nil {
			return nil, err
		}
		return &ftype{kind: kStruct, qual: p.name + "." + name, st: st}, nil
	}
	return &ftype{kind: kSkip, why: p.name + "." + name}, nil
}

// structOf returns the mirror of struct name of package p, resolving its fields the first
// time.
func (g *generator) structOf(p *pkg, name string) (*strct, error) {
	id := p.path + "." + name
	if st, ok := g.structs[id]; ok {
		return st, nil
	}
	d := p.types[name]
	st := &strct{pkg: p, name: name, mirror: exported(p.name) + name, doc: d.doc}
	g.structs[id] = st
	g.imports[p.path] = p.name
	fs, err := g.fields(p, d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", id, err)
	}
	st.fields = fs
	return st, nil
}

// fields resolves the exported named fields of the struct d; embedded fields and fields
// whose json tag is "-" are left out, as the config decoder leaves them out.
func (g *generator) fields(p *pkg, d *decl) ([]*field, error) {
	var out []*field
	var prevDoc string
	for _, f := range d.spec.Type.(*ast.StructType).Fields.List {
		doc := strings.TrimSpace(f.Doc.Text())
		if doc == "" {
			doc = strings.TrimSpace(f.Comment.Text())
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			key := lowerCamel(n.Name)
			if f.Tag != nil {
				tag, _ := strconv.Unquote(f.Tag.Value)
				if j, ok := reflect.StructTag(tag).Lookup("json"); ok {
					j, _, _ = strings.Cut(j, ",")
					if j == "-" {
						continue
					}
					if j != "" {
						key = j
					}
				}
			}
			t, err := g.resolve(f.Type, p, d.imports)
			if err != nil {
				return nil, err
			}
			fd := doc
			if fd == "" && strings.Contains(prevDoc, n.Name) {
				fd = prevDoc // "HubVNetID and SpokeVNetID are ..." documents both
			}
			out = append(out, &field{goName: n.Name, key: key, doc: fd, t: t})
		}
		if doc != "" {
			prevDoc = doc
		}
	}
	return out, nil
}

// outputs are the fields of component d that it exports as Pulumi outputs (pulumi.XOutput);
// why holds their Go type.
func outputs(d *decl) []*field {
	var out []*field
	var prevDoc string
	for _, f := range d.spec.Type.(*ast.StructType).Fields.List {
		doc := strings.TrimSpace(f.Doc.Text() + f.Comment.Text())
		var typ string
		if sel, ok := f.Type.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "pulumi" && strings.HasSuffix(sel.Sel.Name, "Output") {
				typ = "pulumi." + sel.Sel.Name
			}
		}
		for _, n := range f.Names {
			if typ == "" || !n.IsExported() {
				continue
			}
			fd := doc
			if fd == "" && strings.Contains(prevDoc, n.Name) {
				fd = prevDoc
			}
			out = append(out, &field{goName: n.Name, key: lowerCamel(n.Name), doc: fd, t: &ftype{kind: kSkip, why: typ}})
		}
		if doc != "" {
			prevDoc = doc
		}
	}
	return out
}

// lowerCamel is the schema name of a Go name, initialisms lowered as one word: OIDCIssuerURL
// is oidcIssuerUrl, NodeSubnetID nodeSubnetId, FirewallPublicIPs firewallPublicIps; the
// components key their wiring problems the same way.
func lowerCamel(s string) string {
	var words []string
	rs := []rune(s)
	start := 0
	for i := 1; i < len(rs); i++ {
		lower := func(j int) bool { return j < len(rs) && unicode.IsLower(rs[j]) }
		switch {
		case unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i-1]):
			words, start = append(words, string(rs[start:i])), i
		case unicode.IsUpper(rs[i]) && unicode.IsUpper(rs[i-1]) && lower(i+1) && !(rs[i+1] == 's' && (i+2 == len(rs) || unicode.IsUpper(rs[i+2]))):
			words, start = append(words, string(rs[start:i])), i
		}
	}
	words = append(words, string(rs[start:]))
	for i := 0; i+1 < len(words); i++ {
		if words[i] == "V" && strings.HasPrefix(words[i+1], "Net") {
			words = append(words[:i], append([]string{"VNet"}, words[i+2:]...)...) // VNet is one word
		}
	}
	for i, w := range words {
		switch {
		case i == 0:
			w = strings.ToLower(w)
		case len(w) > 1 && strings.ToUpper(strings.TrimSuffix(w, "s")) == strings.TrimSuffix(w, "s"):
			w = exported(strings.ToLower(w)) // ID, URL, IPs: Id, Url, Ips
		}
		words[i] = w
	}
	return strings.Join(words, "")
}

func exported(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
