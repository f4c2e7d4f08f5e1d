package hub_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// A roster whose notes and names are at their longest (2,000 attendees,
// every field full, quotes that double when escaped) once made a roster
// page larger than the frame limit, after which no kiosk's session with
// the hub worked. Pages are cut by size: every frame fits, every attendee
// arrives, for a desk (tokens added) as for a self kiosk, and sessions go
// on working.
func TestThreatLongRosterPages(t *testing.T) {
	f := newFixture(t)
	long := func(n int, s string) string { return strings.Repeat(s, n/len([]rune(s))) }
	var list []kiosk.Attendee
	for i := range 2000 {
		list = append(list, kiosk.Attendee{ID: fmt.Sprintf("L%05d", i), FirstName: long(kiosk.MaxNameLength, "é"),
			LastName: long(kiosk.MaxNameLength, `"`), Organisation: long(kiosk.MaxOrganisationLength, "\\"),
			Category: kiosk.CategoryDelegation, Language: kiosk.French, Country: long(kiosk.MaxCountryLength, "ü"),
			Code: fmt.Sprintf("EXT-%05d", i), Note: long(kiosk.MaxNoteLength, `"é`)})
	}
	f.addAttendees(list...)
	if _, err := f.store.Revoke(ctx, hubstore.Revocation{AttendeeID: "L00001", Issue: 1, Reason: long(kiosk.MaxNoteLength, `"`)}); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{protocol.RoleSelf, protocol.RoleDesk} {
		t.Run(role, func(t *testing.T) {
			ws := f.session(f.credential("kiosk-"+role, role), "e-"+role)
			got, frames, biggest := 0, 0, 0
			ws.SetReadDeadline(time.Now().Add(20 * time.Second))
			for got < 2001 {
				_, frame, err := ws.ReadMessage()
				if err != nil {
					t.Fatalf("after %d attendees in %d frames: %v", got, frames, err)
				}
				if len(frame) > protocol.MaxFrameBytes {
					t.Fatalf("a frame of %d bytes", len(frame))
				}
				m, err := protocol.Decode(frame)
				if err != nil {
					t.Fatal(err)
				}
				if r, ok := m.(*protocol.RosterUpdate); ok {
					got += len(r.Attendees)
					frames++
					biggest = max(biggest, len(frame))
					if role == protocol.RoleDesk && len(r.Attendees) > 0 && r.Attendees[0].Badge == "" {
						t.Error("a desk's page without badge tokens")
					}
				}
			}
			t.Logf("%s: %d attendees in %d roster frames, the largest %d bytes", role, got, frames, biggest)
			// The session still works.
			send(t, ws, protocol.ScanBatch{Epoch: "e-" + role, Scans: []protocol.WireScan{scan(1, scanID(900+len(role)))}})
			if a, ok := next[*protocol.Ack](t, ws); !ok || a.Seq != 1 {
				t.Errorf("ack after the roster: %+v", a)
			}
		})
	}
	// And a second session of another kiosk too.
	ws := f.session(f.credential("late-door", protocol.RoleSelf), "late")
	if err := ws.WriteMessage(websocket.PingMessage, nil); err != nil {
		t.Fatal(err)
	}
}
