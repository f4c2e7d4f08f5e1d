package hubclient_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// A desk keeps the badge token the hub sends with each attendee, to reprint
// lost badges; a self-service kiosk never holds one.
func TestDeskKeepsRosterBadges(t *testing.T) {
	ctx := context.Background()
	const n = 1200 // more than one desk roster message
	v := newVenue(t, roster(n))
	desk := v.doorAs(t, t.TempDir(), "desk-1", protocol.RoleDesk, time.Now)
	self := v.door(t, t.TempDir(), "door-1")
	for _, d := range []*door{desk, self} {
		eventually(t, "roster", func() bool { c, _ := d.store.CountAttendees(ctx); return c == n })
	}
	reader := kiosk.NewBadgeReader(event, v.key.Public())
	for _, id := range []string{"A0001", "A1200"} {
		_, payload, kind, err := desk.store.BadgePayload(ctx, id)
		if b, verdict := reader.Read(payload); err != nil || kind != kiosk.PayloadToken || verdict != "" || b.AttendeeID != id {
			t.Errorf("desk's badge of %s: %.20q (%s), %v; reads as %+v %q", id, payload, kind, err, b, verdict)
		}
		if _, _, _, err := self.store.BadgePayload(ctx, id); !errors.Is(err, kiosk.ErrNoBadge) {
			t.Errorf("self-service kiosk's badge of %s: %v, want none", id, err)
		}
	}
}
