package hub_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hub/browsertest"
)

// The quorum gauge in a real browser, French and English, on a phone and a
// projector; the projector view shows no names; a logged-in organiser
// downloads a certificate.
func TestMeetingGaugeInBrowser(t *testing.T) {
	f := newFixtureWith(t, func(c *hub.Config) { seedMeeting(t, c.Store) })
	ctx := browser(t)
	if err := login(ctx, f.http.URL, f.token); err != nil {
		t.Fatal(err)
	}
	key, err := f.store.SetProjector(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("ACCUEIL_SHOTS_DIR")
	for _, tc := range []struct {
		name, path, lang string
		width, height    int64
		want             []string
	}{
		{"dashboard-phone-fr", "/", "fr", 390, 844, []string{"Quorum atteint à 14:05", "Présents", "7\u00a0voix", "Représentés", "3\u00a0voix"}},
		{"dashboard-phone-en", "/", "en", 390, 844, []string{"Quorum reached at 14:05", "Present", "7 votes", "Represented", "3 votes"}},
		{"dashboard-projector-fr", "/", "fr", 1920, 1080, []string{"Quorum atteint à 14:05", "sur 20\u00a0voix"}},
		{"projector-fr", "/projector?key=" + key, "fr", 1920, 1080, []string{"Quorum atteint à 14:05", "Assemblée générale"}},
		{"projector-en", "/projector?key=" + key, "en", 1920, 1080, []string{"Quorum reached at 14:05", "General Meeting"}},
		{"projector-phone-en", "/projector?key=" + key, "en", 390, 844, []string{"Quorum reached at 14:05"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := f.http.URL + tc.path
			err := within(ctx, 30*time.Second, chromedp.EmulateViewport(tc.width, tc.height), chromedp.Navigate(u),
				chromedp.Evaluate[chromedp.Void](`localStorage.setItem("accueil_lang", "`+tc.lang+`")`), chromedp.Navigate(u))
			if err == nil {
				err = waitFor(ctx, 10*time.Second, `document.querySelector("#meetings .meeting .quorum-status") !== null`)
			}
			if err != nil {
				t.Fatal(err)
			}
			page := eval[string](t, ctx, `document.body.innerText`)
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("page lacks %q:\n%s", w, page)
				}
			}
			if v := eval[string](t, ctx, `document.querySelector(".quorum-bar").getAttribute("aria-valuenow")`); v != "10" {
				t.Errorf("gauge value %q, want 10 (7 present + 3 represented)", v)
			}
			if over := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); over {
				t.Errorf("the page scrolls sideways at %d px", tc.width)
			}
			if tc.path == "/" {
				want := map[string]string{"fr": "Attestation de présence", "en": "Certificate of attendance"}[tc.lang]
				if h := eval[string](t, ctx, `document.getElementById("certificate-h").textContent`); h != want {
					t.Errorf("certificate form heading %q, want %q", h, want)
				}
			}
			if strings.HasPrefix(tc.name, "projector") {
				for _, secret := range []string{"Hidalgo", "Rolland", "Aubry", "M1"} {
					if strings.Contains(page, secret) {
						t.Errorf("the projector shows %q", secret)
					}
				}
				if n := eval[int](t, ctx, `document.querySelectorAll(".certificate, form").length`); n != 0 {
					t.Errorf("the projector has %d forms", n)
				}
			}
			for _, v := range browsertest.Axe(t, ctx) {
				t.Errorf("axe-core: %s", v)
			}
			if shots != "" {
				time.Sleep(300 * time.Millisecond)
				if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
					_ = os.WriteFile(filepath.Join(shots, "meeting-"+tc.name+".png"), png, 0o644)
				}
			}
		})
	}
	t.Run("certificate download with the login cookie", func(t *testing.T) {
		u := f.http.URL + "/"
		if err := within(ctx, 30*time.Second, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(ctx, 10*time.Second, `document.getElementById("certificate-id") !== null`); err != nil {
			t.Fatal(err)
		}
		fetch := func(path string) string {
			t.Helper()
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("`+path+`").then(r => r.status + " " + r.headers.get("Content-Type"))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := fetch("/api/v1/certificates/M1.pdf?lang=auto"); got != "200 application/pdf" {
			t.Errorf("download: %q", got)
		}
		if got := fetch("/api/v1/certificates/M2.pdf"); !strings.HasPrefix(got, "404 ") {
			t.Errorf("never admitted: %q", got)
		}
	})
}
