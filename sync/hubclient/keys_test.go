package hubclient_test

import (
	"context"
	"log/slog"
	"net"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubclient"
	"github.com/accueil/accueil/sync/hubstore"
)

// After `hub key rotate` (another process, another handle on the hub's
// store) on a running hub with its default settings, a badge signed with
// the new key is invalid_signature at a kiosk that has not heard of it,
// and accepted within a second or two at a kiosk that stays enrolled and
// connected; an offline kiosk takes the key as soon as it reconnects; old
// badges stay accepted; the keys are kept for the next start. A welcome
// naming another event than the kiosk's changes none of its keys.
func TestKeyRotationReachesKiosks(t *testing.T) {
	ctx := context.Background()
	v := newVenue(t, roster(10))
	v.restartWithDefaults(t)
	enrolled := v.key.Public().String()
	a := v.door(t, t.TempDir(), "door-a")
	calls := followKeys(t, a, "door-a", enrolled)
	b := v.door(t, t.TempDir(), "door-b")
	followKeys(t, b, "door-b", enrolled)
	eventually(t, "both with the roster", func() bool {
		na, _ := a.store.CountAttendees(ctx)
		nb, _ := b.store.CountAttendees(ctx)
		return na == 10 && nb == 10
	})
	b.stop() // offline during the rotation

	cmd, err := hubstore.Open(v.store.Dir())
	if err != nil {
		t.Fatal(err)
	}
	pub, err := cmd.RotateKey(ctx)
	cmd.Close()
	if err != nil {
		t.Fatal(err)
	}
	rotated := time.Now()
	ev, _ := v.store.Event(ctx)
	if ev.PrivateKey.Public().String() != pub.String() || len(ev.PublicKeys) != 2 || ev.PublicKeys[1].String() != v.key.Public().String() {
		t.Fatalf("rotated event: %+v", ev.PublicKeys)
	}
	sign := func(id string) string {
		tok, err := ev.PrivateKey.Sign(kiosk.Token{Event: event, AttendeeID: id, Issue: 1})
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// Before the kiosk has the key: a forgery, as far as it knows.
	if res := b.scan(t, sign("A0001")); res.Scan.Verdict != kiosk.VerdictInvalidSignature {
		t.Fatalf("new badge at a kiosk without the new key: %s", res.Scan.Verdict)
	}

	fresh := sign("A0002")
	eventually(t, "the new key at the connected kiosk", func() bool {
		_, verdict := a.station.Reader.Read(fresh)
		return verdict == ""
	})
	took := time.Since(rotated)
	t.Logf("the connected kiosk read the new key's badges %v after the rotation", took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("the connected kiosk took %v to get the new key", took)
	}
	if res := a.scan(t, fresh); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("badge signed with the rotated key: %s", res.Scan.Verdict)
	}
	if res := a.scan(t, v.token(t, "A0003")); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("badge signed with the old key: %s", res.Scan.Verdict)
	}
	eventually(t, "scans acknowledged", func() bool { n, _ := a.store.CountPending(ctx); return n == 0 })
	if n := calls.Load(); n != 1 {
		t.Errorf("the kiosk's reader was given keys %d times, want once", n)
	}
	// And at the next start, from the store (kiosk.SettingPublicKeys).
	want := pub.String() + " " + v.key.Public().String()
	if keys, _ := a.store.Setting(ctx, kiosk.SettingPublicKeys); keys != want {
		t.Errorf("stored keys %q", keys)
	}

	// The kiosk that was offline takes the key with its next welcome.
	b.start()
	eventually(t, "the new key at the kiosk back online", func() bool {
		_, verdict := b.station.Reader.Read(sign("A0001"))
		return verdict == ""
	})
	if res := b.scan(t, sign("A0004")); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("new badge at the kiosk back online: %s", res.Scan.Verdict)
	}

	// A kiosk whose store holds another event keeps its keys, whatever the
	// hub's welcome says.
	c := v.door(t, t.TempDir(), "door-c")
	c.stop()
	mine := v.key.Public().String()
	if err := c.store.SetSettings(ctx, map[string]string{kiosk.SettingEvent: "autre2016"}); err != nil {
		t.Fatal(err)
	}
	other := followKeys(t, c, "door-c", mine)
	eventually(t, "door-c with the roster", func() bool { n, _ := c.store.CountAttendees(ctx); return n == 10 })
	if res := c.scan(t, v.token(t, "A0005")); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Fatalf("scan at door-c: %s", res.Scan.Verdict)
	}
	// Acknowledged: the session is past its welcome.
	eventually(t, "door-c's scan acknowledged", func() bool { n, _ := c.store.CountPending(ctx); return n == 0 })
	if keys, _ := c.store.Setting(ctx, kiosk.SettingPublicKeys); keys != mine || other.Load() != 0 {
		t.Errorf("a welcome of another event changed the kiosk's keys: %q, %d calls", keys, other.Load())
	}
	if _, verdict := c.station.Reader.Read(fresh); verdict != kiosk.VerdictInvalidSignature {
		t.Errorf("kiosk of another event reads the new key's badge: %q", verdict)
	}
}

// followKeys restarts a door's client with its reader following the hub's
// keys, as kiosk/app wires it, and counts the keys it was given. The
// kiosk holds keys, as enrollment leaves them (boot.Join).
func followKeys(t *testing.T, d *door, name, keys string) *atomic.Int32 {
	t.Helper()
	d.stop()
	if err := d.store.SetSettings(context.Background(), map[string]string{kiosk.SettingPublicKeys: keys}); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	var err error
	d.client, err = hubclient.New(context.Background(), hubclient.Config{Store: d.store, Kiosk: name, Epoch: "e-" + name,
		Checkpoint: kiosk.EntranceID, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		OnKeys: func(keys []kiosk.PublicKey) {
			calls.Add(1)
			d.station.Reader.SetKeys(keys...)
		}})
	if err != nil {
		t.Fatal(err)
	}
	d.start()
	return &calls
}

// restartWithDefaults serves the venue's store, at the same address, with
// the hub's own poll interval (as `hub serve` runs it) rather than the
// tests' faster one.
func (v *venue) restartWithDefaults(t *testing.T) {
	t.Helper()
	v.stop()
	srv, err := hub.New(context.Background(), hub.Config{Store: v.store, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", v.addr)
	if err != nil {
		t.Fatal(err)
	}
	v.server, v.http = srv, httptest.NewUnstartedServer(srv.Handler())
	v.http.Listener.Close()
	v.http.Listener = ln
	v.http.Start()
}
