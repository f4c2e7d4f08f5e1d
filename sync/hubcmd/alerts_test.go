package hubcmd

import (
	"context"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// TestPurgeRemovesAlerts: alerts say who arrived and who is awaited, so
// `hub purge` leaves none.
func TestPurgeRemovesAlerts(t *testing.T) {
	dir := newHub(t)
	ctx := context.Background()
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "S1", LastName: "Sow", Category: kiosk.CategorySpeaker, Language: kiosk.French}}, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := st.RaiseAlerts(ctx, []hubstore.NewAlert{{Kind: protocol.AlertArrival, AttendeeID: "S1", Checkpoint: kiosk.EntranceID, Kiosk: "desk-1", At: time.Now()},
		{Kind: protocol.AlertSpeakerMissing, AttendeeID: "S1", Scope: "pleniere", Checkpoint: "pleniere", At: time.Now()}}); err != nil || n != 2 {
		t.Fatalf("raise: %d, %v", n, err)
	}
	st.Close()
	if code, out, stderr := run("purge", "-data", dir); code != 0 {
		t.Fatalf("purge: exit %d, %q %s", code, out, stderr)
	}
	st, err = hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if list, err := st.Alerts(ctx, 100, false); err != nil || len(list) != 0 {
		t.Errorf("alerts after hub purge: %+v, %v", list, err)
	}
}
