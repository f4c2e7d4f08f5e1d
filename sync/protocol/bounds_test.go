package protocol_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

func walkInFrame(t *testing.T, edit func(a map[string]any)) []byte {
	t.Helper()
	a := map[string]any{"id": "W1234567", "last_name": "Diallo", "category": "visitor", "language": "fr", "code": "WI-ABCDEFGHJKLM"}
	edit(a)
	frame, err := json.Marshal(map[string]any{"type": "walkins", "data": map[string]any{"attendees": []any{a}}})
	if err != nil {
		t.Fatal(err)
	}
	return frame
}

// A desk (or anything holding a desk's credential) cannot send a walk-in
// longer than a roster file may hold: every field has the domain's bound.
func TestDecodeRefusesOverlongWalkIn(t *testing.T) {
	if _, err := protocol.Decode(walkInFrame(t, func(map[string]any) {})); err != nil {
		t.Fatalf("the plain walk-in is refused: %v", err)
	}
	tests := []struct {
		field string
		value string
		want  string
	}{
		{"note", strings.Repeat("n", kiosk.MaxNoteLength+1), "attendees[0].note: 1001 characters, at most 1000"},
		{"first_name", strings.Repeat("é", kiosk.MaxNameLength+1), "attendees[0].first_name: 301 characters, at most 300"},
		{"last_name", strings.Repeat("x", 100_000), "attendees[0].last_name: 100000 characters, at most 300"},
		{"organisation", strings.Repeat("o", kiosk.MaxOrganisationLength+1), "attendees[0].organisation: 301 characters"},
		{"country", strings.Repeat("c", kiosk.MaxCountryLength+1), "attendees[0].country: 101 characters"},
		{"code", "WI-" + strings.Repeat("K", kiosk.MaxCodeLength), "attendees[0].code: 131 characters, at most 128"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			m, err := protocol.Decode(walkInFrame(t, func(a map[string]any) { a[tt.field] = tt.value }))
			if err == nil {
				t.Fatalf("Decode accepted an over-long %s: %+v", tt.field, m)
			}
			var verr *protocol.ValidationError
			if !errors.As(err, &verr) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want a ValidationError containing %q", err, tt.want)
			}
		})
		t.Run(tt.field+" at its bound", func(t *testing.T) {
			v := []rune(tt.value)
			max := len(v) - 1
			switch tt.field {
			case "last_name":
				max = kiosk.MaxNameLength
			case "code":
				max = kiosk.MaxCodeLength
			}
			if _, err := protocol.Decode(walkInFrame(t, func(a map[string]any) { a[tt.field] = string(v[:max]) })); err != nil {
				t.Errorf("%s of %d characters refused: %v", tt.field, max, err)
			}
		})
	}
}

func TestRosterCodeHash(t *testing.T) {
	hash := kiosk.CodeHash("faic2016", "EXT-1")
	good := protocol.RosterUpdate{Version: 1, Attendees: []protocol.WireAttendee{
		{ID: "A1", LastName: "Diallo", Category: kiosk.CategoryVisitor, Language: kiosk.French, CodeHash: hash},
	}}
	frame, err := protocol.Encode(good)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(frame), "EXT-1") || !strings.Contains(string(frame), `"code_hash":"`+hash+`"`) {
		t.Errorf("frame %s", frame)
	}
	m, err := protocol.Decode(frame)
	if err != nil {
		t.Fatal(err)
	}
	if a := m.(*protocol.RosterUpdate).Attendees[0].Attendee(); a.CodeHash != hash || a.Code != "" {
		t.Errorf("attendee = %+v", a)
	}

	bad := []struct {
		name string
		edit func(a *protocol.WireAttendee)
		want string
	}{
		{"upper case", func(a *protocol.WireAttendee) { a.CodeHash = strings.ToUpper(hash) }, "attendees[0].code_hash: "},
		{"short", func(a *protocol.WireAttendee) { a.CodeHash = hash[:63] }, "not 64 lowercase hex digits"},
		{"with the code", func(a *protocol.WireAttendee) { a.Code = "EXT-1" }, "attendees[0].code_hash: sent with the code it hides"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			u := good
			u.Attendees = []protocol.WireAttendee{good.Attendees[0]}
			tt.edit(&u.Attendees[0])
			if _, err := protocol.Encode(u); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Encode = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	t.Run("repeated", func(t *testing.T) {
		u := good
		u.Attendees = append([]protocol.WireAttendee{}, good.Attendees[0], good.Attendees[0])
		u.Attendees[1].ID = "A2"
		if _, err := protocol.Encode(u); err == nil || !strings.Contains(err.Error(), "attendees[1].code_hash") {
			t.Errorf("Encode = %v", err)
		}
	})
}

func TestWithoutCode(t *testing.T) {
	w := protocol.FromAttendee(kiosk.Attendee{ID: "A1", LastName: "X", Code: "EXT-1"})
	if h := w.WithoutCode("ev"); h.Code != "" || h.CodeHash != kiosk.CodeHash("ev", "EXT-1") {
		t.Errorf("WithoutCode = %+v", h)
	}
	if w.Code != "EXT-1" {
		t.Errorf("WithoutCode changed its receiver: %+v", w)
	}
	none := protocol.FromAttendee(kiosk.Attendee{ID: "A2", LastName: "Y"})
	if h := none.WithoutCode("ev"); h != none {
		t.Errorf("no code: %+v", h)
	}
}
