package hub_test

// The hub's threat list, part two: strangers on the venue's Wi-Fi and
// hostile pages an organiser's browser may open, against the HTTP side.

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// login posts the token and returns the session cookie.
func (f *fixture) login(c *http.Client) *http.Cookie {
	f.t.Helper()
	resp := postLogin(f.t.(*testing.T), c, f.http.URL, f.token, "")
	for _, ck := range resp.Cookies() {
		if ck.Name == hub.SessionCookie {
			return ck
		}
	}
	f.t.Fatalf("login gave no session cookie (%d)", resp.StatusCode)
	return nil
}

// get fetches path with the cookie or the bearer token.
func (f *fixture) get(path string, cookie *http.Cookie, bearer string) (int, string) {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.http.URL+path, nil)
	if cookie != nil {
		req.AddCookie(cookie)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// logout posts the logout form, with the page's CSRF token when csrf.
func (f *fixture) logout(c *http.Client, cookie *http.Cookie, csrf bool) int {
	f.t.Helper()
	form := url.Values{}
	if csrf {
		_, page := f.get("/", cookie, "")
		m := csrfField.FindStringSubmatch(page)
		if m == nil {
			f.t.Fatalf("the dashboard page has no CSRF field")
		}
		form.Set("csrf", m[1])
	}
	req, _ := http.NewRequest("POST", f.http.URL+"/logout", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(cookie)
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// The cookie is a session, not the organisers' token: a stolen cookie
// never gives the token, and dies with its session.
func TestThreatSessionCookie(t *testing.T) {
	f := newFixture(t)
	c := noRedirect(&http.Client{})
	cookie := f.login(c)
	if cookie.Value == f.token || strings.Contains(cookie.Value, f.token) {
		t.Fatal("the cookie carries the organisers' token")
	}
	if code, _ := f.get("/api/v1/counts", cookie, ""); code != http.StatusOK {
		t.Fatalf("counts with the session: %d", code)
	}
	t.Run("the token in a cookie, as earlier hubs set it, opens nothing and is wiped", func(t *testing.T) {
		old := &http.Cookie{Name: "accueil_token", Value: f.token}
		if code, _ := f.get("/api/v1/counts", old, ""); code != http.StatusUnauthorized {
			t.Errorf("counts with the token in a cookie: %d", code)
		}
		req, _ := http.NewRequest("GET", f.http.URL+"/", nil)
		req.AddCookie(old)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), `name="csrf"`) {
			t.Error("the token in a cookie opens the dashboard")
		}
		wiped := false
		for _, ck := range resp.Cookies() {
			wiped = wiped || ck.Name == "accueil_token" && ck.Value == "" && ck.MaxAge < 0
		}
		if !wiped {
			t.Errorf("the token's cookie is left in the browser: %v", resp.Header["Set-Cookie"])
		}
	})
	t.Run("logout needs the page's CSRF token", func(t *testing.T) {
		if code := f.logout(c, cookie, false); code != http.StatusForbidden {
			t.Errorf("logout without the CSRF token: %d", code)
		}
		if code, _ := f.get("/api/v1/counts", cookie, ""); code != http.StatusOK {
			t.Errorf("a refused logout ended the session: %d", code)
		}
	})
	t.Run("logout revokes", func(t *testing.T) {
		if code := f.logout(c, cookie, true); code != http.StatusSeeOther {
			t.Fatalf("logout: %d", code)
		}
		if code, _ := f.get("/api/v1/counts", cookie, ""); code != http.StatusUnauthorized {
			t.Errorf("the cookie still works after logout: %d", code)
		}
	})
	t.Run("sessions expire", func(t *testing.T) {
		now := time.Now()
		f.store.SetClock(func() time.Time { return now })
		defer f.store.SetClock(time.Now)
		idle := f.login(c)
		busy := f.login(c)
		for range 6 {
			now = now.Add(3 * time.Hour)
			f.get("/api/v1/counts", busy, "") // in use: not idle
		}
		if code, _ := f.get("/api/v1/counts", idle, ""); code != http.StatusUnauthorized {
			t.Errorf("a session idle for 18 h still works: %d", code)
		}
		if code, _ := f.get("/api/v1/counts", busy, ""); code != http.StatusOK {
			t.Errorf("a session in use for 18 h ended: %d", code)
		}
		for range 30 {
			now = now.Add(3 * time.Hour)
			f.get("/api/v1/counts", busy, "")
		}
		if code, _ := f.get("/api/v1/counts", busy, ""); code != http.StatusUnauthorized {
			t.Errorf("a session older than four days still works: %d", code)
		}
	})
}

// A dashboard left open does not outlive its session: once the session
// has expired, the hub closes the page's socket (and the page asks for
// the token again).
func TestThreatExpiredSessionSocket(t *testing.T) {
	f := newFixture(t)
	var shift atomic.Int64 // how far the store's clock runs ahead
	f.store.SetClock(func() time.Time { return time.Now().Add(time.Duration(shift.Load())) })
	c := noRedirect(&http.Client{})
	cookie := f.login(c)
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(f.http.URL, "http")+"/ws/dashboard",
		http.Header{"Cookie": {cookie.String()}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, ok := next[*protocol.Counts](t, ws); !ok {
		t.Fatal("no counts on the session's socket")
	}
	shift.Store(int64(hubstore.SessionLifetime + time.Minute))
	if code := closeCode(t, ws); code != protocol.CloseUnauthorized {
		t.Errorf("the socket of an expired session: close code %d, want 4401", code)
	}
	if code, _ := f.get("/api/v1/counts", cookie, ""); code != http.StatusUnauthorized {
		t.Errorf("an expired session's cookie: %d", code)
	}
}

// `hub token -rotate`: the old token and every session stop working, and
// open dashboards are closed within a second.
func TestThreatTokenRotation(t *testing.T) {
	f := newFixture(t)
	c := noRedirect(&http.Client{})
	cookie := f.login(c)
	h := http.Header{}
	h.Add("Cookie", cookie.String())
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(f.http.URL, "http")+"/ws/dashboard", h)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if _, ok := next[*protocol.Counts](t, ws); !ok {
		t.Fatal("no counts on the session's socket")
	}
	fresh, err := f.store.RotateDashboardToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if code := closeCode(t, ws); code != protocol.CloseUnauthorized {
		t.Errorf("dashboard socket close code %d after the rotation", code)
	}
	t.Logf("dashboard closed %s after the rotation", time.Since(start).Round(time.Millisecond))
	for name, got := range map[string]int{
		"old session": func() int { c, _ := f.get("/api/v1/counts", cookie, ""); return c }(),
		"old token":   func() int { c, _ := f.get("/api/v1/counts", nil, f.token); return c }(),
	} {
		if got != http.StatusUnauthorized {
			t.Errorf("%s after the rotation: %d", name, got)
		}
	}
	if code, _ := f.get("/api/v1/counts", nil, fresh); code != http.StatusOK {
		t.Errorf("new token: %d", code)
	}
}

// Wrong tokens on the API are throttled per address: past 30 a minute the
// right token gets 429 too, so guessing at network speed gets nowhere.
func TestThreatAPITokenGuessing(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/api/v1/counts", "/api/v1/double-entries"} {
		if code, _ := f.get(path, nil, f.token); code != http.StatusOK {
			t.Fatalf("%s with the token: %d", path, code)
		}
	}
	for i := range 30 {
		if code, _ := f.get("/api/v1/double-entries", nil, fmt.Sprintf("guess-%d", i)); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, code)
		}
	}
	for _, path := range []string{"/api/v1/counts", "/api/v1/double-entries", "/api/v1/alerts", "/api/v1/any-later-route"} {
		if code, _ := f.get(path, nil, f.token); code != http.StatusTooManyRequests {
			t.Errorf("%s with the right token after 30 wrong ones: %d, want 429", path, code)
		}
	}
	c := noRedirect(&http.Client{})
	if resp := postLogin(t, c, f.http.URL, f.token, ""); resp.StatusCode != http.StatusTooManyRequests || len(resp.Cookies()) != 0 {
		t.Errorf("login with the right token after 30 wrong ones: %d", resp.StatusCode)
	}
	_, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(f.http.URL, "http")+"/ws/dashboard",
		http.Header{"Authorization": {"Bearer " + f.token}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("dashboard socket with the right token after 30 wrong ones: %v %v", resp, err)
	}
}
