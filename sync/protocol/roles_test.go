package protocol_test

import (
	"os"
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
