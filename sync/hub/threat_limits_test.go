package hub_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// DNS rebinding: a page on evil.example whose name resolves to the hub
// cannot reach it, since the Host is not the hub's. The port is not
// compared: a kiosk may come through a port forward or a proxy.
func TestThreatHostHeader(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	f := newFixtureWith(t, func(c *hub.Config) { c.AllowedHosts = []string{addr, "localhost:" + port, "[::1]:" + port} })
	srv := hub.NewHTTPServer(f.srv.Handler(), hub.DefaultHTTPLimits, slog.New(slog.DiscardHandler))
	go srv.Serve(ln)
	defer srv.Close()
	for host, want := range map[string]int{
		"evil.example": http.StatusMisdirectedRequest, "evil.example:" + port: http.StatusMisdirectedRequest,
		"127.0.0.1:1": http.StatusOK, "127.0.0.1": http.StatusOK,
		"127.0.0.1.evil.example:" + port: http.StatusMisdirectedRequest,
		addr:                             http.StatusOK, "LOCALHOST:" + port: http.StatusOK, "localhost.:" + port: http.StatusOK,
		"[0:0:0:0:0:0:0:1]:" + port: http.StatusOK,
	} {
		req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/counts", nil)
		req.Host = host
		req.Header.Set("Authorization", "Bearer "+f.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
		if want != http.StatusOK && !strings.Contains(string(b), "own address") {
			t.Errorf("Host %s refused without saying why: %.100q", host, b)
		}
	}
	// The login form and the dashboard's socket too.
	req, _ := http.NewRequest("POST", "http://"+addr+"/login", strings.NewReader(url.Values{"token": {f.token}}.Encode()))
	req.Host = "evil.example:" + port
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example:"+port)
	resp, err := noRedirect(&http.Client{}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest || len(resp.Cookies()) != 0 {
		t.Errorf("login through evil.example: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	h := http.Header{"Authorization": {"Bearer " + f.token}}
	d := websocket.Dialer{NetDial: func(string, string) (net.Conn, error) { return net.Dial("tcp", addr) }}
	if ws, resp, err := d.Dial("ws://evil.example:"+port+"/ws/dashboard", h); err == nil {
		ws.Close()
		t.Error("the dashboard socket answered evil.example")
	} else if resp == nil || resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("dashboard socket through evil.example: %v %v", resp, err)
	}
}

// Maps keyed by what clients send stay bounded: the wrong-token limiter
// under 100,000 addresses, the sessions under a login loop.
func TestThreatBoundedMaps(t *testing.T) {
	f := newFixture(t)
	for i := range 100_000 {
		f.srv.FailAuthFrom(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	if n := f.srv.TrackedAuthAddresses(); n > 10_000 {
		t.Errorf("the limiter holds %d addresses", n)
	}
	// A flood of addresses does not wipe what one address has spent (its
	// 30 tries come back one every 2 s: far fewer than 30 while the flood
	// lasts less than a minute).
	g := newFixture(t)
	for range 30 {
		g.srv.FailAuthFrom("192.0.2.7")
	}
	for i := range 100_000 {
		g.srv.FailAuthFrom(fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	if left := g.srv.AuthTriesLeft("192.0.2.7"); left > 25 {
		t.Errorf("100,000 other addresses wiped a guesser's count: %.0f tries left", left)
	}
	// Nor do 100,000 IPv6 addresses of one /64 (which any machine on a
	// venue's network may pick from), and the map stays bounded.
	for i := range 100_000 {
		g.srv.FailAuthFrom(fmt.Sprintf("2001:db8:1:2:%x:%x::1", i>>16, i&0xffff))
	}
	if left := g.srv.AuthTriesLeft("192.0.2.7"); left > 25 {
		t.Errorf("100,000 IPv6 addresses wiped a guesser's count: %.0f tries left", left)
	}
	// Each address counts alone: a guesser does not lock out its neighbours.
	if left := g.srv.AuthTriesLeft("2001:db8:1:2::99"); left < 29 {
		t.Errorf("a neighbour of the guessers has %.0f tries left", left)
	}
	if n := g.srv.TrackedAuthAddresses(); n > 10_000 {
		t.Errorf("the limiter holds %d addresses", n)
	}

	c := noRedirect(&http.Client{})
	first := f.login(c)
	for range hubstore.MaxSessions {
		f.login(c)
	}
	if code, _ := f.get("/api/v1/counts", first, ""); code != http.StatusUnauthorized {
		t.Errorf("the oldest of %d sessions still works: %d", hubstore.MaxSessions+1, code)
	}
}

// 400 stalled connections (headers never finished, bodies never sent)
// and an idle keep-alive leave kiosks and dashboards served, their
// WebSockets outlive every HTTP timeout, and the hub closes the stalled
// ones; one address cannot take more than its share of connections.
func TestThreatStalledConnections(t *testing.T) {
	d := hub.DefaultHTTPLimits
	if d.ReadHeader <= 0 || d.Read <= 0 || d.Write <= 0 || d.Idle <= 0 || d.MaxHeaderBytes <= 0 ||
		d.MaxConns < 1100 || d.MaxConns > 100_000 || d.MaxConnsPerIP < 8 || d.MaxConnsPerIP >= d.MaxConns {
		t.Fatalf("the hub's default limits do not bound a venue's connections: %+v", d)
	}
	f := newFixture(t)
	// Timeouts short enough for a test, long enough that serving a kiosk
	// and a dashboard beside the stalled connections is no race.
	lim := hub.HTTPLimits{ReadHeader: 2 * time.Second, Read: 2 * time.Second, Write: time.Second,
		Idle: time.Second, MaxHeaderBytes: 16 << 10, MaxConns: 1000, MaxConnsPerIP: 450}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := hub.NewHTTPServer(f.srv.Handler(), lim, slog.New(slog.DiscardHandler))
	go srv.Serve(hub.LimitListener(ln, lim))
	defer srv.Close()
	addr := ln.Addr().String()
	// The kiosk's credential first: the stalled enrollments below count as
	// failed ones from this address.
	cred := f.credential("door-1", protocol.RoleSelf)

	stallStart := time.Now()
	var stalled []net.Conn
	for i := range 400 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if i%2 == 0 {
			fmt.Fprintf(c, "GET /api/v1/counts HTTP/1.1\r\nHost: %s\r\nX-Slow: ", addr)
		} else {
			fmt.Fprintf(c, "POST /api/v1/enroll HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"tok", addr)
		}
		stalled = append(stalled, c)
	}
	// An idle keep-alive: one request answered, then nothing.
	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	fmt.Fprintf(idle, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	idleBuf := bufio.NewReader(idle)
	if resp, err := http.ReadResponse(idleBuf, nil); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("keep-alive request: %v %v", resp, err)
	} else {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	// Meanwhile a kiosk and a dashboard are served.
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/ws/kiosk", http.Header{"Authorization": {"Bearer " + cred}})
	if err != nil {
		t.Fatalf("a kiosk beside 400 stalled connections: %v", err)
	}
	defer ws.Close()
	send(t, ws, protocol.Hello{Protocol: protocol.Version, Kiosk: "x", Epoch: "e1", KioskTime: time.Now()})
	if _, ok := next[*protocol.Welcome](t, ws); !ok {
		t.Fatal("no welcome beside 400 stalled connections")
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/counts", nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("counts beside 400 stalled connections: %v %v", resp, err)
	}
	resp.Body.Close()
	dash, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/ws/dashboard", http.Header{"Authorization": {"Bearer " + f.token}})
	if err != nil {
		t.Fatalf("a dashboard beside 400 stalled connections: %v", err)
	}
	defer dash.Close()
	if _, ok := next[*protocol.Counts](t, dash); !ok {
		t.Fatal("no counts on the dashboard beside 400 stalled connections")
	}
	served := time.Since(stallStart)
	t.Logf("kiosk welcomed, counts and dashboard served %s after 400 connections stalled", served.Round(time.Millisecond))
	// They were served while the stalled connections were held (unless
	// this machine took longer than the timeouts to get here).
	if served < lim.ReadHeader/2 {
		for i, c := range stalled[:20] {
			c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
			if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("stalled connection %d closed before its timeout: %v", i, err)
			}
		}
	}

	// The kiosk's and the dashboard's WebSockets outlive every HTTP timeout.
	time.Sleep(max(lim.ReadHeader, lim.Read, lim.Write, lim.Idle) + 500*time.Millisecond)
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1))}})
	if _, ok := next[*protocol.Ack](t, ws); !ok {
		t.Error("the kiosk's session did not outlive the HTTP timeouts")
	}
	for {
		c, ok := next[*protocol.Counts](t, dash)
		if !ok {
			t.Fatal("the dashboard's socket did not outlive the HTTP timeouts")
		}
		if c.CheckedIn == 1 {
			break
		}
	}
	// Every stalled connection, and the idle one, was closed by the hub.
	for i, c := range append(stalled, idle) {
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		var r io.Reader = c
		if c == idle {
			r = idleBuf
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			t.Fatalf("stalled connection %d still open after the timeouts: %v", i, err)
		}
	}
	// One address beyond its share is cut off at once.
	var extra []net.Conn
	for range lim.MaxConnsPerIP + 5 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		extra = append(extra, c)
	}
	closed := 0
	for _, c := range extra {
		c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err == io.EOF {
			closed++
		}
	}
	if closed < 5 {
		t.Errorf("%d connections beyond the per-address cap were closed, want at least 5", closed)
	}
}
