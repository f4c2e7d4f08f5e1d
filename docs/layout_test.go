// Package docs holds the guides (docs/fr, docs/en), the security notes and
// the architecture; its tests keep the README's map of the code true to the
// tree.
package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReadmeLayoutNamesEveryPackage fails when a package folder is missing
// from the README's layout table, or the table names a folder that holds no
// Go package: a newcomer reads that table as the map of the code.
func TestReadmeLayoutNamesEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	named := layoutTable(t, string(readme))
	onDisk := packageFolders(t, "..")
	for _, dir := range onDisk {
		if !slices.Contains(named, dir) {
			t.Errorf("README layout table does not name package folder %s", dir)
		}
	}
	for _, dir := range named {
		if !slices.Contains(onDisk, dir) {
			t.Errorf("README layout table names %s, which holds no Go package", dir)
		}
	}
}

// layoutTable returns the folders named in backquotes in the first column
// of the table under "## Layout".
func layoutTable(t *testing.T, readme string) []string {
	t.Helper()
	_, section, ok := strings.Cut(readme, "\n## Layout\n")
	if !ok {
		t.Fatal(`README has no "## Layout" section`)
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	quoted := regexp.MustCompile("`([^`]+)`")
	var names []string
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || strings.Contains(line, "---") {
			continue
		}
		for _, m := range quoted.FindAllStringSubmatch(cells[1], -1) {
			names = append(names, m[1])
		}
	}
	if len(names) == 0 {
		t.Fatal("README layout table names no package")
	}
	return names
}

// packageFolders returns every folder under root holding a .go file,
// relative to root, leaving out testdata and hidden folders.
func packageFolders(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".go" {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}
