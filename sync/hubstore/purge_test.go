package hubstore_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

func TestPurge(t *testing.T) {
	s := open(t)
	if _, err := s.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "A1", FirstName: "Awa", LastName: "Diallo", Organisation: "Commune de Dakar", Email: "awa@example.org",
			Category: kiosk.CategoryDelegation, Language: kiosk.French, Code: "WZ-1", Note: "protocole"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, []hubstore.Batch{{Kiosk: "k", Epoch: "e", Scans: []hubstore.Scan{{Seq: 1, Scan: kiosk.Scan{
		ID: "s1", Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A1", At: time.Now()}}}}}); err != nil {
		t.Fatal(err)
	}
	for run, want := range []int{1, 0} { // a second purge finds nothing left
		st, err := s.Purge(ctx)
		if err != nil || st.Attendees != want {
			t.Fatalf("purge %d: %+v %v", run+1, st, err)
		}
	}
	a, err := s.Attendee(ctx, "A1")
	if err != nil || a.Name() != "A1" || a.Email != "" || a.Code != "" || a.Note != "" || a.Organisation != "" || a.Category != kiosk.CategoryDelegation {
		t.Errorf("after purge: %+v %v", a, err)
	}
	if err := a.Validate(); err != nil {
		t.Errorf("a purged attendee no longer travels to kiosks: %v", err)
	}
	scans, _ := s.ScansSince(ctx, 0, 10)
	if len(scans) != 1 {
		t.Errorf("scans after purge: %d", len(scans))
	}
}
