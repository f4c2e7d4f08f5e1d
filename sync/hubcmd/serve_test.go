package hubcmd

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/enroll"
)

// syncBuffer is an output stream a running hub and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is a hub command serving in-process.
type running struct {
	addr           string
	stdout, stderr *syncBuffer
	stop           func() int
}

// startHub runs a serving command until stop cancels it.
func startHub(t *testing.T, args ...string) running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := running{stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	ready := make(chan string, 1)
	done := make(chan int, 1)
	m := &Main{Stdout: r.stdout, Stderr: r.stderr, ready: func(addr string) { ready <- addr }}
	go func() { done <- m.Run(ctx, args) }()
	var once sync.Once
	code := -1
	r.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(20 * time.Second):
				t.Errorf("%v did not stop within 20 s", args)
			}
		})
		return code
	}
	t.Cleanup(func() { r.stop() })
	select {
	case r.addr = <-ready:
	case c := <-done:
		t.Fatalf("%v exited %d before serving: %s", args, c, r.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("%v not serving after 60 s: %s", args, r.stderr)
	}
	return r
}

func get(t *testing.T, client *http.Client, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	return resp.StatusCode, body.Bytes()
}

// field returns what follows "key: " on a line of out.
func field(out, key string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if v, ok := strings.CutPrefix(line, key+": "); ok {
			return v
		}
	}
	return ""
}

func TestDemoServes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	h := startHub(t, "demo", "-data", dir, "-addr", "127.0.0.1:0")
	out, stderr := h.stdout.String(), h.stderr.String()
	token := field(out, "dashboard token")
	entrance, err := enroll.Parse(field(out, "demo-entrance code"))
	if err != nil || entrance.Hub != h.addr || entrance.TLS {
		t.Fatalf("entrance code %+v (%v), hub on %s; stdout:\n%s", entrance, err, h.addr, out)
	}
	if _, err := enroll.Parse(field(out, "demo-organiser code")); err != nil || token == "" {
		t.Fatalf("organiser code: %v; stdout:\n%s", err, out)
	}
	for _, want := range []string{"1500 attendees", "kiosk -headless -data " + dir + "-kiosk -enroll " + field(out, "demo-entrance code"),
		"http://" + h.addr + "/api/v1/counts", token} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	base := "http://" + h.addr
	client := &http.Client{Timeout: 10 * time.Second}
	if code, body := get(t, client, base+"/healthz", ""); code != 200 {
		t.Errorf("healthz: %d %s", code, body)
	}
	if code, _ := get(t, client, base+"/api/v1/counts", ""); code != 401 {
		t.Errorf("counts without token: %d", code)
	}
	code, body := get(t, client, base+"/api/v1/counts", token)
	var counts struct{ Registered int }
	if err := json.Unmarshal(body, &counts); code != 200 || err != nil || counts.Registered < 1400 || counts.Registered > 1600 {
		t.Errorf("counts: %d %s (%v)", code, body, err)
	}

	// The folder is taken; organisers' commands still work beside the hub.
	if code, _, stderr := run("serve", "-data", dir, "-addr", "127.0.0.1:0"); code != 1 || !strings.Contains(stderr, "in use") ||
		strings.Count(stderr, "\n") != 1 {
		t.Errorf("second serve: exit %d, %q", code, stderr)
	}
	if code, _, stderr := run("demo", "-data", dir, "-addr", "127.0.0.1:0"); code != 1 || !strings.Contains(stderr, "in use") {
		t.Errorf("second demo: exit %d, %q", code, stderr)
	}
	_, added, _ := run("kiosk", "add", "-data", dir, "door-2")
	if c, err := enroll.Parse(added); err != nil || c.Hub != h.addr {
		t.Errorf("kiosk add beside the hub: %+v, %v", c, err)
	}
	// A roster import beside the hub reaches its counts within a second or so.
	roster := writeFile(t, "more.csv", "id,first_name,last_name\nZ9001,Nouvelle,Personne\n")
	if code, out, stderr := run("roster", "import", "-data", dir, roster); code != 0 || !strings.Contains(out, "1 new or changed") {
		t.Errorf("roster import beside the hub: exit %d, %q %s", code, out, stderr)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		_, body := get(t, client, base+"/api/v1/counts", token)
		var now struct{ Registered int }
		if json.Unmarshal(body, &now) == nil && now.Registered == counts.Registered+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("counts still %s after the import", body)
			break
		}
	}
	if code, out, _ := run("token", "-data", dir); code != 0 || strings.TrimSpace(out) != token {
		t.Errorf("token: %d %q, want %q", code, out, token)
	}
	if code := h.stop(); code != 0 {
		t.Errorf("demo exited %d after cancel: %s", code, h.stderr)
	}

	// Again: no second set-up, fresh codes.
	h2 := startHub(t, "demo", "-data", dir, "-addr", "127.0.0.1:0")
	if strings.Contains(h2.stderr.String(), "set up in") {
		t.Errorf("demo set up again:\n%s", h2.stderr)
	}
	if c := field(h2.stdout.String(), "demo-entrance code"); c == "" || c == field(out, "demo-entrance code") {
		t.Errorf("second run's code %q", c)
	}
	if code := h2.stop(); code != 0 {
		t.Errorf("second demo exited %d", code)
	}
}

// Away from loopback the hub speaks TLS only, with a certificate it keeps,
// whose fingerprint goes into codes.
func TestServeTLS(t *testing.T) {
	dir := newHub(t)
	h := startHub(t, "serve", "-data", dir, "-addr", "0.0.0.0:0", "-public-addr", "hub.venue.example:8787")
	info, ok, err := readServeInfo(dir)
	if err != nil || !ok || !info.TLS || info.Hub != "hub.venue.example:8787" || len(info.Fingerprint) != 64 {
		t.Fatalf("serve.json %+v %v %v", info, ok, err)
	}
	if fi, err := os.Stat(filepath.Join(dir, serveFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("serve.json mode: %v %v", fi.Mode(), err)
	}
	_, port, _ := strings.Cut(h.addr, "]:")
	if port == "" {
		_, port, _ = strings.Cut(h.addr, ":")
	}
	pinned := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		InsecureSkipVerify: true, // checked below, by fingerprint, as kiosks do
		VerifyConnection: func(cs tls.ConnectionState) error {
			if got := enroll.Fingerprint(cs.PeerCertificates[0].Raw); got != info.Fingerprint {
				t.Errorf("fingerprint %s, serve.json says %s", got, info.Fingerprint)
			}
			return nil
		},
	}}}
	if code, body := get(t, pinned, "https://127.0.0.1:"+port+"/healthz", ""); code != 200 {
		t.Errorf("healthz over TLS: %d %s", code, body)
	}
	if code, _ := get(t, &http.Client{Timeout: 10 * time.Second}, "http://127.0.0.1:"+port+"/healthz", ""); code != 400 {
		t.Errorf("plain HTTP on a TLS hub: %d", code)
	}
	_, added, _ := run("kiosk", "add", "-data", dir, "door-3")
	if c, err := enroll.Parse(added); err != nil || !c.TLS || c.Fingerprint != info.Fingerprint {
		t.Errorf("code %+v, %v", c, err)
	}
	if code := h.stop(); code != 0 {
		t.Errorf("serve exited %d", code)
	}
	// The certificate is kept: a restart keeps every kiosk's pin.
	h = startHub(t, "serve", "-data", dir, "-addr", "0.0.0.0:0", "-public-addr", "hub.venue.example:8787")
	if again, _, _ := readServeInfo(dir); again.Fingerprint != info.Fingerprint {
		t.Errorf("fingerprint changed on restart: %s then %s", info.Fingerprint, again.Fingerprint)
	}
	h.stop()
}

func TestServeRefusals(t *testing.T) {
	other := newHub(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty folder", []string{"serve", "-data", t.TempDir(), "-addr", "127.0.0.1:0"}, "no event in"},
		{"missing folder", []string{"serve", "-data", filepath.Join(t.TempDir(), "nope"), "-addr", "127.0.0.1:0"}, "hub demo -data"},
		{"demo on another event", []string{"demo", "-data", other, "-addr", "127.0.0.1:0"}, `holds event "test26", not the demo`},
		{"bad certificate", []string{"serve", "-data", other, "-addr", "127.0.0.1:0", "-tls-cert", "/nonexistent.pem", "-tls-key", "/nonexistent.key"}, "-tls-cert"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and one line with %q", code, stderr, tt.want)
			}
		})
	}
	// A port already taken is a clear error too.
	h := startHub(t, "serve", "-data", other, "-addr", "127.0.0.1:0")
	second := newHub(t)
	if code, _, stderr := run("serve", "-data", second, "-addr", h.addr); code != 1 || !strings.Contains(stderr, "listen on") || !strings.Contains(stderr, "choose another port with -addr") {
		t.Errorf("port taken: exit %d, %q", code, stderr)
	}
}
