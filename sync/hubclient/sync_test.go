package hubclient_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubclient"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

const event = "faic2016"

// venue is a real hub on a loopback port with its own store.
type venue struct {
	t      *testing.T
	store  *hubstore.Store
	server *hub.Server
	http   *httptest.Server
	addr   string
	key    kiosk.PrivateKey
}

func newVenue(t *testing.T, roster []kiosk.Attendee) *venue {
	t.Helper()
	ctx := context.Background()
	st, err := hubstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key, _ := kiosk.GenerateKey()
	if err := st.SetEvent(ctx, hubstore.Event{ID: event, Name: "Forum", TimeZone: "Europe/Paris", PrivateKey: key,
		PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, roster, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCheckpoints(ctx, nil); err != nil {
		t.Fatal(err)
	}
	v := &venue{t: t, store: st, key: key}
	v.start()
	t.Cleanup(func() {
		v.stop()
		st.Close()
	})
	return v
}

func (v *venue) start() {
	srv, err := hub.New(context.Background(), hub.Config{Store: v.store, Log: slog.New(slog.DiscardHandler),
		PollInterval: 50 * time.Millisecond, CountsInterval: 20 * time.Millisecond})
	if err != nil {
		v.t.Fatal(err)
	}
	v.server = srv
	v.http = httptest.NewUnstartedServer(srv.Handler())
	if v.addr != "" {
		// Kiosks know the hub by its address: a restarted hub keeps it.
		ln, err := net.Listen("tcp", v.addr)
		if err != nil {
			v.t.Fatal(err)
		}
		v.http.Listener.Close()
		v.http.Listener = ln
	}
	v.http.Start()
	v.addr = v.http.Listener.Addr().String()
}

func (v *venue) stop() {
	if v.http != nil {
		v.server.Close()
		v.http.Close()
		v.http = nil
	}
}

func (v *venue) code(name, role string) string {
	v.t.Helper()
	tok, _ := enroll.NewToken()
	if err := v.store.AddEnrollment(context.Background(), name, role, enroll.HashToken(tok)); err != nil {
		v.t.Fatal(err)
	}
	return enroll.Code{Hub: strings.TrimPrefix(v.http.URL, "http://"), Token: tok}.String()
}

// door is a kiosk enrolled at the venue, syncing in the background.
type door struct {
	store   *sqlite.Store
	client  *hubclient.Client
	station *kiosk.Station
	cancel  context.CancelFunc
	done    chan struct{}
}

func (v *venue) door(t *testing.T, dir, name string) *door {
	t.Helper()
	return v.doorWithClock(t, dir, name, time.Now)
}

func (v *venue) doorWithClock(t *testing.T, dir, name string, now func() time.Time) *door {
	t.Helper()
	return v.doorAs(t, dir, name, protocol.RoleSelf, now)
}

// doorAs is a kiosk enrolled with a role.
func (v *venue) doorAs(t *testing.T, dir, name, role string, now func() time.Time) *door {
	t.Helper()
	ctx := context.Background()
	en, err := hubclient.Enroll(ctx, v.code(name, role))
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSettings(ctx, en.Settings()); err != nil {
		t.Fatal(err)
	}
	epoch := fmt.Sprintf("epoch-%d", time.Now().UnixNano())
	d := &door{store: st}
	d.station = &kiosk.Station{Reader: kiosk.NewBadgeReader(event, v.key.Public()), Recorder: st, Kiosk: name,
		Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	d.client, err = hubclient.New(ctx, hubclient.Config{Store: st, Kiosk: name, Epoch: epoch, Checkpoint: kiosk.EntranceID,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	d.start()
	t.Cleanup(func() {
		d.stop()
		st.Close()
	})
	return d
}

func (d *door) start() {
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel, d.done = cancel, make(chan struct{})
	go func() {
		d.client.Run(ctx)
		close(d.done)
	}()
}

func (d *door) stop() {
	if d.cancel != nil {
		d.cancel()
		<-d.done
		d.cancel = nil
	}
}

func (d *door) scan(t *testing.T, payload string) kiosk.Result {
	t.Helper()
	res, err := d.station.Scan(context.Background(), payload)
	if err != nil {
		t.Fatal(err)
	}
	d.client.Notify()
	return res
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	// Generous: the whole suite runs with the race detector on two cores.
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func roster(n int) []kiosk.Attendee {
	out := make([]kiosk.Attendee, n)
	for i := range out {
		out[i] = kiosk.Attendee{ID: fmt.Sprintf("A%04d", i+1), FirstName: "Awa", LastName: fmt.Sprintf("Diallo %d", i+1),
			Category: kiosk.CategoryVisitor, Language: kiosk.French}
	}
	return out
}

func (v *venue) token(t *testing.T, id string) string {
	tok, err := v.key.Sign(kiosk.Token{Event: event, AttendeeID: id, Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestRelayBetweenKiosks(t *testing.T) {
	v := newVenue(t, roster(10))
	a := v.door(t, t.TempDir(), "door-a")
	b := v.door(t, t.TempDir(), "door-b")
	// Both kiosks receive the roster from the hub.
	eventually(t, "roster at door B", func() bool { n, _ := b.store.CountAttendees(context.Background()); return n == 10 })

	first := a.scan(t, v.token(t, "A0001"))
	if first.Scan.Verdict != kiosk.VerdictAccepted {
		t.Fatalf("door A: %s", first.Scan.Verdict)
	}
	eventually(t, "relay to door B", func() bool {
		st, _ := b.store.SyncState(context.Background())
		return st.SeenCursor > 0
	})
	res := b.scan(t, v.token(t, "A0001"))
	if res.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn || res.Scan.FirstKiosk != "door-a" || !res.Scan.FirstAt.Equal(first.Scan.At) {
		t.Errorf("door B after door A admitted the badge: %+v", res.Scan)
	}
	eventually(t, "outboxes drained", func() bool {
		na, _ := a.store.CountPending(context.Background())
		nb, _ := b.store.CountPending(context.Background())
		return na == 0 && nb == 0
	})
	eventually(t, "counts", func() bool {
		c := v.server.Counts()
		return c.CheckedIn == 1 && c.Registered == 10 && c.ByVerdict["already_checked_in"] == 1
	})
}

// A kiosk offline the whole time uploads its backlog when the hub comes
// back; two kiosks that both admitted a badge offline make a double entry
// counted once.
func TestOfflineBacklogAndDoubleEntry(t *testing.T) {
	v := newVenue(t, roster(300))
	a := v.door(t, t.TempDir(), "door-a")
	b := v.door(t, t.TempDir(), "door-b")
	eventually(t, "rosters", func() bool {
		na, _ := a.store.CountAttendees(context.Background())
		nb, _ := b.store.CountAttendees(context.Background())
		return na == 300 && nb == 300
	})
	v.stop()
	for i := 1; i <= 250; i++ {
		a.scan(t, v.token(t, fmt.Sprintf("A%04d", i)))
	}
	if res := b.scan(t, v.token(t, "A0001")); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Fatalf("door B offline: %s", res.Scan.Verdict)
	}
	v.start()
	a.client.Notify()
	b.client.Notify()
	eventually(t, "backlog uploaded", func() bool {
		na, _ := a.store.CountPending(context.Background())
		nb, _ := b.store.CountPending(context.Background())
		return na == 0 && nb == 0
	})
	// Acks leave as soon as scans are stored; counts follow a moment later.
	eventually(t, "counts after reconnection", func() bool {
		c := v.server.Counts()
		return c.CheckedIn == 250 && c.DoubleEntries == 1 && c.ByVerdict["accepted"] == 251
	})
}

// A kiosk wiped and enrolled again under its name starts a new epoch: its
// new scans do not clash with the old ones, and it gets its old admissions
// back from the hub.
func TestWipedKioskStartsNewEpoch(t *testing.T) {
	v := newVenue(t, roster(10))
	first := v.door(t, t.TempDir(), "door-a")
	eventually(t, "roster", func() bool { n, _ := first.store.CountAttendees(context.Background()); return n == 10 })
	first.scan(t, v.token(t, "A0001"))
	first.scan(t, v.token(t, "A0002"))
	eventually(t, "first life uploaded", func() bool { n, _ := first.store.CountPending(context.Background()); return n == 0 })
	first.stop()

	again := v.door(t, t.TempDir(), "door-a") // a new folder: the old one was wiped
	eventually(t, "old admissions relayed back", func() bool {
		st, _ := again.store.SyncState(context.Background())
		return st.SeenCursor >= 2
	})
	if res := again.scan(t, v.token(t, "A0001")); res.Scan.Verdict != kiosk.VerdictAlreadyCheckedIn {
		t.Errorf("badge admitted before the wipe: %s", res.Scan.Verdict)
	}
	again.scan(t, v.token(t, "A0003"))
	eventually(t, "second life uploaded", func() bool { n, _ := again.store.CountPending(context.Background()); return n == 0 })
	scans, _ := v.store.ScansSince(context.Background(), 0, 100)
	epochs := map[string]int{}
	for _, s := range scans {
		epochs[s.Epoch]++
	}
	if len(scans) != 4 || len(epochs) != 2 {
		t.Errorf("hub holds %d scans in epochs %v, want 4 in 2", len(scans), epochs)
	}
}

func TestClockOffsetWarning(t *testing.T) {
	v := newVenue(t, roster(1))
	d := v.doorWithClock(t, t.TempDir(), "door-a", func() time.Time { return time.Now().Add(-5 * time.Minute) })
	eventually(t, "connected", func() bool { return d.client.Status().Connected })
	st := d.client.Status()
	if !st.ClockWrong() || st.ClockOffset < 4*time.Minute {
		t.Errorf("kiosk 5 min late: offset %s, wrong=%v", st.ClockOffset, st.ClockWrong())
	}
	eventually(t, "offset in counts", func() bool {
		for _, k := range v.server.Counts().Kiosks {
			if k.Name == "door-a" && k.ClockOffsetMillis > 4*60*1000 {
				return true
			}
		}
		return false
	})
}

// A walk-in registered at the desk reaches the hub, which signs a badge for
// it and relays it: another door admits the walk-in's code.
func TestWalkInRelayed(t *testing.T) {
	v := newVenue(t, roster(5))
	desk := v.doorAs(t, t.TempDir(), "desk-1", protocol.RoleDesk, nil)
	door := v.door(t, t.TempDir(), "door-a")
	eventually(t, "rosters", func() bool { n, _ := door.store.CountAttendees(context.Background()); return n == 5 })
	a, code, err := desk.store.Desk("desk-1", kiosk.EntranceID, nil).WalkIn(context.Background(),
		kiosk.Attendee{FirstName: "Mariam", LastName: "Koné", Organisation: "Commune de Bamako"})
	if err != nil {
		t.Fatal(err)
	}
	desk.client.Notify()
	eventually(t, "walk-in relayed to door A", func() bool {
		_, err := door.store.Attendee(context.Background(), a.ID)
		return err == nil
	})
	if res := door.scan(t, code); res.Scan.Verdict != kiosk.VerdictAccepted || res.Attendee.ID != a.ID {
		t.Errorf("walk-in code at door A: %s %q", res.Scan.Verdict, res.Attendee.ID)
	}
	eventually(t, "signed badge at the desk", func() bool {
		p, err := desk.store.WalkInBadge(context.Background(), a.ID)
		return err == nil && strings.HasPrefix(p, kiosk.TokenPrefix)
	})
	tok, _ := desk.store.WalkInBadge(context.Background(), a.ID)
	if b, verdict := kiosk.NewBadgeReader(event, v.key.Public()).Read(tok); verdict != "" || b.AttendeeID != a.ID {
		t.Errorf("signed walk-in badge: %+v %q", b, verdict)
	}
	if pending, _ := desk.store.PendingWalkIns(context.Background()); len(pending) != 0 {
		t.Errorf("%d walk-ins still pending", len(pending))
	}
}

// An undo at the desk takes the admission out of the hub's counts too.
func TestUndoReachesCounts(t *testing.T) {
	v := newVenue(t, roster(3))
	d := v.doorAs(t, t.TempDir(), "desk-1", protocol.RoleDesk, nil)
	eventually(t, "roster", func() bool { n, _ := d.store.CountAttendees(context.Background()); return n == 3 })
	desk := d.store.Desk("desk-1", kiosk.EntranceID, nil)
	desk.Recorded = d.client.Notify
	res, err := desk.CheckByHand(context.Background(), "A0001", kiosk.In)
	if err != nil || res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Fatalf("check in by hand: %+v %v", res.Scan, err)
	}
	eventually(t, "check-in counted", func() bool { c := v.server.Counts(); return c.CheckedIn == 1 && c.Inside == 1 })
	if _, err := desk.Undo(context.Background(), res.Scan.ID); err != nil {
		t.Fatal(err)
	}
	eventually(t, "undo counted", func() bool { c := v.server.Counts(); return c.CheckedIn == 0 && c.Inside == 0 })
	scans, _ := v.store.ScansSince(context.Background(), 0, 10)
	if len(scans) != 2 || scans[1].Undoes != res.Scan.ID {
		t.Errorf("hub scans %+v", scans)
	}
}
