package hub

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// Arrivals count each attendee once, in the 15-minute bucket of their
// earliest entrance admission, whatever order the scans arrive in.
func TestArrivalBuckets(t *testing.T) {
	day := time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC)
	at := func(min int) time.Time { return day.Add(time.Duration(min) * time.Minute) }
	in := func(id, att, kioskName, checkpoint string, min int) hubstore.Scan {
		return hubstore.Scan{Scan: kiosk.Scan{ID: id, Kiosk: kioskName, Checkpoint: checkpoint, Direction: kiosk.In,
			Verdict: kiosk.VerdictAccepted, AttendeeID: att, At: at(min)}}
	}
	out := func(id, att string, min int) hubstore.Scan {
		s := in(id, att, "k1", kiosk.EntranceID, min)
		s.Direction = kiosk.Out
		return s
	}
	undo := func(id, att, undoes string, min int) hubstore.Scan {
		s := out(id, att, min)
		s.Reason, s.Undoes = kiosk.ReasonUndo, undoes
		return s
	}
	refused := in("r1", "A9", "k1", kiosk.EntranceID, 3)
	refused.Verdict = kiosk.VerdictUnknownBadge
	type bucket struct{ min, count int }
	tests := []struct {
		name  string
		scans [][]hubstore.Scan // delivered batch by batch
		want  []bucket
	}{
		{"one bucket per quarter hour", [][]hubstore.Scan{{in("a", "A1", "k1", "entrance", 0), in("b", "A2", "k1", "entrance", 14),
			in("c", "A3", "k1", "entrance", 15), in("d", "A4", "k1", "entrance", 59)}},
			[]bucket{{0, 2}, {15, 1}, {45, 1}}},
		{"re-entry and exit count once", [][]hubstore.Scan{{in("a", "A1", "k1", "entrance", 1), out("b", "A1", 20),
			in("c", "A1", "k1", "entrance", 40)}},
			[]bucket{{0, 1}}},
		{"a late scan with an earlier time moves the arrival", [][]hubstore.Scan{{in("a", "A1", "k1", "entrance", 31)},
			{in("b", "A1", "k2", "entrance", 2)}},
			[]bucket{{0, 1}}},
		{"undo of the only entry removes the arrival", [][]hubstore.Scan{{in("a", "A1", "k1", "entrance", 5), in("b", "A2", "k1", "entrance", 6)},
			{undo("u", "A1", "a", 7)}},
			[]bucket{{0, 1}}},
		{"undo of the first entry moves to the next", [][]hubstore.Scan{{in("a", "A1", "k1", "entrance", 5), in("b", "A1", "k2", "entrance", 50)},
			{undo("u", "A1", "a", 51)}},
			[]bucket{{45, 1}}},
		{"the second morning is an arrival of its own", [][]hubstore.Scan{{in("a", "A1", "k1", "entrance", 5),
			in("b", "A1", "k2", "entrance", 24*60+1)}},
			[]bucket{{0, 1}, {24 * 60, 1}}},
		{"sessions and refusals are not arrivals", [][]hubstore.Scan{{in("a", "A1", "k1", "salle-1", 5), refused}},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := newTally(time.UTC)
			for _, batch := range tt.scans {
				tl.add(batch)
			}
			got := tl.snapshot(day).Arrivals
			if got == nil {
				t.Fatal("arrivals is null: every field is always written")
			}
			want := make([]protocol.ArrivalCount, len(tt.want))
			for i, b := range tt.want {
				want[i] = protocol.ArrivalCount{At: at(b.min), Count: b.count}
			}
			if len(got) != len(want) {
				t.Fatalf("arrivals %v, want %v", got, want)
			}
			for i := range got {
				if !got[i].At.Equal(want[i].At) || got[i].Count != want[i].Count || got[i].At.Location() != time.UTC {
					t.Errorf("arrivals[%d] = %v, want %v", i, got[i], want[i])
				}
			}
			// Within one day, the sum of the buckets is the entrance's
			// checked-in count.
			sum := 0
			for _, b := range got {
				sum += b.Count
			}
			if c := tl.snapshot(day); sum != c.CheckedIn && got[len(got)-1].At.Sub(got[0].At) < 24*time.Hour {
				t.Errorf("buckets sum to %d, checked in %d", sum, c.CheckedIn)
			}
			if _, err := protocol.Encode(tl.snapshot(day)); err != nil {
				t.Errorf("counts with arrivals do not encode: %v", err)
			}
		})
	}
}

// Nobody scans out of the venue at night: entries at two kiosks on two
// days are two arrivals, while the same entries on one day (in the event's
// zone) are a double entry.
func TestDoubleEntriesWithinADay(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	entry := func(id, k string, at time.Time) hubstore.Scan {
		return hubstore.Scan{Scan: kiosk.Scan{ID: id, Kiosk: k, Checkpoint: kiosk.EntranceID, Direction: kiosk.In,
			Verdict: kiosk.VerdictAccepted, AttendeeID: "A1", At: at}}
	}
	evening := time.Date(2016, 7, 4, 23, 30, 0, 0, paris) // 21:30 UTC
	for _, tc := range []struct {
		name   string
		second time.Time
		want   int
	}{
		{"next morning", time.Date(2016, 7, 5, 8, 30, 0, 0, paris), 0},
		{"same evening", evening.Add(20 * time.Minute), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl := newTally(paris)
			tl.add([]hubstore.Scan{entry("a", "k1", evening), entry("b", "k2", tc.second)})
			if got := tl.snapshot(evening).DoubleEntries; got != tc.want {
				t.Errorf("double entries %d, want %d", got, tc.want)
			}
			if got := len(tl.doubleEntries()); got != tc.want {
				t.Errorf("listed double entries %d, want %d", got, tc.want)
			}
		})
	}
}
