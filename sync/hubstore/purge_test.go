package hubstore_test

import (
	"errors"
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

// Purge ends the documents that name people: who held whose proxy goes,
// and sheets and certificates are no longer made.
func TestPurgeEndsMeetingDocuments(t *testing.T) {
	s := open(t)
	if _, err := s.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "M1", LastName: "Lyon", Votes: 4, ProxyFor: "M2"},
		{ID: "M2", LastName: "Nantes", Votes: 2},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckNotPurged(ctx); err != nil {
		t.Fatalf("before purge: %v", err)
	}
	if _, err := s.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckNotPurged(ctx); !errors.Is(err, hubstore.ErrPurged) {
		t.Errorf("after purge: %v", err)
	}
	members, err := s.Members(ctx)
	if err != nil || len(members) != 2 || members[0].ProxyFor != "" || members[0].Votes != 4 {
		t.Errorf("members after purge: %+v %v", members, err)
	}
}
