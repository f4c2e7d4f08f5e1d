package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
)

// A big first import builds the attendees' indexes after the rows; an
// import stopped half-way stores nothing. Either way the store ends with
// its indexes whole: codes admit, a code taken twice is refused, and
// search finds people.
func TestBulkImport(t *testing.T) {
	const n = 6000 // over the size where indexes are built after the rows
	tests := []struct {
		name   string
		cancel bool // stop the first import at its second progress report
	}{
		{"whole", false},
		{"stopped half-way", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := sqlite.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			list := sqlitetest.Attendees(n)
			ictx, cancel := context.WithCancel(ctx)
			defer cancel()
			finished := 0
			progress := func(done, total int) {
				if done == total {
					finished++
				}
				if tt.cancel && done >= 2000 {
					cancel()
				}
			}
			_, err = st.ImportAttendees(ictx, list, progress)
			if tt.cancel {
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("import stopped half-way: %v", err)
				}
				if got, _ := st.CountAttendees(ctx); got != 0 {
					t.Fatalf("%d attendees stored by an import that failed", got)
				}
				if _, err := st.ImportAttendees(ctx, list, nil); err != nil {
					t.Fatalf("import after the stopped one: %v", err)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if finished != 1 {
				t.Errorf("the end of the import was reported %d times, want once", finished)
			}
			if got, _ := st.CountAttendees(ctx); got != n {
				t.Fatalf("%d attendees stored, want %d", got, n)
			}
			station := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016"), Recorder: st, Kiosk: "k",
				Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
			if res, err := station.Scan(ctx, list[20].Code); err != nil || res.Attendee.ID != list[20].ID {
				t.Errorf("code %s admits %q (%v), want %s", list[20].Code, res.Attendee.ID, err, list[20].ID)
			}
			if found, err := st.Search(ctx, list[n-1].ID, 5); err != nil || len(found) != 1 {
				t.Errorf("search for %s: %v, %v", list[n-1].ID, found, err)
			}
			taken := kiosk.Attendee{ID: "NEW1", LastName: "Nouveau", Code: list[20].Code}
			if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{taken}, nil); err == nil {
				t.Error("a code already another attendee's was imported: the unique index is gone")
			}
		})
	}
}

// A scan asked for under a context already cancelled (the kiosk stopping)
// is refused whole: no verdict, nothing stored.
func TestRecordScanAfterCancel(t *testing.T) {
	f := newFixture(t)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", f.key.Public()), Recorder: f.store,
		Kiosk: "k", Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	if res, err := st.Scan(cctx, f.token(t, "A1", 1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("scan under a cancelled context: %+v, %v", res.Scan, err)
	}
	if n, err := f.store.CountPending(ctx); err != nil || n != 0 {
		t.Errorf("%d scans stored (%v), want none", n, err)
	}
}
