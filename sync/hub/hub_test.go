package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

var ctx = context.Background()

type fixture struct {
	t     testing.TB
	store *hubstore.Store
	srv   *hub.Server
	http  *httptest.Server
	token string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureWith(t, nil)
}

// newFixtureWith lets a test change the hub's configuration.
func newFixtureWith(t testing.TB, configure func(*hub.Config)) *fixture {
	t.Helper()
	st, err := hubstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key, _ := kiosk.GenerateKey()
	if err := st.SetEvent(ctx, hubstore.Event{ID: "faic2016", Name: "Forum", TimeZone: "Europe/Paris", PrivateKey: key,
		PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "A1", LastName: "Diallo", Category: kiosk.CategoryVisitor, Language: kiosk.French, Code: codeA1}}, nil); err != nil {
		t.Fatal(err)
	}
	return startHub(t, st, configure)
}

// startHub serves a prepared store on a loopback port for the test's
// length; configure, when not nil, may change the hub's configuration.
func startHub(t testing.TB, st *hubstore.Store, configure func(*hub.Config)) *fixture {
	t.Helper()
	cfg := hub.Config{Store: st, Log: slog.New(slog.DiscardHandler), PollInterval: 20 * time.Millisecond,
		CountsInterval: 10 * time.Millisecond}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := hub.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: st, srv: srv, http: httptest.NewServer(srv.Handler())}
	f.token, _ = st.DashboardToken(ctx)
	t.Cleanup(func() {
		srv.Close()
		f.http.Close()
		st.Close()
	})
	return f
}

// credential enrols a kiosk through the real API and returns its credential.
func (f *fixture) credential(name, role string) string {
	f.t.Helper()
	tok, _ := enroll.NewToken()
	if err := f.store.AddEnrollment(ctx, name, role, enroll.HashToken(tok)); err != nil {
		f.t.Fatal(err)
	}
	resp, err := http.Post(f.http.URL+"/api/v1/enroll", "application/json", strings.NewReader(`{"token":"`+tok+`"}`))
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out protocol.EnrollResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		f.t.Fatalf("enroll: %d %v", resp.StatusCode, err)
	}
	// The same code again is refused.
	again, _ := http.Post(f.http.URL+"/api/v1/enroll", "application/json", strings.NewReader(`{"token":"`+tok+`"}`))
	if again.StatusCode != http.StatusForbidden {
		f.t.Errorf("replayed enrollment code: %d", again.StatusCode)
	}
	again.Body.Close()
	return out.Credential
}

func (f *fixture) dial(path, credential string) (*websocket.Conn, *http.Response, error) {
	h := http.Header{}
	if credential != "" {
		h.Set("Authorization", "Bearer "+credential)
	}
	return websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(f.http.URL, "http")+path, h)
}

// session opens a kiosk session: hello, welcome.
func (f *fixture) session(credential, epoch string) *websocket.Conn {
	f.t.Helper()
	ws, _, err := f.dial("/ws/kiosk", credential)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { ws.Close() })
	send(f.t, ws, protocol.Hello{Protocol: protocol.Version, Kiosk: "x", Epoch: epoch, KioskTime: time.Now()})
	if _, ok := next[*protocol.Welcome](f.t, ws); !ok {
		f.t.Fatal("no welcome")
	}
	return ws
}

func send(t testing.TB, ws *websocket.Conn, m protocol.Message) {
	t.Helper()
	frame, err := protocol.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
		t.Fatal(err)
	}
}

// next reads frames until one of type T, skipping others (catch-up).
func next[T protocol.Message](t testing.TB, ws *websocket.Conn) (T, bool) {
	t.Helper()
	var zero T
	// Generous: the whole suite runs with the race detector on two cores.
	ws.SetReadDeadline(time.Now().Add(15 * time.Second))
	for {
		_, frame, err := ws.ReadMessage()
		if err != nil {
			return zero, false
		}
		m, err := protocol.Decode(frame)
		if err != nil {
			t.Fatalf("hub sent an invalid frame: %v", err)
		}
		if v, ok := m.(T); ok {
			return v, true
		}
	}
}

func closeCode(t testing.TB, ws *websocket.Conn) int {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			if ce, ok := err.(*websocket.CloseError); ok {
				return ce.Code
			}
			return -1
		}
	}
}

// codeA1 is the fixture attendee's outside badge code: the evidence an
// honest kiosk shows the hub when it admits A1.
const codeA1 = "FAIC-A1-7Q2"

func scan(seq int64, id string) protocol.WireScan {
	return protocol.WireScan{Seq: seq, ID: id, Kiosk: "x", Checkpoint: "entrance", Direction: kiosk.In,
		Verdict: kiosk.VerdictAccepted, AttendeeID: "A1", At: time.Date(2016, 7, 4, 9, 0, 0, 0, time.UTC), Evidence: codeA1}
}

func scanID(n int) string { return fmt.Sprintf("%032x", n) }

func TestRefusedConnections(t *testing.T) {
	f := newFixture(t)
	cred := f.credential("door-1", protocol.RoleSelf)
	organiser := f.credential("office", protocol.RoleOrganiser)
	tests := []struct {
		name string
		path string
		cred string
		want int
	}{
		{"no credential", "/ws/kiosk", "", protocol.CloseUnauthorized},
		{"unknown credential", "/ws/kiosk", "forged", protocol.CloseUnauthorized},
		{"kiosk credential on the dashboard", "/ws/dashboard", cred, protocol.CloseUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, _, err := f.dial(tt.path, tt.cred)
			if err != nil {
				t.Fatal(err)
			}
			defer ws.Close()
			if code := closeCode(t, ws); code != tt.want {
				t.Errorf("close code %d, want %d", code, tt.want)
			}
		})
	}
	t.Run("organiser sends scans", func(t *testing.T) {
		// Refused, and the connection goes on: it is the organiser's
		// screen of counts.
		ws := f.session(organiser, "e1")
		send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1))}})
		if e, ok := next[*protocol.Error](t, ws); !ok || e.Code != protocol.CodeForbiddenRole || e.Reason != protocol.RefusedRole {
			t.Errorf("answer %+v", e)
		}
		// A heartbeat changes the kiosks' status: counts follow.
		send(t, ws, protocol.Heartbeat{KioskTime: time.Now()})
		if _, ok := next[*protocol.Counts](t, ws); !ok {
			t.Error("no counts after the refusal")
		}
	})
	t.Run("revoked while connected", func(t *testing.T) {
		ws := f.session(cred, "e1")
		if err := f.store.RevokeKiosk(ctx, "door-1"); err != nil {
			t.Fatal(err)
		}
		if code := closeCode(t, ws); code != protocol.CloseRevoked {
			t.Errorf("close code %d, want 4403", code)
		}
		again, _, err := f.dial("/ws/kiosk", cred)
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if code := closeCode(t, again); code != protocol.CloseRevoked {
			t.Errorf("reconnection of a revoked kiosk: close code %d", code)
		}
	})
}

func TestBadFrames(t *testing.T) {
	f := newFixture(t)
	cred := f.credential("door-1", protocol.RoleSelf)
	ws := f.session(cred, "e1")
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1)), scan(2, scanID(2))}})
	if ack, ok := next[*protocol.Ack](t, ws); !ok || ack.Seq != 2 {
		t.Fatalf("ack %+v", ack)
	}
	huge := protocol.ScanBatch{Epoch: "e1"}
	for i := range protocol.MaxBatch + 1 {
		huge.Scans = append(huge.Scans, scan(int64(i+3), scanID(i+3)))
	}
	hugeFrame, _ := json.Marshal(map[string]any{"type": "scans", "data": huge})
	for _, frame := range [][]byte{
		[]byte("not json"),
		[]byte(`{"type":"scans","data":{"epoch":"e1","scans":[{"seq":1}]}}`),
		[]byte(`{"type":"teleport","data":{}}`),
		hugeFrame,
		[]byte("\x00\xff\xfe"),
	} {
		if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
			t.Fatal(err)
		}
	}
	// Duplicated and out-of-order sequences: stored once, the ack never
	// goes backwards.
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1))}})
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(3, scanID(3))}})
	var acks []int64
	for len(acks) < 2 {
		ack, ok := next[*protocol.Ack](t, ws)
		if !ok {
			t.Fatal("connection closed after bad frames")
		}
		acks = append(acks, ack.Seq)
	}
	if acks[0] != 2 || acks[1] != 3 {
		t.Errorf("acks %v, want [2 3]", acks)
	}
	stored, _ := f.store.ScansSince(ctx, 0, 100)
	if len(stored) != 3 {
		t.Errorf("%d scans stored, want 3", len(stored))
	}
	// A 10 MB frame closes the connection with "message too big"; the
	// stored scans stay.
	big := make([]byte, 10<<20)
	_ = ws.WriteMessage(websocket.TextMessage, big)
	if code := closeCode(t, ws); code != websocket.CloseMessageTooBig {
		t.Errorf("close code %d after a 10 MB frame", code)
	}
	if stored, _ := f.store.ScansSince(ctx, 0, 100); len(stored) != 3 {
		t.Errorf("%d scans stored after the big frame", len(stored))
	}
	// The hub still serves.
	if resp, err := http.Get(f.http.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz after bad input: %v %v", resp, err)
	}
}

func TestCountsAPIAndDashboard(t *testing.T) {
	f := newFixture(t)
	resp, _ := http.Get(f.http.URL + "/api/v1/counts")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("counts without token: %d", resp.StatusCode)
	}
	resp.Body.Close()
	dash, _, err := f.dial("/ws/dashboard", f.token)
	if err != nil {
		t.Fatal(err)
	}
	defer dash.Close()
	first, ok := next[*protocol.Counts](t, dash)
	if !ok || first.Registered != 1 || first.CheckedIn != 0 {
		t.Fatalf("first counts: %+v", first)
	}
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1))}})
	for {
		c, ok := next[*protocol.Counts](t, dash)
		if !ok {
			t.Fatal("no counts after a scan")
		}
		if c.CheckedIn == 1 {
			if c.Version <= first.Version || c.ByCategory["visitor"].CheckedIn != 1 || c.ByCheckpoint["entrance"].Inside != 1 {
				t.Errorf("counts after a scan: %+v", c)
			}
			break
		}
	}
	req, _ := http.NewRequest("GET", f.http.URL+"/api/v1/counts", nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("counts: %v %v", resp, err)
	}
	var raw map[string]any
	json.NewDecoder(resp.Body).Decode(&raw)
	resp.Body.Close()
	for _, k := range []string{"registered", "checked_in", "inside", "by_category", "by_checkpoint", "kiosks", "version"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("counts lack %q", k)
		}
	}
	resp, _ = http.Get(f.http.URL + "/metrics")
	body := new(strings.Builder)
	buf := make([]byte, 64*1024)
	n, _ := resp.Body.Read(buf)
	body.Write(buf[:n])
	resp.Body.Close()
	if !strings.Contains(body.String(), "accueil_hub_scans_stored_total") {
		t.Errorf("metrics lack the scan counter")
	}
}

func TestOriginAndShutdown(t *testing.T) {
	f := newFixture(t)
	h := http.Header{}
	h.Set("Authorization", "Bearer "+f.token)
	h.Set("Origin", "http://evil.example")
	_, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(f.http.URL, "http")+"/ws/dashboard", h)
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("dashboard from another origin: %v %v", resp, err)
	}
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	dash, _, err := f.dial("/ws/dashboard", f.token)
	if err != nil {
		t.Fatal(err)
	}
	defer dash.Close()
	if _, ok := next[*protocol.Counts](t, dash); !ok {
		t.Fatal("no counts")
	}
	f.srv.Close()
	if code := closeCode(t, ws); code != websocket.CloseGoingAway {
		t.Errorf("kiosk close code on shutdown: %d", code)
	}
	if code := closeCode(t, dash); code != websocket.CloseGoingAway {
		t.Errorf("dashboard close code on shutdown: %d", code)
	}
}

// A desk's walk-ins cannot rewrite roster attendees.
func TestWalkInsCannotRewriteRoster(t *testing.T) {
	f := newFixture(t)
	ws := f.session(f.credential("desk-1", protocol.RoleDesk), "e1")
	send(t, ws, protocol.WalkIns{Attendees: []protocol.WireAttendee{
		{ID: "A1", FirstName: "Mallory", LastName: "X", Category: kiosk.CategoryStaff, Language: kiosk.French, Code: "WI-AAAAAAAAAAAA"}}})
	if e, ok := next[*protocol.Error](t, ws); !ok || e.Code != protocol.CodeRefused || e.Reason != protocol.RefusedWalkIn {
		t.Fatalf("answer %+v", e)
	}
	// Nor an attendee whose id looks like a walk-in's.
	if _, err := f.store.ImportAttendees(ctx, []kiosk.Attendee{{ID: "WREAL001", LastName: "Real", Code: "EXT-1"}}, nil); err != nil {
		t.Fatal(err)
	}
	send(t, ws, protocol.WalkIns{Attendees: []protocol.WireAttendee{
		{ID: "WREAL001", FirstName: "Mallory", LastName: "X", Category: kiosk.CategoryStaff, Language: kiosk.French, Code: "WI-AAAAAAAAAAAA"}}})
	if e, ok := next[*protocol.Error](t, ws); !ok || e.Code != protocol.CodeRefused {
		t.Fatalf("answer %+v", e)
	}
	for _, id := range []string{"A1", "WREAL001"} {
		if a, err := f.store.Attendee(ctx, id); err != nil || a.FirstName == "Mallory" {
			t.Errorf("%s after a forged walk-in: %+v %v", id, a, err)
		}
	}
}

// A quiet hour still sends counts now and then: a dashboard that hears
// nothing knows its network is dead rather than showing stale numbers.
func TestCountsKeepAlive(t *testing.T) {
	f := newFixture(t)
	f.srv.Close()
	srv, err := hub.New(ctx, hub.Config{Store: f.store, Log: slog.New(slog.DiscardHandler), CountsInterval: 10 * time.Millisecond,
		CountsKeepAlive: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	web := httptest.NewServer(srv.Handler())
	defer web.Close()
	h := http.Header{"Authorization": {"Bearer " + f.token}}
	dash, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(web.URL, "http")+"/ws/dashboard", h)
	if err != nil {
		t.Fatal(err)
	}
	defer dash.Close()
	first, ok := next[*protocol.Counts](t, dash)
	if !ok {
		t.Fatal("no first counts")
	}
	again, ok := next[*protocol.Counts](t, dash)
	if !ok {
		t.Fatal("no counts while nothing changed")
	}
	if again.Version != first.Version || !again.At.After(first.At) {
		t.Errorf("keep-alive counts: version %d at %s after version %d at %s", again.Version, again.At, first.Version, first.At)
	}
}

// TestDashboardKioskListApart checks that dashboards get the kiosk list as
// a message of its own, and counts without it: a thousand kiosks' states
// are most of the counts' bytes and change seldom.
func TestDashboardKioskListApart(t *testing.T) {
	f := newFixture(t)
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	defer ws.Close()
	dash, _, err := f.dial("/ws/dashboard", f.token)
	if err != nil {
		t.Fatal(err)
	}
	defer dash.Close()
	dash.SetReadDeadline(time.Now().Add(15 * time.Second))
	counts := 0
	for {
		_, frame, err := dash.ReadMessage()
		if err != nil {
			t.Fatalf("no kiosk list naming door-1 online (%d counts read): %v", counts, err)
		}
		m, err := protocol.Decode(frame)
		if err != nil {
			t.Fatalf("hub sent an invalid frame: %v", err)
		}
		switch m := m.(type) {
		case *protocol.Counts:
			counts++
			if m.Kiosks != nil {
				t.Errorf("counts to a dashboard carry the kiosks: %+v", m.Kiosks)
			}
		case *protocol.KioskList:
			if slices.ContainsFunc(m.Kiosks, func(k protocol.KioskStatus) bool { return k.Name == "door-1" && k.Online }) {
				if counts == 0 {
					t.Error("the kiosk list came before any counts")
				}
				return
			}
		}
	}
}

// TestRelayInEachKiosksSpelling checks that one admission reaches a kiosk
// that reads compact relays as a Relay, and an older kiosk as a Seen,
// both saying the same.
func TestRelayInEachKiosksSpelling(t *testing.T) {
	f := newFixture(t)
	old := f.session(f.credential("door-old", protocol.RoleSelf), "o1")
	compact, _, err := f.dial("/ws/kiosk", f.credential("door-new", protocol.RoleSelf))
	if err != nil {
		t.Fatal(err)
	}
	defer compact.Close()
	send(t, compact, protocol.Hello{Protocol: protocol.Version, Kiosk: "x", Epoch: "n1", KioskTime: time.Now(), CompactRelays: true})
	if _, ok := next[*protocol.Welcome](t, compact); !ok {
		t.Fatal("no welcome")
	}
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(900))}})
	acked(t, ws)
	seen, ok := next[*protocol.Seen](t, old)
	if !ok || len(seen.Scans) != 1 {
		t.Fatalf("the older kiosk's relay: %+v", seen)
	}
	relay, ok := next[*protocol.Relay](t, compact)
	if !ok {
		t.Fatal("no relay for the kiosk that reads them")
	}
	got := relay.ToSeen()
	if len(got.Scans) != 1 || got.Cursor != seen.Cursor || !got.Scans[0].At.Equal(seen.Scans[0].At) ||
		!got.Scans[0].HubTime.Equal(seen.Scans[0].HubTime) {
		t.Fatalf("relay %+v, seen %+v", got, seen)
	}
	g, w := got.Scans[0], seen.Scans[0]
	g.At, g.HubTime = w.At, w.HubTime
	if g != w {
		t.Errorf("relay says %+v, seen %+v", g, w)
	}
}
