package hubstore_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// Nobody scans out of the venue at night: an entry on the second morning
// at another kiosk is an arrival, not a double entry; the same two entries
// on one day are.
func TestDoubleEntriesStayWithinADay(t *testing.T) {
	s := open(t)
	if _, err := s.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "A1", LastName: "Diallo"}, {ID: "A2", LastName: "Lefèvre"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	for i, x := range []struct {
		kiosk, id, att string
		at             time.Time
	}{
		{"k1", "a1", "A1", at(1, 17, 0)},
		{"k2", "a2", "A1", at(2, 8, 30)}, // the second morning
		{"k1", "b1", "A2", at(1, 8, 0)},
		{"k2", "b2", "A2", at(1, 23, 59)}, // 22:59 UTC: still day 1 in Paris
	} {
		_, err := s.Ingest(ctx, []hubstore.Batch{{Kiosk: x.kiosk, Epoch: "e", Scans: []hubstore.Scan{{Seq: int64(i + 1), Scan: kiosk.Scan{
			ID: x.id, Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: x.att, At: x.at}}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	doubles := map[string]string{}
	if err := s.EachExportRow(ctx, paris, func(r *hubstore.ExportRow) error {
		if r.DoubleEntryOf != "" {
			doubles[r.ID] = r.DoubleEntryOf
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(doubles) != 1 || doubles["b2"] != "b1" {
		t.Errorf("double entries %v, want only b2 repeating b1", doubles)
	}
	r, err := s.Report(ctx, paris)
	if err != nil {
		t.Fatal(err)
	}
	if r.Totals.DoubleEntries != 1 {
		t.Errorf("report counts %d double entries, want 1", r.Totals.DoubleEntries)
	}
}
