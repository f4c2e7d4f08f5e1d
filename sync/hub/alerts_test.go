package hub_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// vip is the roster of the alerts' tests: a speaker, a head of
// delegation with a note, a journalist, and a visitor who raises nothing.
var vip = []kiosk.Attendee{
	{ID: "S1", FirstName: "Awa", LastName: "Sow", Category: kiosk.CategorySpeaker, Language: kiosk.French},
	{ID: "D1", FirstName: "Jean", LastName: "Kaboré", Category: kiosk.CategoryDelegation, Language: kiosk.French, Note: "chef de délégation : appeler le protocole"},
	{ID: "P1", FirstName: "Lena", LastName: "Roy", Category: kiosk.CategoryPress, Language: kiosk.English},
	{ID: "V1", FirstName: "Marc", LastName: "Petit", Category: kiosk.CategoryVisitor, Language: kiosk.French},
	{ID: "S2", FirstName: "Ana", LastName: "Lima", Category: kiosk.CategorySpeaker, Language: kiosk.English},
}

type alertsAnswer struct {
	Alerts []struct {
		protocol.Alert
		Acknowledged bool `json:"acknowledged"`
	} `json:"alerts"`
}

func (f *fixture) alerts() alertsAnswer {
	f.t.Helper()
	code, body := f.get("/api/v1/alerts", nil, f.token)
	if code != http.StatusOK {
		f.t.Fatalf("GET /api/v1/alerts: %d %s", code, body)
	}
	var a alertsAnswer
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		f.t.Fatal(err)
	}
	return a
}

// waitAlerts waits until GET /api/v1/alerts lists n alerts.
func (f *fixture) waitAlerts(n int) alertsAnswer {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		a := f.alerts()
		if len(a.Alerts) == n {
			return a
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%d alerts, want %d: %+v", len(a.Alerts), n, a.Alerts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (f *fixture) admit(ws *websocket.Conn, seq int64, kioskName, attendee string, at time.Time) {
	f.t.Helper()
	send(f.t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{{Seq: seq, ID: scanID(int(seq) + 1000*len(kioskName)), Kiosk: kioskName,
		Checkpoint: kiosk.EntranceID, Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: attendee, At: at, Evidence: f.badge(attendee)}}})
	if _, ok := next[*protocol.Ack](f.t, ws); !ok {
		f.t.Fatal("no ack")
	}
}

// nextAlerts reads the next alerts message a desk receives.
func nextAlerts(t *testing.T, ws *websocket.Conn) []protocol.Alert {
	t.Helper()
	m, ok := next[*protocol.Alerts](t, ws)
	if !ok {
		t.Fatal("the desk received no alerts")
	}
	return m.Alerts
}

func TestArrivalAlerts(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { c.Now = func() time.Time { return forumAt("08:40") } })
	f.addAttendees(vip...)
	desk := f.session(f.credential("desk-1", protocol.RoleDesk), "e1")
	if got := nextAlerts(t, desk); len(got) != 0 {
		t.Fatalf("a desk's first alerts: %+v, want none", got)
	}
	self := f.session(f.credential("self-1", protocol.RoleSelf), "e1")
	f.admit(self, 1, "self-1", "V1", forumAt("08:30"))
	f.admit(self, 2, "self-1", "D1", forumAt("08:31"))
	f.admit(self, 3, "self-1", "S1", forumAt("08:32"))
	// The speaker again, by another kiosk: one alert per person.
	desk2 := f.session(f.credential("self-2", protocol.RoleSelf), "e1")
	f.admit(desk2, 1, "self-2", "S1", forumAt("08:33"))

	got := f.waitAlerts(2).Alerts
	if got[0].AttendeeID != "S1" || got[0].Name != "Awa Sow" || got[0].Category != "speaker" || got[0].Kind != protocol.AlertArrival ||
		got[0].Kiosk != "self-1" || got[0].Checkpoint != kiosk.EntranceID || !got[0].At.Equal(forumAt("08:32")) {
		t.Errorf("newest alert %+v, want the speaker's first admission", got[0])
	}
	if got[1].AttendeeID != "D1" || got[1].Note != vip[1].Note {
		t.Errorf("second alert %+v, want the head of delegation with the note", got[1])
	}
	// The desk hears of each, the newest first; self kiosks never do.
	var atDesk []protocol.Alert
	for len(atDesk) < 2 {
		atDesk = nextAlerts(t, desk)
	}
	if atDesk[0].AttendeeID != "S1" || atDesk[1].AttendeeID != "D1" || atDesk[1].Note == "" {
		t.Errorf("desk's alerts %+v", atDesk)
	}
	noAlerts(t, self)

	// Acknowledged by an organiser: gone from the desks, kept in the log.
	if code := f.ack(got[1].ID, f.token, nil, ""); code != http.StatusOK {
		t.Fatalf("ack: %d", code)
	}
	if atDesk = nextAlerts(t, desk); len(atDesk) != 1 || atDesk[0].AttendeeID != "S1" {
		t.Errorf("desk's alerts after the ack: %+v", atDesk)
	}
	if a := f.alerts(); len(a.Alerts) != 2 || !a.Alerts[1].Acknowledged || a.Alerts[0].Acknowledged {
		t.Errorf("alerts after the ack: %+v", a.Alerts)
	}
	if f.srv.Counts().AlertsVersion < 3 {
		t.Errorf("alerts version %d after two alerts and an ack", f.srv.Counts().AlertsVersion)
	}

	// Bad requests change nothing and say why.
	for _, tc := range []struct {
		name   string
		id     int64
		token  string
		cookie bool
		csrf   string
		want   int
	}{
		{"no token", got[0].ID, "", false, "", http.StatusUnauthorized},
		{"unknown alert", 999, f.token, false, "", http.StatusNotFound},
		{"not a number", -1, f.token, false, "", http.StatusBadRequest},
		{"session without the form's token", got[0].ID, "", true, "", http.StatusForbidden},
		{"session with a wrong token", got[0].ID, "", true, "nope", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cookie *http.Cookie
			if tc.cookie {
				cookie = f.login(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }})
			}
			if code := f.ack(tc.id, tc.token, cookie, tc.csrf); code != tc.want {
				t.Errorf("ack: %d, want %d", code, tc.want)
			}
		})
	}
	if a := f.alerts(); a.Alerts[0].Acknowledged {
		t.Error("a refused ack acknowledged the alert")
	}
}

// noAlerts checks that a kiosk receives no alerts message for a while.
func noAlerts(t *testing.T, ws *websocket.Conn) {
	t.Helper()
	ws.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	for {
		_, frame, err := ws.ReadMessage()
		if err != nil {
			return
		}
		if m, err := protocol.Decode(frame); err == nil {
			if _, ok := m.(*protocol.Alerts); ok {
				t.Fatal("a self-service kiosk received alerts")
			}
		}
	}
}

// ack posts an acknowledgement with a bearer token, or a session's cookie
// and form token, and returns the status.
func (f *fixture) ack(id int64, bearer string, cookie *http.Cookie, csrf string) int {
	f.t.Helper()
	form := url.Values{"id": {"x"}}
	if id > 0 {
		form.Set("id", strconvI(id))
	}
	if csrf != "" {
		form.Set("csrf", csrf)
	}
	req, _ := http.NewRequest("POST", f.http.URL+"/api/v1/alerts/ack", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func strconvI(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestAlertsOutliveARestartAndGoWithPurge(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { c.Now = func() time.Time { return forumAt("08:40") } })
	f.addAttendees(vip...)
	self := f.session(f.credential("self-1", protocol.RoleSelf), "e1")
	f.admit(self, 1, "self-1", "P1", forumAt("08:30"))
	f.waitAlerts(1)
	self.Close()

	// A new hub on the same store: the alert is still there, and the
	// journalist's next admission raises none.
	f.srv.Close()
	f.http.Close()
	srv, err := hub.New(ctx, hub.Config{Store: f.store, Log: slog.New(slog.DiscardHandler), PollInterval: 20 * time.Millisecond,
		CountsInterval: 10 * time.Millisecond, Now: func() time.Time { return forumAt("09:40") }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	f.srv = srv
	f.http = newHTTP(t, srv)
	if a := f.alerts(); len(a.Alerts) != 1 || a.Alerts[0].AttendeeID != "P1" {
		t.Fatalf("alerts after a restart: %+v", a.Alerts)
	}
	self = f.session(f.credential("self-2", protocol.RoleSelf), "e1")
	f.admit(self, 1, "self-2", "P1", forumAt("09:35"))
	f.admit(self, 2, "self-2", "S1", forumAt("09:36"))
	if a := f.waitAlerts(2); a.Alerts[0].AttendeeID != "S1" || a.Alerts[1].AttendeeID != "P1" {
		t.Errorf("alerts: %+v", a.Alerts)
	}

	if _, err := f.store.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if list, err := f.store.Alerts(ctx, 100, false); err != nil || len(list) != 0 {
		t.Errorf("alerts after a purge: %+v, %v", list, err)
	}
}

func TestSpeakerMissing(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { c.Now = func() time.Time { return forumAt("09:10") } })
	f.addAttendees(vip...)
	self := f.session(f.credential("self-1", protocol.RoleSelf), "e1")
	f.admit(self, 1, "self-1", "S1", forumAt("09:00"))
	if _, err := f.store.SaveCheckpoints(ctx, []kiosk.Checkpoint{kiosk.DefaultEntrance,
		{ID: "pleniere", Name: "Plénière", Kind: kiosk.KindSession, StartsAt: forumAt("09:30"), Speakers: []string{"S1", "S2"}},
		{ID: "atelier", Name: "Atelier", Kind: kiosk.KindSession, StartsAt: forumAt("11:00"), Speakers: []string{"S2"}}}); err != nil {
		t.Fatal(err)
	}
	// S1 arrived (an arrival alert); S2, awaited at the plenary in 20
	// minutes, has not: one speaker_missing, for the plenary only (the
	// workshop is more than 30 minutes away).
	a := f.waitAlerts(2)
	kinds := map[string]int{}
	for _, al := range a.Alerts {
		kinds[al.Kind]++
		if al.Kind == protocol.AlertSpeakerMissing && (al.AttendeeID != "S2" || al.Checkpoint != "pleniere" || al.Kiosk != "" || al.Name != "Ana Lima" ||
			!al.At.Equal(forumAt("09:10"))) {
			t.Errorf("speaker_missing %+v", al)
		}
	}
	if kinds[protocol.AlertArrival] != 1 || kinds[protocol.AlertSpeakerMissing] != 1 {
		t.Errorf("alerts by kind %v, want one of each", kinds)
	}
	time.Sleep(600 * time.Millisecond) // more checks: still one per speaker and session
	if n := len(f.alerts().Alerts); n != 2 {
		t.Errorf("%d alerts after more checks, want 2", n)
	}
}

func newHTTP(t *testing.T, srv *hub.Server) *httptest.Server {
	h := httptest.NewServer(srv.Handler())
	t.Cleanup(h.Close)
	return h
}
