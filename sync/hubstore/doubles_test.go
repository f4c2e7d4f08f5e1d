package hubstore_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
)

// Around a clock change, the export, the report and the hub's live counts
// cut the event's days at the same midnight, so they list the same double
// entries. The event's first scan falls before the change, in the other
// season, so that one UTC offset for the whole event would cut wrong.
func TestDoubleEntriesAcrossClockChanges(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name                 string
		opening, first, next time.Time
		double               bool
	}{
		// 23:50 and 00:30 summer time: two days, two arrivals.
		{"spring, either side of midnight", utc("2026-03-28T08:00:00Z"), utc("2026-03-29T21:50:00Z"), utc("2026-03-29T22:30:00Z"), false},
		// 22:50 and 23:10 winter time: one evening, a double entry.
		{"autumn, one evening", utc("2026-10-24T07:00:00Z"), utc("2026-10-25T21:50:00Z"), utc("2026-10-25T22:10:00Z"), true},
		// 23:30 and 00:10 winter time: two days.
		{"autumn, either side of midnight", utc("2026-10-24T07:00:00Z"), utc("2026-10-25T22:30:00Z"), utc("2026-10-25T23:10:00Z"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			entry := func(seq int64, id, att string, at time.Time) hubstore.Scan {
				return hubstore.Scan{Seq: seq, Scan: kiosk.Scan{ID: id, Checkpoint: kiosk.EntranceID, Direction: kiosk.In,
					Verdict: kiosk.VerdictAccepted, AttendeeID: att, At: at}}
			}
			batches := []hubstore.Batch{
				{Kiosk: "k1", Epoch: "e", Scans: []hubstore.Scan{entry(1, "opening", "A0", tt.opening), entry(2, "first", "A1", tt.first)}},
				{Kiosk: "k2", Epoch: "e", Scans: []hubstore.Scan{entry(1, "next", "A1", tt.next)}},
			}
			if _, err := s.Ingest(ctx, batches); err != nil {
				t.Fatal(err)
			}
			want := 0
			if tt.double {
				want = 1
			}
			live, err := hub.DoubleEntries(ctx, s, paris)
			if err != nil {
				t.Fatal(err)
			}
			if len(live) != want {
				t.Errorf("the hub counts %d double entries, want %d", len(live), want)
			}
			exported := 0
			err = s.EachExportRow(ctx, paris, func(r *hubstore.ExportRow) error {
				if r.DoubleEntryOf != "" {
					exported++
					if r.ID != "next" || r.DoubleEntryOf != "first" {
						t.Errorf("export: %s repeats %s, want next repeating first", r.ID, r.DoubleEntryOf)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if exported != want {
				t.Errorf("the export lists %d double entries, want %d", exported, want)
			}
			r, err := s.Report(ctx, paris)
			if err != nil {
				t.Fatal(err)
			}
			if r.Totals.DoubleEntries != want {
				t.Errorf("the report counts %d double entries, want %d", r.Totals.DoubleEntries, want)
			}
		})
	}
}
