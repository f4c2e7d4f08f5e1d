package hub_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/protocol"
	"github.com/chromedp/chromedp"
)

func TestProjectorInBrowser(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1))}})

	resp, err := http.Get(f.http.URL + "/projector?key=anything")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("projector while off: %d, want 404", resp.StatusCode)
	}
	key, err := f.store.SetProjector(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := within(ctx, 20*time.Second, chromedp.Navigate(f.http.URL+"/projector?key="+key)); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(ctx, 10*time.Second, `document.getElementById("arrived").textContent === "1"`); err != nil {
		t.Fatalf("projector shows no numbers: %v", err)
	}
	page := eval[string](t, ctx, `document.body.innerText`)
	for _, secret := range []string{"Diallo", "door-1", "A1 "} {
		if strings.Contains(page, secret) {
			t.Errorf("the projector shows %q:\n%s", secret, page)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#kiosks, #double-list, form").length`); n != 0 {
		t.Errorf("the projector page has %d kiosk, double-entry or logout parts", n)
	}
	// Switched off while showing: the page says so.
	if _, err := f.store.SetProjector(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(ctx, 10*time.Second, `document.body.classList.contains("offline")`); err != nil {
		t.Errorf("projector still live after off: %v", err)
	}
	resp, err = http.Get(f.http.URL + "/projector?key=" + key)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("projector after off: %d, want 404", resp.StatusCode)
	}
}

// TestFirstPaint measures, on loopback, navigation to the first counts
// drawn. The goal is 1 s; the test reports the figure and fails only far
// beyond it (a loaded machine must not make it flaky).
func TestFirstPaint(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	if err := login(ctx, f.http.URL, f.token); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(ctx, 10*time.Second, `document.body.dataset.version !== undefined`); err != nil {
		t.Fatal(err)
	}
	var worst time.Duration
	for i := range 5 {
		start := time.Now()
		if err := within(ctx, 20*time.Second, chromedp.Navigate(f.http.URL+"/?run="+string(rune('a'+i)))); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(ctx, 10*time.Second, `document.body.dataset.version !== undefined`); err != nil {
			t.Fatal(err)
		}
		wall := time.Since(start)
		inPage := eval[float64](t, ctx, `window.accueilFirstCounts`)
		t.Logf("first paint %d: %v seen from Go, %.0f ms after navigation start in the page", i+1, wall.Round(time.Millisecond), inPage)
		worst = max(worst, wall)
	}
	t.Logf("first paint, worst of 5: %v (goal 1 s)", worst.Round(time.Millisecond))
	if worst > 5*time.Second {
		t.Errorf("first paint took %v", worst)
	}
}

// TestScreenshots renders the organisers' pages to PNG files in
// ACCUEIL_SHOTS_DIR (make screenshots: docs/screens), for the guides and for
// people to look at: a Forum morning at 1,040 of 1,500 arrived, on a phone,
// a laptop and a projector, in French and English, and the offline state.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("ACCUEIL_SHOTS_DIR")
	if dir == "" {
		t.Skip("set ACCUEIL_SHOTS_DIR to take screenshots (make screenshots)")
	}
	f := morningFixture(t, 1500, 1040, 6*time.Second)
	f.session(f.credential("accueil-1", protocol.RoleDesk), "e1")
	f.session(f.credential("borne-havane-1", protocol.RoleSelf), "e2")
	f.credential("porte-pleniere", protocol.RoleSession)
	ctx := browser(t)
	shoot := func(name, pageURL, lang string, w, h int64, full bool) {
		t.Helper()
		err := within(ctx, 30*time.Second, chromedp.EmulateViewport(w, h), chromedp.Navigate(pageURL),
			chromedp.Evaluate[chromedp.Void](`localStorage.setItem("accueil_lang", "`+lang+`")`), chromedp.Navigate(pageURL))
		if err == nil && !strings.Contains(name, "login") {
			err = waitFor(ctx, 10*time.Second, `document.body.dataset.version !== undefined`)
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		time.Sleep(300 * time.Millisecond) // let the page lay out its last frame
		shot := chromedp.CaptureScreenshot()
		if full {
			shot = chromedp.FullScreenshot(100) // 100: PNG
		}
		png, err := chromedp.Run(ctx, shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shoot("dash-login-fr", f.http.URL+"/", "fr", 1280, 800, false)
	if err := login(ctx, f.http.URL, f.token); err != nil {
		t.Fatal(err)
	}
	key, err := f.store.SetProjector(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"fr", "en"} {
		shoot("dash-phone-"+lang, f.http.URL+"/", lang, 390, 844, false)
		shoot("dash-laptop-"+lang, f.http.URL+"/", lang, 1280, 800, false)
		shoot("dash-projector-"+lang, f.http.URL+"/projector?key="+key, lang, 1920, 1080, false)
	}
	// The hub stops: the last numbers stay, marked as such.
	shoot("dash-laptop-fr", f.http.URL+"/", "fr", 1280, 800, false)
	f.srv.Close()
	f.http.CloseClientConnections()
	f.http.Close()
	if err := waitFor(ctx, 10*time.Second, `document.body.classList.contains("offline")`); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dash-offline-fr.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
