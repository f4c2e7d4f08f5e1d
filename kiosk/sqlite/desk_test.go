package sqlite_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/sync/protocol"
)

// desk is the fixture's desk at a checkpoint, on the fixture's clock.
func (f *fixture) desk(kioskName, checkpoint string) *sqlite.Desk {
	return f.store.Desk(kioskName, checkpoint, func() time.Time { return f.now })
}

func (f *fixture) byHand(t *testing.T, d *sqlite.Desk, id string, dir kiosk.Direction) kiosk.Result {
	t.Helper()
	f.now = f.now.Add(time.Minute)
	res, err := d.CheckByHand(ctx, id, dir)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func pending(t *testing.T, st *sqlite.Store) map[string]sqlite.StoredScan {
	t.Helper()
	list, err := st.PendingScans(ctx, 0, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]sqlite.StoredScan, len(list))
	for _, s := range list {
		out[s.ID] = s
	}
	return out
}

func TestCheckByHand(t *testing.T) {
	f := newFixture(t)
	if err := f.store.Revoke(ctx, "A5", 0, "fraud"); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Revoke(ctx, "A4", 1, "lost badge"); err != nil {
		t.Fatal(err)
	}
	desk, session := f.desk("desk-1", "entrance"), f.desk("desk-1", "ag-cuf")
	steps := []struct {
		name       string
		desk       *sqlite.Desk
		id         string
		dir        kiosk.Direction
		want       kiosk.Verdict
		wantReason string
		inside     int // at the entrance
	}{
		{"check in", desk, "A2", kiosk.In, kiosk.VerdictAccepted, "", 1},
		{"again", desk, "A2", kiosk.In, kiosk.VerdictAlreadyCheckedIn, "", 1},
		{"check out", desk, "A2", kiosk.Out, kiosk.VerdictAccepted, "", 0},
		{"out without entry", desk, "A1", kiosk.Out, kiosk.VerdictAccepted, kiosk.ReasonNotInside, 0},
		{"every badge revoked", desk, "A5", kiosk.In, kiosk.VerdictRevoked, "", 0},
		{"one lost badge revoked: the person is here", desk, "A4", kiosk.In, kiosk.VerdictAccepted, "", 1},
		{"session before opening", session, "A1", kiosk.In, kiosk.VerdictNotAllowedHere, kiosk.ReasonBeforeOpening, 1},
		{"session category", session, "A3", kiosk.In, kiosk.VerdictNotAllowedHere, kiosk.ReasonCategory, 1},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			res := f.byHand(t, s.desk, s.id, s.dir)
			if res.Scan.Verdict != s.want || res.Scan.Reason != s.wantReason {
				t.Fatalf("verdict %s (%s), want %s (%s)", res.Scan.Verdict, res.Scan.Reason, s.want, s.wantReason)
			}
			if res.Attendee.ID != s.id || res.Scan.AttendeeID != s.id {
				t.Errorf("result names %q / %q, want %q", res.Attendee.ID, res.Scan.AttendeeID, s.id)
			}
			if s.want == kiosk.VerdictAlreadyCheckedIn && res.Scan.FirstKiosk != "desk-1" {
				t.Errorf("first kiosk %q", res.Scan.FirstKiosk)
			}
			stored, ok := pending(t, f.store)[res.Scan.ID]
			if !ok {
				t.Fatal("scan not in the outbox")
			}
			if stored.Payload != kiosk.ManualPayload || stored.Kiosk != "desk-1" || stored.Verdict != s.want || !stored.At.Equal(f.now) {
				t.Errorf("stored %+v", stored.Scan)
			}
			if n, err := f.store.Occupancy(ctx, "entrance"); err != nil || n != s.inside {
				t.Errorf("occupancy %d (%v), want %d", n, err, s.inside)
			}
		})
	}

	before, _ := f.store.CountPending(ctx)
	for _, bad := range []struct {
		id       string
		dir      kiosk.Direction
		notFound bool
	}{{"Z9", kiosk.In, true}, {"a2", kiosk.In, true}, {"", kiosk.In, false}, {"A2", "sideways", false}} {
		_, err := desk.CheckByHand(ctx, bad.id, bad.dir)
		if err == nil || bad.notFound != errors.Is(err, sqlite.ErrNotFound) {
			t.Errorf("CheckByHand(%q, %q) = %v", bad.id, bad.dir, err)
		}
	}
	if after, _ := f.store.CountPending(ctx); after != before {
		t.Errorf("refused hand checks stored %d scans", after-before)
	}
}

func TestUndo(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	entry := f.byHand(t, desk, "A2", kiosk.In)
	f.now = f.now.Add(5 * time.Minute)
	undo, err := desk.Undo(ctx, entry.Scan.ID)
	if err != nil {
		t.Fatal(err)
	}
	u := undo.Scan
	if u.Direction != kiosk.Out || u.Verdict != kiosk.VerdictAccepted || u.Reason != kiosk.ReasonUndo || u.Undoes != entry.Scan.ID ||
		u.AttendeeID != "A2" || u.Checkpoint != "entrance" || u.Kiosk != "desk-1" || !u.At.Equal(f.now) || undo.Attendee.ID != "A2" {
		t.Errorf("undo %+v", undo)
	}
	if n, _ := f.store.Occupancy(ctx, "entrance"); n != 0 {
		t.Errorf("occupancy %d after the undo, want 0", n)
	}
	hist, err := desk.History(ctx, "A2")
	if err != nil || len(hist) != 2 || hist[0].ID != u.ID || hist[0].Undoes != entry.Scan.ID || hist[1].ID != entry.Scan.ID {
		t.Fatalf("history %+v, %v", hist, err)
	}
	sent, ok := pending(t, f.store)[u.ID]
	if !ok || sent.Undoes != entry.Scan.ID || sent.Payload != kiosk.UndoPayload {
		t.Errorf("undo in the outbox: %v %+v", ok, sent)
	}
	// The hub takes it as any exit.
	if _, err := protocol.Encode(protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{protocol.FromScan(sent.Seq, sent.Scan)}}); err != nil {
		t.Errorf("undo cannot travel to the hub: %v", err)
	}
	if _, err := desk.Undo(ctx, entry.Scan.ID); !errors.Is(err, kiosk.ErrCannotUndo) || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo: %v", err)
	}
	if _, err := desk.Undo(ctx, u.ID); !errors.Is(err, kiosk.ErrCannotUndo) {
		t.Errorf("undo of the undo: %v", err)
	}
	// Nothing remembers the entry: the badge is accepted, and is then the
	// first entry.
	again := f.scan(t, "k2", "entrance", kiosk.In, f.token(t, "A2", 1))
	if again.Scan.Verdict != kiosk.VerdictAccepted {
		t.Fatalf("scan after the undo: %s", again.Scan.Verdict)
	}
	third := f.scan(t, "k1", "entrance", kiosk.In, f.token(t, "A2", 1))
	if third.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn || third.Scan.FirstKiosk != "k2" || !third.Scan.FirstAt.Equal(again.Scan.At) {
		t.Errorf("then: %+v", third.Scan)
	}
	if n, _ := f.store.Occupancy(ctx, "entrance"); n != 1 {
		t.Errorf("occupancy %d, want 1", n)
	}
}

// Undoing a re-entry keeps the first entry: the attendee did come.
func TestUndoReentryKeepsFirstEntry(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	first := f.byHand(t, desk, "A1", kiosk.In)
	f.byHand(t, desk, "A1", kiosk.Out)
	reentry := f.byHand(t, desk, "A1", kiosk.In)
	if _, err := desk.Undo(ctx, reentry.Scan.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.store.Occupancy(ctx, "entrance"); n != 0 {
		t.Errorf("occupancy %d, want 0", n)
	}
	f.byHand(t, desk, "A1", kiosk.In)
	res := f.byHand(t, desk, "A1", kiosk.In)
	if res.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn || !res.Scan.FirstAt.Equal(first.Scan.At) {
		t.Errorf("after undoing the re-entry: %+v, want already checked in since %s", res.Scan, first.Scan.At)
	}
}

// An entry undone twice over leaves no trace in presence: the next
// entry is the first.
func TestUndoAfterUndoneEntry(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	for range 2 {
		entry := f.byHand(t, desk, "A2", kiosk.In)
		if entry.Scan.Verdict != kiosk.VerdictAccepted {
			t.Fatalf("entry: %s", entry.Scan.Verdict)
		}
		if _, err := desk.Undo(ctx, entry.Scan.ID); err != nil {
			t.Fatal(err)
		}
	}
	first := f.byHand(t, desk, "A2", kiosk.In)
	res := f.byHand(t, desk, "A2", kiosk.In)
	if first.Scan.Verdict != kiosk.VerdictAccepted || res.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn || !res.Scan.FirstAt.Equal(first.Scan.At) {
		t.Errorf("after two undone entries: %s, then %s since %s (want since %s)", first.Scan.Verdict, res.Scan.Verdict, res.Scan.FirstAt, first.Scan.At)
	}
	if n, _ := f.store.Occupancy(ctx, "entrance"); n != 1 {
		t.Errorf("occupancy %d, want 1", n)
	}
}

// The General Meeting has two seats: undoing a check-in frees one.
func TestUndoFreesASeat(t *testing.T) {
	f := newFixture(t)
	f.now = t0.Add(2 * time.Hour)
	door := f.desk("door-1", "ag-cuf")
	f.byHand(t, door, "A1", kiosk.In)
	wrong := f.byHand(t, door, "A4", kiosk.In)
	if res := f.byHand(t, door, "A6", kiosk.In); res.Scan.Verdict != kiosk.VerdictRoomFull {
		t.Fatalf("third person: %s", res.Scan.Verdict)
	}
	if _, err := door.Undo(ctx, wrong.Scan.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.store.Occupancy(ctx, "ag-cuf"); n != 1 {
		t.Errorf("occupancy %d, want 1", n)
	}
	if res := f.byHand(t, door, "A6", kiosk.In); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("after the undo: %s", res.Scan.Verdict)
	}
}

func TestUndoRefused(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	if err := f.store.Revoke(ctx, "A5", 0, "fraud"); err != nil {
		t.Fatal(err)
	}
	relayedID := kiosk.NewScanID()
	err := f.store.ApplyRelayed(ctx, 1, []sqlite.RelayedScan{{Cursor: 1, Scan: kiosk.Scan{ID: relayedID, Kiosk: "door-a",
		Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A3", At: f.now}}})
	if err != nil {
		t.Fatal(err)
	}
	// The hub may relay this kiosk's own scans back after a wipe: still not undoable here.
	ownRelayedID := kiosk.NewScanID()
	err = f.store.ApplyRelayed(ctx, 2, []sqlite.RelayedScan{{Cursor: 2, Scan: kiosk.Scan{ID: ownRelayedID, Kiosk: "desk-1",
		Checkpoint: "ag-cuf", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A3", At: f.now}}})
	if err != nil {
		t.Fatal(err)
	}
	old := f.byHand(t, desk, "A4", kiosk.In).Scan.ID
	f.now = f.now.Add(16 * time.Minute)
	left := f.byHand(t, desk, "A6", kiosk.In).Scan.ID
	f.byHand(t, desk, "A6", kiosk.Out)
	refused := f.byHand(t, desk, "A5", kiosk.In).Scan.ID
	exit := f.byHand(t, desk, "A1", kiosk.Out).Scan.ID
	again := f.byHand(t, desk, "A4", kiosk.In).Scan.ID // already checked in
	otherKiosk := f.scan(t, "k2", "entrance", kiosk.In, f.token(t, "A2", 1)).Scan.ID
	unknownBadge := f.scan(t, "desk-1", "entrance", kiosk.In, "WZ-999").Scan.ID

	tests := []struct {
		name, id, why string
	}{
		{"after 16 minutes", old, "too old"},
		{"refused scan", refused, "not an admitted entry"},
		{"already checked in", again, "not an admitted entry"},
		{"unknown badge", unknownBadge, "not an admitted entry"},
		{"exit", exit, "not an admitted entry"},
		{"another kiosk's relayed scan", relayedID, "not this kiosk's"},
		{"own scan relayed back", ownRelayedID, "not this kiosk's"},
		{"another kiosk's local scan", otherKiosk, "not this kiosk's"},
		{"left since", left, "no longer the attendee's last admission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := f.store.CountPending(ctx)
			inside, _ := f.store.Occupancy(ctx, "entrance")
			_, err := desk.Undo(ctx, tt.id)
			if !errors.Is(err, kiosk.ErrCannotUndo) || !strings.Contains(err.Error(), tt.why) {
				t.Fatalf("Undo = %v, want ErrCannotUndo: %s", err, tt.why)
			}
			after, _ := f.store.CountPending(ctx)
			now, _ := f.store.Occupancy(ctx, "entrance")
			if after != before || now != inside {
				t.Errorf("a refused undo changed the outbox (%d → %d) or occupancy (%d → %d)", before, after, inside, now)
			}
		})
	}
	if _, err := desk.Undo(ctx, "no-such-scan"); !errors.Is(err, sqlite.ErrNotFound) {
		t.Errorf("undo of an unknown scan: %v", err)
	}
}

// Another kiosk that is relayed the entry and its undo counts the attendee
// out, and admits them again.
func TestRelayedUndoIsAnExit(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	entry := f.byHand(t, desk, "A2", kiosk.In)
	undo, err := desk.Undo(ctx, entry.Scan.ID)
	if err != nil {
		t.Fatal(err)
	}
	other := newFixture(t)
	// The wire carries no undoes yet: relay what protocol keeps.
	var relayed []sqlite.RelayedScan
	for i, sc := range []kiosk.Scan{entry.Scan, undo.Scan} {
		relayed = append(relayed, sqlite.RelayedScan{Cursor: int64(i + 1), Scan: protocol.FromScan(int64(i+1), sc).Scan()})
	}
	if err := other.store.ApplyRelayed(ctx, 2, relayed); err != nil {
		t.Fatal(err)
	}
	if n, _ := other.store.Occupancy(ctx, "entrance"); n != 0 {
		t.Errorf("occupancy at the other kiosk %d, want 0", n)
	}
	if res := other.scan(t, "k2", "entrance", kiosk.In, other.token(t, "A2", 1)); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("at the other kiosk after the relayed undo: %s", res.Scan.Verdict)
	}
}

func TestRecentScans(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	if got, err := desk.RecentScans(ctx, 10); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %v, %v", got, err)
	}
	err := f.store.ApplyRelayed(ctx, 1, []sqlite.RelayedScan{{Cursor: 1, Scan: kiosk.Scan{ID: kiosk.NewScanID(), Kiosk: "door-a",
		Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "A3", At: f.now}}})
	if err != nil {
		t.Fatal(err)
	}
	a1 := f.scan(t, "desk-1", "entrance", kiosk.In, f.token(t, "A1", 1))
	unknown := f.scan(t, "desk-1", "entrance", kiosk.In, "WZ-999")
	a3 := f.byHand(t, desk, "A3", kiosk.In) // relayed in already
	a1again := f.byHand(t, desk, "A1", kiosk.In)
	want := []struct {
		id, name string
		verdict  kiosk.Verdict
	}{
		{a1again.Scan.ID, "Médéric PETIT", kiosk.VerdictAlreadyCheckedIn},
		{a3.Scan.ID, "John Smith", kiosk.VerdictAlreadyCheckedIn},
		{unknown.Scan.ID, "", kiosk.VerdictUnknownBadge},
		{a1.Scan.ID, "Médéric PETIT", kiosk.VerdictAccepted},
	}
	for _, limit := range []int{2, 4, 100} {
		got, err := desk.RecentScans(ctx, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != min(limit, len(want)) {
			t.Fatalf("limit %d: %d scans, want %d", limit, len(got), min(limit, len(want)))
		}
		for i, r := range got {
			w := want[i]
			if r.Scan.ID != w.id || r.Attendee.Name() != w.name || r.Scan.Verdict != w.verdict {
				t.Errorf("limit %d, #%d: %s %q %s; want %s %q %s", limit, i, r.Scan.ID, r.Attendee.Name(), r.Scan.Verdict, w.id, w.name, w.verdict)
			}
		}
	}
	if got, _ := desk.RecentScans(ctx, 0); got != nil {
		t.Errorf("limit 0: %v", got)
	}
}

func TestHistory(t *testing.T) {
	f := newFixture(t)
	desk := f.desk("desk-1", "entrance")
	relayed := kiosk.Scan{ID: kiosk.NewScanID(), Kiosk: "door-a", Checkpoint: "entrance", Direction: kiosk.In,
		Verdict: kiosk.VerdictAccepted, AttendeeID: "A1", At: f.now.Add(30 * time.Second)}
	if err := f.store.ApplyRelayed(ctx, 1, []sqlite.RelayedScan{{Cursor: 1, Scan: relayed}}); err != nil {
		t.Fatal(err)
	}
	f.now = t0.Add(2 * time.Hour)
	var want []string
	for _, step := range []struct {
		cp  string
		dir kiosk.Direction
	}{{"entrance", kiosk.In}, {"ag-cuf", kiosk.In}, {"ag-cuf", kiosk.Out}, {"entrance", kiosk.Out}} {
		want = append([]string{f.byHand(t, f.desk("desk-1", step.cp), "A1", step.dir).Scan.ID}, want...)
	}
	f.byHand(t, desk, "A4", kiosk.In) // someone else
	want = append(want, relayed.ID)
	hist, err := desk.History(ctx, "A1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range hist {
		got = append(got, s.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("history %v, want %v", got, want)
	}
	if hist[0].Checkpoint != "entrance" || hist[1].Checkpoint != "ag-cuf" || hist[4].Kiosk != "door-a" {
		t.Errorf("history %+v", hist)
	}
	if hist, err := desk.History(ctx, "Z9"); err != nil || len(hist) != 0 {
		t.Errorf("history of nobody: %v, %v", hist, err)
	}
	if _, err := desk.History(ctx, ""); err == nil {
		t.Error("history of an empty id succeeded")
	}
	// At most HistoryLimit, the newest.
	for range sqlite.HistoryLimit {
		f.byHand(t, desk, "A6", kiosk.Out)
	}
	last := f.byHand(t, desk, "A6", kiosk.Out)
	if hist, _ := desk.History(ctx, "A6"); len(hist) != sqlite.HistoryLimit || hist[0].ID != last.Scan.ID {
		t.Errorf("long history: %d scans, newest %s", len(hist), hist[0].ID)
	}
}
