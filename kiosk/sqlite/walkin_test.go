package sqlite_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk"
)

func TestWalkIn(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	tests := []struct {
		name    string
		in      kiosk.Attendee
		search  string
		wantErr string
	}{
		{"plain", kiosk.Attendee{FirstName: "Moussa", LastName: "Traoré", Organisation: "Ville de Bamako", Email: "m.traore@bamako.ml"}, "traore mous", ""},
		{"emoji", kiosk.Attendee{FirstName: "Zoé", LastName: "Lefèvre 🌍"}, "zoe lefevre", ""},
		{"right to left", kiosk.Attendee{FirstName: "عبد الله", LastName: "שלום", Category: kiosk.CategoryPress, Language: kiosk.English}, "שלום", ""},
		{"10,000-character name", kiosk.Attendee{FirstName: strings.Repeat("A", 10_000), LastName: "Long"}, "", "first_name"},
		{"empty names", kiosk.Attendee{Organisation: "UCLG"}, "", "both empty"},
		{"bad email", kiosk.Attendee{LastName: "Martin", Email: "martin@"}, "", "email"},
	}
	var stored []kiosk.Attendee
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			count, _ := f.store.CountAttendees(ctx)
			a, payload, err := desk.WalkIn(ctx, tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("WalkIn = %v, want an error about %q", err, tt.wantErr)
				}
				if n, _ := f.store.CountAttendees(ctx); n != count {
					t.Errorf("a refused walk-in stored %d attendees", n-count)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			stored = append(stored, a)
			if payload != a.Code || !strings.HasPrefix(a.Code, "WI-") || !strings.HasPrefix(a.ID, "W") {
				t.Errorf("id %q, code %q, payload %q", a.ID, a.Code, payload)
			}
			got, err := f.store.Attendee(ctx, a.ID)
			if err != nil || got != a {
				t.Errorf("stored %+v, %v; want %+v", got, err, a)
			}
			if tt.in.Category == "" && a.Category != kiosk.CategoryVisitor || tt.in.Language == "" && a.Language != kiosk.French {
				t.Errorf("defaults: %s, %s", a.Category, a.Language)
			}
			for _, q := range []string{tt.search, a.ID, a.Code} {
				if q == "" {
					continue
				}
				if found, err := desk.Search(ctx, q, 10); err != nil || len(found) != 1 || found[0].ID != a.ID {
					t.Errorf("Search(%q) = %v, %v", q, found, err)
				}
			}
			res := f.scan(t, "k2", "entrance", kiosk.In, payload)
			if res.Scan.Verdict != kiosk.VerdictAccepted || res.Attendee.ID != a.ID {
				t.Errorf("badge of the walk-in: %s for %q", res.Scan.Verdict, res.Attendee.ID)
			}
		})
	}
	list, err := f.store.PendingWalkIns(ctx)
	if err != nil || fmt.Sprint(list) != fmt.Sprint(stored) {
		t.Fatalf("pending walk-ins %v, %v; want %v", list, err, stored)
	}
	if err := f.store.MarkWalkInsSent(ctx, []string{stored[0].ID, "A1"}); err != nil {
		t.Fatal(err)
	}
	if list, _ := f.store.PendingWalkIns(ctx); fmt.Sprint(list) != fmt.Sprint(stored[1:]) {
		t.Errorf("after marking the first sent: %v", list)
	}
	if err := f.store.MarkWalkInsSent(ctx, []string{stored[1].ID, stored[2].ID}); err != nil {
		t.Fatal(err)
	}
	if list, _ := f.store.PendingWalkIns(ctx); len(list) != 0 {
		t.Errorf("after marking all sent: %v", list)
	}
	// The hub echoing the walk-in back in a roster update changes nothing.
	if err := f.store.ApplyRoster(ctx, 4, stored[:1]); err != nil {
		t.Fatal(err)
	}
	if list, _ := f.store.PendingWalkIns(ctx); len(list) != 0 {
		t.Errorf("after the roster echo: %v", list)
	}
}

func TestThousandWalkIns(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	ids, codes := make(map[string]bool), make(map[string]bool)
	const n = 1000
	for i := range n {
		a, _, err := desk.WalkIn(ctx, kiosk.Attendee{FirstName: "Walk", LastName: fmt.Sprintf("In %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids[a.ID], codes[a.Code] = true, true
	}
	if len(ids) != n || len(codes) != n {
		t.Errorf("%d ids and %d codes for %d walk-ins", len(ids), len(codes), n)
	}
	if c, _ := f.store.CountAttendees(ctx); c != n+len(testRoster()) {
		t.Errorf("%d attendees, want %d", c, n+len(testRoster()))
	}
	if list, err := f.store.PendingWalkIns(ctx); err != nil || len(list) != n {
		t.Errorf("%d pending walk-ins, %v", len(list), err)
	}
}
