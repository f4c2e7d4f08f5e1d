package kiosk_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
)

func TestCheckUndo(t *testing.T) {
	at := time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC)
	entry := kiosk.Scan{ID: "x", Kiosk: "k1", Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A1", At: at}
	with := func(change func(*kiosk.Scan)) kiosk.Scan {
		s := entry
		change(&s)
		return s
	}
	tests := []struct {
		name string
		scan kiosk.Scan
		now  time.Time
		why  string // part of the error; empty when allowed
	}{
		{"just made", entry, at.Add(time.Second), ""},
		{"clock set back since", entry, at.Add(-time.Minute), ""},
		{"almost too old", entry, at.Add(kiosk.UndoWindow - time.Nanosecond), ""},
		{"too old", entry, at.Add(kiosk.UndoWindow), "too old"},
		{"another kiosk's", with(func(s *kiosk.Scan) { s.Kiosk = "k2" }), at, "not this kiosk's"},
		{"refused", with(func(s *kiosk.Scan) { s.Verdict = kiosk.VerdictRevoked }), at, "not an admitted entry"},
		{"already checked in", with(func(s *kiosk.Scan) { s.Verdict = kiosk.VerdictAlreadyCheckedIn }), at, "not an admitted entry"},
		{"exit", with(func(s *kiosk.Scan) { s.Direction = kiosk.Out }), at, "not an admitted entry"},
		{"an undo", with(func(s *kiosk.Scan) { s.Direction, s.Reason, s.Undoes = kiosk.Out, kiosk.ReasonUndo, "y" }), at, "not an admitted entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := kiosk.CheckUndo(tt.scan, "k1", tt.now)
			if tt.why == "" {
				if err != nil {
					t.Fatalf("CheckUndo = %v, want allowed", err)
				}
				return
			}
			if !errors.Is(err, kiosk.ErrCannotUndo) || !strings.Contains(err.Error(), tt.why) {
				t.Fatalf("CheckUndo = %v, want ErrCannotUndo: %s", err, tt.why)
			}
		})
	}
}

func TestNewWalkIn(t *testing.T) {
	tests := []struct {
		name    string
		in      kiosk.Attendee
		wantErr string
	}{
		{"minimal", kiosk.Attendee{LastName: "Diallo"}, ""},
		{"full", kiosk.Attendee{FirstName: " Awa ", LastName: "Diallo", Organisation: "Commune de Dakar", Category: "Delegation",
			Language: "EN", Country: "Sénégal", Email: "awa.diallo@dakar.sn", Note: "badge perdu"}, ""},
		{"emoji", kiosk.Attendee{FirstName: "Zoé 🌍", LastName: "😀"}, ""},
		{"right to left", kiosk.Attendee{FirstName: "\u200fשלום", LastName: "عبد الله"}, ""},
		{"no names", kiosk.Attendee{Organisation: "UCLG"}, "both empty"},
		{"blank names", kiosk.Attendee{FirstName: "  ", LastName: "\t"}, "both empty"},
		{"name at its bound", kiosk.Attendee{LastName: strings.Repeat("é", kiosk.MaxNameLength)}, ""},
		{"name one character over", kiosk.Attendee{LastName: strings.Repeat("é", kiosk.MaxNameLength+1)}, fmt.Sprintf("last_name is %d characters, at most %d", kiosk.MaxNameLength+1, kiosk.MaxNameLength)},
		{"note at its bound", kiosk.Attendee{LastName: "X", Note: strings.Repeat("€", kiosk.MaxNoteLength)}, ""},
		{"note over", kiosk.Attendee{LastName: "X", Note: strings.Repeat("n", 3201)}, "note is 3,201 characters, at most 1,000"},
		{"long email", kiosk.Attendee{LastName: "X", Email: strings.Repeat("a", kiosk.MaxEmailLength) + "@b.fr"}, "email is 259 characters, at most 254"},
		{"huge first name", kiosk.Attendee{FirstName: strings.Repeat("x", 10_000), LastName: "X"}, "first_name"},
		{"long organisation", kiosk.Attendee{LastName: "X", Organisation: strings.Repeat("o", kiosk.MaxOrganisationLength+1)}, "organisation"},
		{"control character", kiosk.Attendee{LastName: "X\x00Y"}, "control character"},
		{"line break", kiosk.Attendee{FirstName: "A\nB", LastName: "X"}, "control character"},
		{"bad email", kiosk.Attendee{LastName: "X", Email: "awa"}, "email"},
		{"email without domain dot", kiosk.Attendee{LastName: "X", Email: "awa@localhost"}, "email"},
		{"email with space", kiosk.Attendee{LastName: "X", Email: "awa diallo@dakar.sn"}, "email"},
		{"email with two @", kiosk.Attendee{LastName: "X", Email: "a@b@dakar.sn"}, "email"},
		{"unknown category", kiosk.Attendee{LastName: "X", Category: "vip"}, "category"},
		{"unknown language", kiosk.Attendee{LastName: "X", Language: "de"}, "language"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.in
			a.ID, a.Code = "A1", "WZ-123" // replaced, never kept
			w, err := kiosk.NewWalkIn(a)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NewWalkIn = %v, want an error about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(w.ID) != 8 || !strings.HasPrefix(w.ID, kiosk.WalkInIDPrefix) || len(w.Code) != 15 || !strings.HasPrefix(w.Code, kiosk.WalkInCodePrefix) {
				t.Errorf("id %q, code %q", w.ID, w.Code)
			}
			if w.Category == "" || w.Language == "" || w.FirstName != strings.TrimSpace(tt.in.FirstName) {
				t.Errorf("not normalised: %+v", w)
			}
			if tt.in.Category == "" && w.Category != kiosk.CategoryVisitor || tt.in.Language == "" && w.Language != kiosk.French {
				t.Errorf("defaults: %s, %s", w.Category, w.Language)
			}
			// A code must read back as a code, not as a token or noise.
			if b, v := kiosk.NewBadgeReader("e").Read(w.Code); v != "" || b.Code != w.Code {
				t.Errorf("code %q reads as %+v, %s", w.Code, b, v)
			}
		})
	}
}

// Ids have 35 random bits, so a few hundred must all differ (the store
// draws again on a collision); codes have 60, so 10,000 must.
func TestWalkInIDsAreRandom(t *testing.T) {
	ids, codes := make(map[string]bool), make(map[string]bool)
	for i := range 10_000 {
		if i < 300 {
			ids[kiosk.NewWalkInID()] = true
		}
		c := kiosk.NewWalkInCode()
		if strings.Trim(c[3:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("code %q is not base32", c)
		}
		codes[c] = true
	}
	if len(ids) != 300 || len(codes) != 10_000 {
		t.Errorf("%d ids of 300 and %d codes of 10,000 distinct", len(ids), len(codes))
	}
}
