package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// module is the import path of the repository's Go module; packages under it are read from
// source, everything else is known by name only (netip, pulumi).
const module = "github.com/aksplatform/platform"

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// pkg is one parsed package: its type declarations, each with the imports of its file (to
// resolve qualified field types), and the doc comments of its SetDefaults methods.
type pkg struct {
	path     string
	name     string
	types    map[string]*decl
	defaults map[string]string // receiver type name -> SetDefaults doc comment
}

type decl struct {
	spec    *ast.TypeSpec
	doc     string
	imports map[string]string // local name -> import path
}

// loader parses the module's packages on demand.
type loader struct {
	root string
	fset *token.FileSet
	pkgs map[string]*pkg
}

func newLoader(root string) *loader {
	return &loader{root: root, fset: token.NewFileSet(), pkgs: map[string]*pkg{}}
}

// load parses the non-test Go files of the package at import path p.
func (l *loader) load(p string) (*pkg, error) {
	if got, ok := l.pkgs[p]; ok {
		return got, nil
	}
	if p != module && !strings.HasPrefix(p, module+"/") {
		return nil, fmt.Errorf("package %s is outside the module", p)
	}
	dir := filepath.Join(l.root, strings.TrimPrefix(strings.TrimPrefix(p, module), "/"))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := &pkg{path: p, types: map[string]*decl{}, defaults: map[string]string{}}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(l.fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		out.name = f.Name.Name
		imports := map[string]string{}
		for _, im := range f.Imports {
			path := strings.Trim(im.Path.Value, `"`)
			local := path[strings.LastIndex(path, "/")+1:]
			if parts := strings.Split(path, "/"); len(parts) > 1 && majorVersion.MatchString(local) {
				local = parts[len(parts)-2] // .../resources/v2 is package resources
			}
			if im.Name != nil {
				local = im.Name.Name
			}
			imports[local] = path
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil && len(d.Specs) == 1 {
						doc = d.Doc
					}
					out.types[ts.Name.Name] = &decl{spec: ts, doc: doc.Text(), imports: imports}
				}
			case *ast.FuncDecl:
				if d.Name.Name != "SetDefaults" || d.Recv == nil || len(d.Recv.List) != 1 {
					continue
				}
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok {
					out.defaults[id.Name] = d.Doc.Text()
				}
			}
		}
	}
	if out.name == "" {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	l.pkgs[p] = out
	return out, nil
}
