package csvsafe_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every CSV the hub or a kiosk writes goes through this package: a plain
// csv.NewWriter anywhere else in the module's programs is a writer that
// forgot. Files that write CSV for our own import, never for a person's
// spreadsheet, are listed here with the reason.
func TestNoPlainCSVWriter(t *testing.T) {
	allowed := map[string]string{
		"kiosk/csvsafe/csvsafe.go":            "the rule itself",
		"kiosk/sqlite/sqlitetest/populate.go": "a test roster for the import",
		"assets/demogen/main.go":              "the demo roster, read back by the roster import",
	}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "csv.NewWriter(") && allowed[rel] == "" {
			t.Errorf("%s writes CSV with csv.NewWriter: use csvsafe.NewWriter", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
