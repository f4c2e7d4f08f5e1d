package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestArchitectureNamesRealFunctions reads every "`package` · `Function`"
// of docs/architecture.md and fails when that package has no such function
// or method: the walk through one scan stays true as the code moves.
func TestArchitectureNamesRealFunctions(t *testing.T) {
	doc, err := os.ReadFile("architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile("`([a-z][a-z0-9/]*)` · `([^`]+)`").FindAllStringSubmatch(string(doc), -1)
	if len(named) < 10 {
		t.Fatalf("architecture.md names %d functions; the walk through one scan names more", len(named))
	}
	decls := map[string]map[string]bool{}
	for _, m := range named {
		pkg, name := m[1], m[2]
		if decls[pkg] == nil {
			decls[pkg] = declarations(t, filepath.Join("..", pkg))
		}
		if !decls[pkg][name] {
			t.Errorf("architecture.md names %s · %s, which %s does not declare", pkg, name, pkg)
		}
	}
}

// declarations lists a package folder's functions as Name and its methods
// as (*Type).Name or (Type).Name, leaving out tests.
func declarations(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("read %s: no Go files (%v)", dir, err)
	}
	out := map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fn.Recv == nil || len(fn.Recv.List) == 0 {
				out[fn.Name.Name] = true
				continue
			}
			switch r := fn.Recv.List[0].Type.(type) {
			case *ast.StarExpr:
				if id, ok := r.X.(*ast.Ident); ok {
					out["(*"+id.Name+")."+fn.Name.Name] = true
				}
			case *ast.Ident:
				out["("+r.Name+")."+fn.Name.Name] = true
			}
		}
	}
	return out
}
