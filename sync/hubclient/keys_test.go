package hubclient_test

import (
	"context"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubclient"
)

// After `hub key rotate` on a running hub, a kiosk that stays enrolled
// admits badges signed with the new key, within a second or two, and
// still admits the old ones.
func TestKeyRotationReachesKiosks(t *testing.T) {
	ctx := context.Background()
	v := newVenue(t, roster(5))
	d := v.door(t, t.TempDir(), "door-a")
	// The kiosk's reader follows the hub's keys, as cmd/kiosk wires it.
	d.stop()
	var err error
	d.client, err = hubclient.New(ctx, hubclient.Config{Store: d.store, Kiosk: "door-a", Epoch: "e-keys", Checkpoint: kiosk.EntranceID,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		OnKeys: func(keys []kiosk.PublicKey) { d.station.Reader.SetKeys(keys...) }})
	if err != nil {
		t.Fatal(err)
	}
	d.start()
	eventually(t, "connected", func() bool { return d.client.Status().Connected })

	pub, err := v.store.RotateKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := v.store.Event(ctx)
	if ev.PrivateKey.Public().String() != pub.String() || len(ev.PublicKeys) != 2 || ev.PublicKeys[1].String() != v.key.Public().String() {
		t.Fatalf("rotated event: %+v", ev.PublicKeys)
	}
	fresh, _ := ev.PrivateKey.Sign(kiosk.Token{Event: event, AttendeeID: "A0001", Issue: 1})
	eventually(t, "the new key at the kiosk", func() bool {
		_, verdict := d.station.Reader.Read(fresh)
		return verdict == ""
	})
	if res := d.scan(t, fresh); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("badge signed with the rotated key: %s", res.Scan.Verdict)
	}
	if res := d.scan(t, v.token(t, "A0002")); res.Scan.Verdict != kiosk.VerdictAccepted {
		t.Errorf("badge signed with the old key: %s", res.Scan.Verdict)
	}
	// And at the next start, from the store.
	if keys, _ := d.store.Setting(ctx, "public_keys"); keys != pub.String()+" "+v.key.Public().String() {
		t.Errorf("stored keys %q", keys)
	}
}
