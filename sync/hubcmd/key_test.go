package hubcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// `hub key rotate`: a new signing key, first among the public keys, the
// older after it; badges of both keys read; the new key's id printed alone
// on standard output's one line; bad input gives a one-line error.
func TestKeyRotate(t *testing.T) {
	dir := newHub(t)
	st, _ := hubstore.Open(dir)
	before, _ := st.Event(context.Background())
	st.Close()
	code, stdout, stderr := run("key", "rotate", "-data", dir)
	if code != 0 || strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, "new badge key") {
		t.Fatalf("key rotate: %d %q %q", code, stdout, stderr)
	}
	st, _ = hubstore.Open(dir)
	after, _ := st.Event(context.Background())
	st.Close()
	if len(after.PublicKeys) != 2 || after.PublicKeys[1].String() != before.PublicKeys[0].String() ||
		after.PublicKeys[0].String() != after.PrivateKey.Public().String() {
		t.Fatalf("keys after the rotation: %v", after.PublicKeys)
	}
	if want := fmt.Sprintf("new badge key %02x:", after.PublicKeys[0].ID()); !strings.HasPrefix(stdout, want) {
		t.Errorf("key rotate printed %q, want the new key's id %q", stdout, want)
	}
	// Badges of both keys are read; new ones are signed with the new key.
	tok, _ := after.PrivateKey.Sign(kiosk.Token{Event: after.ID, AttendeeID: "A1", Issue: 1})
	old, _ := before.PrivateKey.Sign(kiosk.Token{Event: after.ID, AttendeeID: "A1", Issue: 1})
	r := kiosk.NewBadgeReader(after.ID, after.PublicKeys...)
	for _, b := range []string{tok, old} {
		if _, v := r.Read(b); v != "" {
			t.Errorf("badge refused after the rotation: %s", v)
		}
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"key", "rotate"}, 2, "-data DIR is required"},
		{[]string{"key", "rotate", "-data", dir, "-bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"key", "rotate", "-data", dir, "now"}, 2, `unexpected argument "now"`},
		{[]string{"key", "rotate", "-data", t.TempDir()}, 1, "no event in"},
		{[]string{"key", "spin", "-data", dir}, 2, "unknown subcommand"},
		{[]string{"key"}, 2, "missing subcommand"},
	} {
		code, stdout, stderr := run(tt.args...)
		if code != tt.code || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d %q %q, want %d and one line with %q", tt.args, code, stdout, stderr, tt.code, tt.want)
		}
	}
}

// `hub key rotate` against a running hub: an enrolled kiosk's session is
// closed (going away) within a second or so, and its next welcome names
// the new key first, the one it enrolled with after; no new enrollment.
func TestKeyRotateRunningHub(t *testing.T) {
	dir := newHub(t)
	h := startHub(t, "serve", "-data", dir, "-addr", "127.0.0.1:0")
	_, out, stderr := run("kiosk", "add", "-data", dir, "door-1")
	c, err := enroll.Parse(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("kiosk add: %v (%q %q)", err, out, stderr)
	}
	resp, err := http.Post("http://"+h.addr+"/api/v1/enroll", "application/json", strings.NewReader(`{"token":"`+c.Token+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var en protocol.EnrollResponse
	if err := json.NewDecoder(resp.Body).Decode(&en); err != nil || len(en.PublicKeys) != 1 {
		t.Fatalf("enroll: %d %v %+v", resp.StatusCode, err, en)
	}
	resp.Body.Close()
	session := func() (*websocket.Conn, *protocol.Welcome) {
		t.Helper()
		ws, _, err := websocket.DefaultDialer.Dial("ws://"+h.addr+"/ws/kiosk", http.Header{"Authorization": {"Bearer " + en.Credential}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ws.Close() })
		hello, _ := protocol.Encode(protocol.Hello{Protocol: protocol.Version, Kiosk: "door-1", Epoch: "e1", KioskTime: time.Now()})
		if err := ws.WriteMessage(websocket.TextMessage, hello); err != nil {
			t.Fatal(err)
		}
		ws.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, frame, err := ws.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		m, err := protocol.Decode(frame)
		w, ok := m.(*protocol.Welcome)
		if err != nil || !ok {
			t.Fatalf("no welcome: %v %T", err, m)
		}
		return ws, w
	}
	ws, _ := session()

	code, stdout, stderr := run("key", "rotate", "-data", dir)
	if code != 0 {
		t.Fatalf("key rotate: %d %q", code, stderr)
	}
	start := time.Now()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		if err == nil {
			continue
		}
		if !websocket.IsCloseError(err, websocket.CloseGoingAway) || !strings.Contains(err.Error(), "badge keys changed") {
			t.Fatalf("the kiosk's session after the rotation: %v, want going away", err)
		}
		break
	}
	took := time.Since(start)
	t.Logf("session closed %v after `hub key rotate`", took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("the running hub took %v to take the new key", took)
	}
	_, w := session()
	if len(w.PublicKeys) != 2 || w.PublicKeys[1] != en.PublicKeys[0] || w.PublicKeys[0] == en.PublicKeys[0] {
		t.Fatalf("welcome after the rotation: %v (enrolled with %v)", w.PublicKeys, en.PublicKeys)
	}
	pub, err := kiosk.ParsePublicKey(w.PublicKeys[0])
	if err != nil || !strings.HasPrefix(stdout, fmt.Sprintf("new badge key %02x:", pub.ID())) {
		t.Errorf("key rotate printed %q for the welcome's new key %s (%v)", stdout, w.PublicKeys[0], err)
	}
}
