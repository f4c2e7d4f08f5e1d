package hub_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/sync/protocol"
	"github.com/chromedp/chromedp"
)

// TestQueueAndAlertsInBrowser shows the Forum's entrance at 08:40 on the
// dashboard: the forecast with its advice and chart, and the alerts of
// two arrivals that matter, in French and English, on a phone and on a
// projector-sized screen; an organiser acknowledges one. With
// ACCUEIL_QUEUE_SHOTS naming a folder, it leaves screenshots there.
func TestQueueAndAlertsInBrowser(t *testing.T) {
	f, _ := forumMorning(t)
	f.addAttendees(vip...)
	self := f.session(f.credential("self-3", protocol.RoleSelf), "e1")
	f.admit(self, 1, "self-3", "D1", forumAt("08:36"))
	f.admit(self, 2, "self-3", "S1", forumAt("08:38"))
	f.waitAlerts(2)
	ctx := browser(t)
	if err := login(ctx, f.http.URL, f.token); err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("ACCUEIL_QUEUE_SHOTS")
	for _, lang := range []string{"fr", "en"} {
		for _, w := range []int64{390, 1920} {
			name := lang + "-" + map[int64]string{390: "phone", 1920: "projector"}[w]
			t.Run(name, func(t *testing.T) {
				err := within(ctx, 30*time.Second, chromedp.EmulateViewport(w, map[int64]int64{390: 844, 1920: 1080}[w]),
					chromedp.Evaluate[chromedp.Void](`localStorage.setItem("accueil_lang", "`+lang+`")`), chromedp.Navigate(f.http.URL+"/"))
				if err == nil {
					err = waitFor(ctx, 10*time.Second, `document.querySelectorAll("#alerts li.alert").length === 2 && !!document.querySelector("#queue .queue-chart svg")`)
				}
				if err != nil {
					t.Fatalf("no forecast or alerts shown: %v", err)
				}
				advice := eval[string](t, ctx, `document.querySelector("#queue .queue-advice").textContent`)
				alerts := eval[string](t, ctx, `document.getElementById("alerts").textContent`)
				want := map[string][]string{"fr": {"Ouvrez 1 file de plus avant 09:", "Arrivées à signaler", "Jean Kaboré", "appeler le protocole", "Vu"},
					"en": {"Open 1 more lane before 09:", "Arrivals that matter", "Awa Sow", "Seen"}}[lang]
				for _, s := range want {
					if !strings.Contains(advice+alerts, s) {
						t.Errorf("%q not shown: advice %q, alerts %q", s, advice, alerts)
					}
				}
				if over := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); over {
					t.Errorf("the page scrolls sideways at %d px", w)
				}
				if dir != "" {
					time.Sleep(300 * time.Millisecond)
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, "queue-"+name+".png"), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}

	t.Run("acknowledge", func(t *testing.T) {
		if err := within(ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`#alerts li.alert button.ack`))); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(ctx, 10*time.Second, `document.querySelectorAll("#alerts li.alert.seen").length === 1`); err != nil {
			t.Fatalf("the alert does not show as seen: %v", err)
		}
		a := f.alerts()
		if !a.Alerts[0].Acknowledged || a.Alerts[1].Acknowledged {
			t.Errorf("after a click on the newest alert: %+v", a.Alerts)
		}
	})

	t.Run("the projector shows neither", func(t *testing.T) {
		key, err := f.store.SetProjector(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := within(ctx, 20*time.Second, chromedp.Navigate(f.http.URL+"/projector?key="+key)); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(ctx, 10*time.Second, `document.body.dataset.version !== undefined`); err != nil {
			t.Fatal(err)
		}
		body := eval[string](t, ctx, `document.body.textContent`)
		for _, s := range []string{"Kaboré", "Sow", "protocole", "Ouvrez", "Open"} {
			if strings.Contains(body, s) {
				t.Errorf("the projector shows %q", s)
			}
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("#queue, #alerts").length`); n != 0 {
			t.Errorf("the projector has %d forecast or alert panels", n)
		}
	})
}
