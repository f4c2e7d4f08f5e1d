package sqlite_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

// The Forum lasts two days and nobody scans out of the venue at night: the
// second morning at the entrance is an arrival, not "already checked in".
func TestSecondMorningIsAnArrival(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	day1 := time.Date(2016, 7, 4, 8, 30, 0, 0, paris)
	day2 := time.Date(2016, 7, 5, 8, 30, 0, 0, paris)
	for _, tc := range []struct {
		name string
		zone string
		// want is the verdict of the day-2 entry at 08:31 Paris time.
		want       kiosk.Verdict
		wantReason string
	}{
		{"event in Paris", "Europe/Paris", kiosk.VerdictAccepted, kiosk.ReasonNewDay},
		{"no zone set: UTC days", "", kiosk.VerdictAccepted, kiosk.ReasonNewDay},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.zone != "" {
				if err := f.store.SetSettings(ctx, map[string]string{kiosk.SettingTimeZone: tc.zone}); err != nil {
					t.Fatal(err)
				}
			}
			f.now = day1
			if r := f.scan(t, "k1", "entrance", kiosk.In, f.token(t, "A2", 1)); r.Scan.Verdict != kiosk.VerdictAccepted {
				t.Fatalf("day 1: %s", r.Scan.Verdict)
			}
			f.now = day1.Add(9 * time.Hour) // 17:31, still inside
			if r := f.scan(t, "k2", "entrance", kiosk.In, f.token(t, "A2", 1)); r.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn {
				t.Fatalf("day 1 evening: %s", r.Scan.Verdict)
			}
			f.now = day2
			r := f.scan(t, "k2", "entrance", kiosk.In, f.token(t, "A2", 1))
			if r.Scan.Verdict != tc.want || r.Scan.Reason != tc.wantReason {
				t.Fatalf("day 2: %s (%s), want %s (%s)", r.Scan.Verdict, r.Scan.Reason, tc.want, tc.wantReason)
			}
			if n, _ := f.store.Occupancy(ctx, "entrance"); n != 1 {
				t.Errorf("occupancy %d after the second morning, want 1 (still the same person)", n)
			}
			again := f.scan(t, "k1", "entrance", kiosk.In, f.token(t, "A2", 1))
			if again.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn || !again.Scan.FirstAt.Equal(day2.Add(time.Minute)) || again.Scan.FirstKiosk != "k2" {
				t.Errorf("second scan on day 2: %s, first %s at %s; want already checked in, first k2 at %s",
					again.Scan.Verdict, again.Scan.FirstKiosk, again.Scan.FirstAt, day2.Add(time.Minute))
			}
		})
	}
}

func TestRelayedSecondMorning(t *testing.T) {
	f := newFixture(t)
	if err := f.store.SetSettings(ctx, map[string]string{kiosk.SettingTimeZone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	day1 := time.Date(2016, 7, 4, 9, 0, 0, 0, paris)
	day2 := time.Date(2016, 7, 5, 9, 0, 0, 0, paris)
	relay := func(cursor int64, at time.Time, k string) {
		t.Helper()
		err := f.store.ApplyRelayed(ctx, cursor, []sqlite.RelayedScan{{Cursor: cursor, Scan: kiosk.Scan{ID: kiosk.NewScanID(),
			Kiosk: k, Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A4", At: at}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	relay(1, day1, "door-a")
	relay(2, day2, "door-b")
	// A late report of day 1 changes nothing of day 2.
	relay(3, day1.Add(time.Hour), "door-c")
	f.now = day2.Add(time.Hour)
	r := f.scan(t, "desk", "entrance", kiosk.In, f.token(t, "A4", 1))
	if r.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn || r.Scan.FirstKiosk != "door-b" || !r.Scan.FirstAt.Equal(day2) {
		t.Errorf("scan on day 2 after relayed entries: %s, first %s at %s; want already checked in at door-b at %s",
			r.Scan.Verdict, r.Scan.FirstKiosk, r.Scan.FirstAt, day2)
	}
	if n, _ := f.store.Occupancy(ctx, "entrance"); n != 1 {
		t.Errorf("occupancy %d, want 1", n)
	}
}

// The zone is read once and kept; setting it again (a kiosk joining its
// event's hub) takes effect at the next scan.
func TestZoneSetAfterScans(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	f.now = time.Date(2016, 7, 4, 8, 30, 0, 0, paris)
	if r := f.scan(t, "k1", "entrance", kiosk.In, f.token(t, "A2", 1)); r.Scan.Verdict != kiosk.VerdictAccepted {
		t.Fatalf("day 1: %s", r.Scan.Verdict)
	}
	if err := f.store.SetSettings(ctx, map[string]string{kiosk.SettingTimeZone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	// 00:31 in Paris is 22:31 UTC the day before: a new day only in Paris.
	f.now = time.Date(2016, 7, 5, 0, 30, 0, 0, paris)
	r := f.scan(t, "k1", "entrance", kiosk.In, f.token(t, "A2", 1))
	if r.Scan.Verdict != kiosk.VerdictAccepted || r.Scan.Reason != kiosk.ReasonNewDay {
		t.Errorf("after midnight in Paris: %s (%s), want accepted (new_day)", r.Scan.Verdict, r.Scan.Reason)
	}
}
