package hubclient_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// 2,000 attendees whose names, organisations and notes are at their
// longest once made a roster page larger than the frame limit: the hub's
// Encode failed and no kiosk got anything more from it. Through the real
// client, a self kiosk and a desk (whose pages carry a badge token for
// each attendee) each end with every attendee, and their scans still go
// through.
func TestLongRosterReachesKiosks(t *testing.T) {
	ctx := context.Background()
	long := func(n int, s string) string { return strings.Repeat(s, n/len([]rune(s))) }
	list := make([]kiosk.Attendee, 2000)
	for i := range list {
		list[i] = kiosk.Attendee{ID: fmt.Sprintf("A%04d", i+1), FirstName: long(kiosk.MaxNameLength, "É"),
			LastName: long(kiosk.MaxNameLength, `"`), Organisation: long(kiosk.MaxOrganisationLength, `\`),
			Country: long(kiosk.MaxCountryLength, "ü"), Category: kiosk.CategoryDelegation, Language: kiosk.French,
			Code: fmt.Sprintf("EXT-%05d", i), Note: long(kiosk.MaxNoteLength, `"é`)}
	}
	v := newVenue(t, list)
	// Each door admits someone of its own: the other door's admission
	// reaches it as a relay, and would make its scan already_checked_in.
	for role, who := range map[string]string{protocol.RoleSelf: "A0007", protocol.RoleDesk: "A0008"} {
		t.Run(role, func(t *testing.T) {
			d := v.doorAs(t, t.TempDir(), "door-"+role, role, time.Now)
			eventually(t, "the whole roster and its version", func() bool {
				n, _ := d.store.CountAttendees(ctx)
				st, _ := d.store.SyncState(ctx)
				return n == len(list) && st.RosterVersion == 1
			})
			a, err := d.store.Attendee(ctx, "A2000")
			if err != nil || a.Note != list[1999].Note || a.LastName != list[1999].LastName {
				t.Fatalf("last attendee as stored: %v %.40q", err, a.Note)
			}
			if res := d.scan(t, v.token(t, who)); res.Scan.Verdict != kiosk.VerdictAccepted {
				t.Fatalf("scan after the roster: %s", res.Scan.Verdict)
			}
			eventually(t, "the scan acknowledged", func() bool { n, _ := d.store.CountPending(ctx); return n == 0 })
		})
	}
}
