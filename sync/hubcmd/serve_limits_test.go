package hubcmd

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

// hub serve runs the hub's own HTTP server (sync/hub NewHTTPServer, whose
// timeouts and stalled connections sync/hub's threat tests try) with its
// Host check: oversized headers and strangers' host names are refused.
func TestServeHTTPLimits(t *testing.T) {
	dir := newHub(t)
	h := startHub(t, "serve", "-data", dir, "-addr", "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(h.addr)
	client := &http.Client{}
	for host, want := range map[string]int{
		h.addr: http.StatusOK, "localhost:" + port: http.StatusOK, "[::1]:" + port: http.StatusOK,
		"evil.example:" + port: http.StatusMisdirectedRequest, "127.0.0.1:1": http.StatusOK,
	} {
		req, _ := http.NewRequest("GET", "http://"+h.addr+"/healthz", nil)
		req.Host = host
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
	req, _ := http.NewRequest("GET", "http://"+h.addr+"/healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 64<<10))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KiB of headers: %d, want 431", resp.StatusCode)
	}
}
