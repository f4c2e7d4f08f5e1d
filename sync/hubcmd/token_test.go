package hubcmd

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// `hub token -rotate` against a running hub: it prints a new token alone,
// the old token and every dashboard session stop working, and the open
// dashboard is closed within a second or so, without restarting the hub.
func TestTokenRotateEndsSessions(t *testing.T) {
	dir := newHub(t)
	h := startHub(t, "serve", "-data", dir, "-addr", "127.0.0.1:0")
	base := "http://" + h.addr
	_, out, _ := run("token", "-data", dir)
	old := strings.TrimSpace(out)

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(url.Values{"token": {old}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == hub.SessionCookie {
			cookie = c
		}
	}
	if cookie == nil || strings.Contains(cookie.Value, old) {
		t.Fatalf("login: %d, cookie %v", resp.StatusCode, cookie)
	}
	withCookie := func() int {
		req, _ := http.NewRequest("GET", base+"/api/v1/counts", nil)
		req.AddCookie(cookie)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := withCookie(); code != http.StatusOK {
		t.Fatalf("counts with the session: %d", code)
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+h.addr+"/ws/dashboard", http.Header{"Cookie": {cookie.String()}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, _, err := ws.ReadMessage(); err != nil {
		t.Fatalf("no counts on the dashboard: %v", err)
	}

	code, stdout, stderr := run("token", "-data", dir, "-rotate")
	fresh := strings.TrimSpace(stdout)
	if code != 0 || strings.Count(stdout, "\n") != 1 || fresh == "" || fresh == old {
		t.Fatalf("token -rotate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "session") {
		t.Errorf("token -rotate does not say sessions ended: %q", stderr)
	}
	start := time.Now()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		if err == nil {
			continue
		}
		if !websocket.IsCloseError(err, protocol.CloseUnauthorized) {
			t.Errorf("the open dashboard after the rotation: %v, want close code 4401", err)
		}
		break
	}
	t.Logf("open dashboard closed %s after the rotation", time.Since(start).Round(time.Millisecond))
	if code := withCookie(); code != http.StatusUnauthorized {
		t.Errorf("the old session after the rotation: %d", code)
	}
	if code, _ := get(t, client, base+"/api/v1/counts", old); code != http.StatusUnauthorized {
		t.Errorf("the old token after the rotation: %d", code)
	}
	if code, _ := get(t, client, base+"/api/v1/counts", fresh); code != http.StatusOK {
		t.Errorf("the new token: %d", code)
	}
	if _, out, _ := run("token", "-data", dir); strings.TrimSpace(out) != fresh {
		t.Errorf("hub token prints %q after the rotation, want %q", out, fresh)
	}
	if code, _, stderr := run("token", "-data", t.TempDir(), "-rotate"); code != 1 || strings.Count(stderr, "\n") != 1 {
		t.Errorf("token -rotate on an empty folder: exit %d, %q", code, stderr)
	}
}
