package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestGuidesShowScreenshotsThatExist fails when a guide links a screenshot
// that make screenshots no longer writes.
func TestGuidesShowScreenshotsThatExist(t *testing.T) {
	guides, err := filepath.Glob("*/*.md")
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`\]\((\.\./screens/[^)]+\.png)\)`)
	shown := 0
	for _, g := range guides {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(b), -1) {
			shown++
			if _, err := os.Stat(filepath.Join(filepath.Dir(g), m[1])); err != nil {
				t.Errorf("%s shows %s: %v", g, m[1], err)
			}
		}
	}
	if shown == 0 {
		t.Error("no guide shows a screenshot")
	}
	t.Logf("%d screenshots shown in the guides", shown)
}
