package hub_test

import (
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// A badge key rotated by `hub key rotate` (another process) on a running
// hub: connected kiosks are sent away at once (going away, the reason said)
// so that their next welcome carries the new key first and the old after;
// the hub admits badges of both keys as evidence, and a desk's roster
// tokens are signed with the new key.
func TestThreatKeyRotationReachesSessions(t *testing.T) {
	f := newFixture(t)
	old, _ := f.store.Event(ctx)
	self := f.credential("door-1", protocol.RoleSelf)
	ws := f.session(self, "e1")

	cmd, err := hubstore.Open(f.store.Dir())
	if err != nil {
		t.Fatal(err)
	}
	pub, err := cmd.RotateKey(ctx)
	cmd.Close()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		if err == nil {
			continue
		}
		ce, ok := err.(*websocket.CloseError)
		if !ok || ce.Code != websocket.CloseGoingAway || !strings.Contains(ce.Text, "badge keys changed") {
			t.Fatalf("session after the rotation: %v", err)
		}
		break
	}
	t.Logf("session closed %v after the rotation", time.Since(start).Round(time.Millisecond))

	ws, _, err = f.dial("/ws/kiosk", self)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	send(t, ws, protocol.Hello{Protocol: protocol.Version, Kiosk: "x", Epoch: "e1", KioskTime: time.Now()})
	w, ok := next[*protocol.Welcome](t, ws)
	if !ok || len(w.PublicKeys) != 2 || w.PublicKeys[0] != pub.String() || w.PublicKeys[1] != old.PublicKeys[0].String() {
		t.Fatalf("welcome after the rotation: %+v", w)
	}
	ev, _ := f.store.Event(ctx)
	for i, key := range []kiosk.PrivateKey{ev.PrivateKey, old.PrivateKey} {
		tok, _ := key.Sign(kiosk.Token{Event: ev.ID, AttendeeID: "A1", Issue: 1})
		sc := scan(int64(i+1), scanID(700+i))
		sc.Evidence = tok
		send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{sc}})
		if a, ok := next[*protocol.Ack](t, ws); !ok || a.Seq != int64(i+1) {
			t.Fatalf("admission with a badge of key %d: %+v", i, a)
		}
	}
	if scans := f.storedScans(); len(scans) != 2 || scans[0].Evidence != hubstore.EvidenceToken || scans[1].Evidence != hubstore.EvidenceToken {
		t.Errorf("admissions with badges of both keys stored as %+v", scans)
	}

	desk := f.session(f.credential("desk-1", protocol.RoleDesk), "d1")
	r, ok := next[*protocol.RosterUpdate](t, desk)
	if !ok || len(r.Attendees) == 0 {
		t.Fatal("no roster at the desk")
	}
	if _, v := kiosk.NewBadgeReader(ev.ID, pub).Read(r.Attendees[0].Badge); v != "" {
		t.Errorf("desk's token after the rotation: %s", v)
	}
}
