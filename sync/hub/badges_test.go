package hub_test

import (
	"fmt"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// A desk reprints lost badges, so the hub sends it each attendee's signed
// token with the roster; no other kiosk ever receives a token.
func TestRosterBadgesOnlyForDesks(t *testing.T) {
	f := newFixture(t)
	// More attendees than one desk roster message carries.
	const total = 1500
	more := make([]kiosk.Attendee, 0, total-1)
	for i := 2; i <= total; i++ {
		more = append(more, kiosk.Attendee{ID: fmt.Sprintf("A%d", i), FirstName: "Marie", LastName: fmt.Sprintf("Dupont %d", i),
			Organisation: "Ville de Dakar", Category: kiosk.CategoryVisitor, Language: kiosk.French})
	}
	if _, err := f.store.ImportAttendees(ctx, more, nil); err != nil {
		t.Fatal(err)
	}
	// A2 lost badge 1; every badge of A3 is revoked.
	for _, r := range []hubstore.Revocation{{AttendeeID: "A2", Issue: 1, Reason: "lost"}, {AttendeeID: "A3", Reason: "left"}} {
		if _, err := f.store.Revoke(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := f.store.Event(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reader := kiosk.NewBadgeReader(ev.ID, ev.PublicKeys...)
	for _, role := range []string{protocol.RoleDesk, protocol.RoleSelf, protocol.RoleSession, protocol.RoleOrganiser} {
		t.Run(role, func(t *testing.T) {
			ws := f.session(f.credential("kiosk-"+role, role), "e1")
			got := map[string]string{}
			for messages := 0; len(got) < total; messages++ {
				m, ok := next[*protocol.RosterUpdate](t, ws)
				if !ok {
					t.Fatalf("roster stopped after %d attendees in %d messages", len(got), messages)
				}
				for _, a := range m.Attendees {
					got[a.ID] = a.Badge
				}
			}
			for id, tok := range got {
				if role != protocol.RoleDesk {
					if tok != "" {
						t.Fatalf("a %s kiosk received the badge token of %s", role, id)
					}
					continue
				}
				wantIssue := 1
				switch id {
				case "A2":
					wantIssue = 2
				case "A3":
					if tok != "" {
						t.Fatalf("A3, every badge revoked, received a token")
					}
					continue
				}
				b, verdict := reader.Read(tok)
				if verdict != "" || b.AttendeeID != id || b.Issue != wantIssue {
					t.Fatalf("token of %s reads as %+v, verdict %q", id, b, verdict)
				}
			}
		})
	}
}

// A badge reported lost: once the organisers revoke it, a connected desk
// receives the revocation and the token of the badge that replaces it.
func TestDeskReceivesReplacementBadge(t *testing.T) {
	f := newFixture(t)
	ev, err := f.store.Event(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reader := kiosk.NewBadgeReader(ev.ID, ev.PublicKeys...)
	ws := f.session(f.credential("desk-1", protocol.RoleDesk), "e1")
	first, ok := next[*protocol.RosterUpdate](t, ws)
	if !ok || len(first.Attendees) != 1 {
		t.Fatalf("first roster: %+v", first)
	}
	if b, _ := reader.Read(first.Attendees[0].Badge); b.Issue != 1 {
		t.Fatalf("first badge is number %d", b.Issue)
	}
	if _, err := f.store.Revoke(ctx, hubstore.Revocation{AttendeeID: "A1", Issue: 1, Reason: "lost"}); err != nil {
		t.Fatal(err)
	}
	for {
		m, ok := next[*protocol.RosterUpdate](t, ws)
		if !ok {
			t.Fatal("no roster update after the revocation")
		}
		if len(m.Attendees) == 0 {
			continue
		}
		b, verdict := reader.Read(m.Attendees[0].Badge)
		if verdict != "" || b.AttendeeID != "A1" || b.Issue != 2 {
			t.Fatalf("replacement token reads as %+v, verdict %q", b, verdict)
		}
		return
	}
}
