package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestKioskSettingKeysHaveOneHome fails when a kiosk-side package (the
// kiosk tree, the sync client, the commands) declares a settings key of
// its own instead of using kiosk/settingkeys.go: two spellings of one key
// are a setting silently lost. The hub's own store keeps its keys in
// sync/hubstore/settingkeys.go.
func TestKioskSettingKeysHaveOneHome(t *testing.T) {
	const home = "kiosk/settingkeys.go"
	for _, root := range []string{"kiosk", "sync/hubclient", "cmd"} {
		err := filepath.WalkDir(filepath.Join("..", root), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel("..", path)
			if filepath.ToSlash(rel) == home {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				gd, ok := decl.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if !strings.HasPrefix(strings.ToLower(name.Name), "setting") || i >= len(vs.Values) {
							continue
						}
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							t.Errorf("%s declares settings key %s = %s: declare it in %s", rel, name.Name, lit.Value, home)
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
