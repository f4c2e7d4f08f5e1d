package sqlite_test

import (
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
)

func TestApplyRelayed(t *testing.T) {
	f := newFixture(t)
	atA := t0.Add(30 * time.Second)
	relayed := []sqlite.RelayedScan{
		{Cursor: 7, Scan: kiosk.Scan{ID: kiosk.NewScanID(), Kiosk: "door-a", Checkpoint: "entrance", Direction: kiosk.In,
			Verdict: kiosk.VerdictAccepted, AttendeeID: "A2", At: atA}},
		{Cursor: 8, Scan: kiosk.Scan{ID: kiosk.NewScanID(), Kiosk: "door-a", Checkpoint: "entrance", Direction: kiosk.In,
			Verdict: kiosk.VerdictAccepted, AttendeeID: "A4", At: atA}},
		{Cursor: 9, Scan: kiosk.Scan{ID: kiosk.NewScanID(), Kiosk: "door-a", Checkpoint: "entrance", Direction: kiosk.Out,
			Verdict: kiosk.VerdictAccepted, AttendeeID: "A4", At: atA.Add(time.Second)}},
	}
	if err := f.store.ApplyRelayed(ctx, 9, relayed); err != nil {
		t.Fatal(err)
	}
	// Applying the same relay twice changes nothing.
	if err := f.store.ApplyRelayed(ctx, 9, relayed); err != nil {
		t.Fatal(err)
	}
	res := f.scan(t, "door-b", "entrance", kiosk.In, f.token(t, "A2", 1))
	if res.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn || res.Scan.FirstKiosk != "door-a" || !res.Scan.FirstAt.Equal(atA) {
		t.Errorf("badge admitted at door A, scanned at B: %+v", res.Scan)
	}
	if res := f.scan(t, "door-b", "entrance", kiosk.In, f.token(t, "A4", 1)); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("badge that left at door A, scanned at B: %s", res.Scan.Verdict)
	}
	if n, _ := f.store.Occupancy(ctx, "entrance"); n != 2 {
		t.Errorf("occupancy %d, want 2", n)
	}
	if n, _ := f.store.CountPending(ctx); n != 2 {
		t.Errorf("outbox holds %d scans, want only the 2 local ones", n)
	}
	st, err := f.store.SyncState(ctx)
	if err != nil || st.SeenCursor != 9 {
		t.Errorf("sync state %+v, %v", st, err)
	}
}

func TestApplyRosterAndRevocations(t *testing.T) {
	f := newFixture(t)
	if err := f.store.ApplyRoster(ctx, 3, []kiosk.Attendee{{ID: "W1", FirstName: "Walk", LastName: "In", Code: "WI-9QX4"}}); err != nil {
		t.Fatal(err)
	}
	if res := f.scan(t, "k", "entrance", kiosk.In, "WI-9QX4"); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("walk-in code relayed by the hub: %s", res.Scan.Verdict)
	}
	if err := f.store.ApplyRevocations(ctx, 2, []sqlite.Revocation{{AttendeeID: "A1", Issue: 1, Reason: "lost"}}); err != nil {
		t.Fatal(err)
	}
	if res := f.scan(t, "k", "entrance", kiosk.In, f.token(t, "A1", 1)); res.Scan.Verdict != kiosk.VerdictRevoked {
		t.Errorf("revoked badge 1: %s", res.Scan.Verdict)
	}
	if res := f.scan(t, "k", "entrance", kiosk.In, f.token(t, "A1", 2)); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("reprinted badge 2: %s", res.Scan.Verdict)
	}
	if err := f.store.ApplyCheckpoints(ctx, 5, []kiosk.Checkpoint{{ID: "press-1", Name: "Conférence de presse", Kind: kiosk.KindSession}}); err != nil {
		t.Fatal(err)
	}
	st, _ := f.store.SyncState(ctx)
	if st != (sqlite.SyncState{RosterVersion: 3, CheckpointsVersion: 5, RevocationsVersion: 2}) {
		t.Errorf("sync state %+v", st)
	}
}
