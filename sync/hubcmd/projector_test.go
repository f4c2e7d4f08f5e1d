package hubcmd

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// hub projector on prints a URL the running hub serves; off makes it 404;
// on again makes a new key, so an old URL stays dead.
func TestProjectorOnOff(t *testing.T) {
	dir := newHub(t)
	h := startHub(t, "serve", "-data", dir, "-addr", "127.0.0.1:0")
	on := func() string {
		t.Helper()
		code, out, stderr := run("projector", "-data", dir, "on")
		if code != 0 {
			t.Fatalf("projector on: exit %d: %s", code, stderr)
		}
		u, err := url.Parse(strings.TrimSpace(out))
		if err != nil || u.Host != h.addr || u.Path != "/projector" || len(u.Query().Get("key")) < 32 {
			t.Fatalf("projector on printed %q (hub on %s)", out, h.addr)
		}
		return u.String()
	}
	first := on()
	if again := on(); again != first {
		t.Errorf("on twice changed the URL: %s then %s", first, again)
	}
	if code, body := get(t, http.DefaultClient, first, ""); code != http.StatusOK || !strings.Contains(string(body), `data-view="projector"`) {
		t.Errorf("projector page when on: %d", code)
	}
	if code, _, stderr := run("projector", "-data", dir, "off"); code != 0 {
		t.Fatalf("projector off: exit %d: %s", code, stderr)
	}
	if code, _ := get(t, http.DefaultClient, first, ""); code != http.StatusNotFound {
		t.Errorf("projector page when off: %d, want 404", code)
	}
	second := on()
	if second == first {
		t.Error("off then on kept the old key")
	}
	if code, _ := get(t, http.DefaultClient, first, ""); code != http.StatusNotFound {
		t.Errorf("old projector URL after a new key: %d, want 404", code)
	}
	if code, _ := get(t, http.DefaultClient, second, ""); code != http.StatusOK {
		t.Errorf("new projector URL: %d", code)
	}
}

func TestProjectorBadCommandLines(t *testing.T) {
	dir := newHub(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no state", []string{"projector", "-data", dir}, 2, "on or off is required"},
		{"bad state", []string{"projector", "-data", dir, "maybe"}, 2, `"maybe" is neither on nor off`},
		{"no data", []string{"projector", "on"}, 2, "-data DIR is required"},
		{"no event", []string{"projector", "-data", t.TempDir(), "on"}, 1, "no event in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit %d with %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}
