package protocol_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// A roster entry's badge token is optional (desks only get it) and, when
// present, a printable token of bounded length.
func TestRosterBadge(t *testing.T) {
	entry := func(badge string) protocol.RosterUpdate {
		return protocol.RosterUpdate{Version: 1, Attendees: []protocol.WireAttendee{{ID: "A1", LastName: "Diallo",
			Category: kiosk.CategoryVisitor, Language: kiosk.French, Badge: badge}}}
	}
	tests := []struct {
		name  string
		badge string
		ok    bool
	}{
		{"none", "", true},
		{"token", "AC1:" + strings.Repeat("A", 120), true},
		{"control character", "AC1:AB\nCD", false},
		{"too long", strings.Repeat("A", 300), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frame, err := protocol.Encode(entry(tt.badge))
			if (err == nil) != tt.ok {
				t.Fatalf("encode: %v, want ok=%v", err, tt.ok)
			}
			if err != nil {
				return
			}
			if tt.badge == "" && bytes.Contains(frame, []byte(`"badge"`)) {
				t.Errorf("an empty badge is on the wire: %s", frame)
			}
			m, err := protocol.Decode(frame)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.(*protocol.RosterUpdate).Attendees[0].Badge; got != tt.badge {
				t.Errorf("badge %q after a round trip", got)
			}
		})
	}
}
