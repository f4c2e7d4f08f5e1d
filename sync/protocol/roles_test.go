package protocol_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/accueil/accueil/sync/protocol"
)

func TestModeAllowed(t *testing.T) {
	tests := []struct {
		role, mode string
		want       bool
	}{
		{"", "desk", true}, // no hub: nothing refuses
		{"desk", "desk", true},
		{"desk", "self", true},
		{"desk", "session", true},
		{"desk", "organiser", false},
		{"self", "desk", false},
		{"self", "session", true},
		{"session", "self", true},
		{"session", "desk", false},
		{"organiser", "organiser", true},
		{"organiser", "self", false},
		{"self", "nonsense", false},
	}
	for _, tt := range tests {
		t.Run(tt.role+"/"+tt.mode, func(t *testing.T) {
			if got := protocol.ModeAllowed(tt.role, tt.mode); got != tt.want {
				t.Errorf("ModeAllowed(%q, %q) = %v", tt.role, tt.mode, got)
			}
		})
	}
	if r := protocol.RightsOf("stranger"); r != (protocol.Rights{}) {
		t.Errorf("an unknown role may %+v", r)
	}
}

// docs/security.md shows the role table to people: it must say what the
// hub enforces.
func TestRoleTableInSecurityDoc(t *testing.T) {
	doc, err := os.ReadFile("../../docs/security.md")
	if err != nil {
		t.Fatal(err)
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for _, role := range protocol.Roles {
		r := protocol.RightsOf(role)
		want := "| `" + role + "` | " + strings.Join([]string{yes(r.Scans), yes(r.Manual), yes(r.WalkIns), yes(r.Undo), yes(r.Counts), yes(r.BadgeTokens), yes(r.Backup)}, " | ") + " |"
		if !strings.Contains(string(doc), want) {
			t.Errorf("docs/security.md lacks the row\n%s", want)
		}
	}
}

// Every test docs/security.md names as the proof of a defence exists.
func TestSecurityDocNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile("../../docs/security.md")
	if err != nil {
		t.Fatal(err)
	}
	var sources strings.Builder
	err = filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, "_test.go") {
			b, _ := os.ReadFile(path)
			sources.Write(b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile("`((?:Test|Fuzz)[A-Za-z0-9]+)`").FindAllStringSubmatch(string(doc), -1)
	if len(names) < 20 {
		t.Fatalf("docs/security.md names %d tests", len(names))
	}
	for _, m := range names {
		if !strings.Contains(sources.String(), "func "+m[1]+"(") {
			t.Errorf("docs/security.md names %s, which no test file defines", m[1])
		}
	}
}
