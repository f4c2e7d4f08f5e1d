package hub_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/roster"
	"github.com/accueil/accueil/sync/hub/browsertest"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// TestDashboardAccessibility applies axe-core's WCAG 2.x A and AA rules to
// every page an organiser meets: the login, the dashboard with data in
// both languages, the offline state, and the projector.
func TestDashboardAccessibility(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	check := func(t *testing.T) {
		t.Helper()
		for _, v := range browsertest.Axe(t, ctx) {
			t.Errorf("axe-core: %s", v)
		}
	}
	t.Run("login", func(t *testing.T) {
		if err := within(ctx, 20*time.Second, chromedp.Navigate(f.http.URL+"/")); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1))}})
	if err := login(ctx, f.http.URL, f.token); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(ctx, 10*time.Second, `document.getElementById("arrived").textContent === "1"`); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"fr", "en"} {
		t.Run("dashboard "+lang, func(t *testing.T) {
			if err := within(ctx, 5*time.Second, chromedp.Click(chromedp.CSS(`button.lang[data-lang="`+lang+`"]`))); err != nil {
				t.Fatal(err)
			}
			check(t)
		})
	}
	t.Run("kiosks page", func(t *testing.T) {
		if err := within(ctx, 20*time.Second, chromedp.Navigate(f.http.URL+"/kiosks")); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
	t.Run("projector", func(t *testing.T) {
		key, err := f.store.SetProjector(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := within(ctx, 20*time.Second, chromedp.Navigate(f.http.URL+"/projector?key="+key)); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(ctx, 10*time.Second, `document.getElementById("arrived").textContent === "1"`); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
	t.Run("offline", func(t *testing.T) {
		if err := within(ctx, 20*time.Second, chromedp.Navigate(f.http.URL+"/")); err != nil {
			t.Fatal(err)
		}
		if err := waitFor(ctx, 10*time.Second, `document.getElementById("arrived").textContent === "1"`); err != nil {
			t.Fatal(err)
		}
		f.srv.Close()
		f.http.CloseClientConnections()
		f.http.Close()
		if err := waitFor(ctx, 10*time.Second, `document.body.classList.contains("offline")`); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
}

// bigFixture is a hub whose dashboard shows the largest numbers of an
// event that size: registered attendees, all of them arrived, at the demo
// event's checkpoints (the longest names the Forum has).
func bigFixture(t *testing.T, registered int) *fixture {
	t.Helper()
	return morningFixture(t, registered, registered, 70*time.Millisecond)
}

// morningFixture is a hub at the demo event's checkpoints with registered
// attendees, of whom arrived came in at the entrance one every gap, the
// last a minute ago.
func morningFixture(t *testing.T, registered, arrived int, gap time.Duration) *fixture {
	t.Helper()
	st, err := hubstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key, _ := kiosk.GenerateKey()
	if err := st.SetEvent(ctx, hubstore.Event{ID: "faic2016", Name: "Forum", TimeZone: "Europe/Paris", PrivateKey: key,
		PublicKeys: []kiosk.PublicKey{key.Public()}}); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	cps, err := roster.ReadCheckpoints(strings.NewReader(string(assets.DemoCheckpointsCSV())), loc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCheckpoints(ctx, cps.Checkpoints); err != nil {
		t.Fatal(err)
	}
	var people []kiosk.Attendee
	if demo, err := roster.ReadAttendees(strings.NewReader(string(assets.DemoRosterCSV())), nil); err == nil && len(demo.Attendees) == registered {
		people = demo.Attendees // the Forum's own roster: categories, votes and proxies as on the day
	} else {
		people = make([]kiosk.Attendee, registered)
		cats := []kiosk.Category{kiosk.CategoryVisitor, kiosk.CategorySpeaker, kiosk.CategoryPress, kiosk.CategoryDelegation,
			kiosk.CategoryPartner, kiosk.CategoryStaff}
		for i := range people {
			people[i] = kiosk.Attendee{ID: fmt.Sprintf("P%06d", i), LastName: "Nom", Category: cats[i%len(cats)], Language: kiosk.French}
		}
	}
	if _, err := st.ImportAttendees(ctx, people, nil); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Minute - time.Duration(arrived)*gap)
	for start := 0; start < arrived; start += 5000 {
		b := hubstore.Batch{Kiosk: "accueil-hall-havane-entree-principale-1", Epoch: "e1"}
		for i := start; i < min(start+5000, arrived); i++ {
			b.Scans = append(b.Scans, hubstore.Scan{Seq: int64(i + 1), Scan: kiosk.Scan{ID: scanID(i + 1),
				Kiosk: b.Kiosk, Checkpoint: kiosk.EntranceID, Direction: kiosk.In, Verdict: kiosk.VerdictAccepted,
				AttendeeID: people[i].ID, At: at.Add(time.Duration(i) * gap)}})
		}
		if _, err := st.Ingest(ctx, []hubstore.Batch{b}); err != nil {
			t.Fatal(err)
		}
	}
	return startHub(t, st, nil)
}

// overflowJS lists, for the page as drawn, every element wider than the
// card holding it or drawn outside it, and a page wider than the window.
const overflowJS = `(() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.push("page " + document.documentElement.scrollWidth + " px wide in a " + window.innerWidth + " px window");
  for (const card of document.querySelectorAll(".card")) {
    const c = card.getBoundingClientRect();
    for (const e of card.querySelectorAll("*")) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1)
        out.push(card.className + " > " + e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
          " " + JSON.stringify((e.textContent || "").slice(0, 30)) + " [" + Math.round(r.left) + "," + Math.round(r.right) + "] outside [" + Math.round(c.left) + "," + Math.round(c.right) + "]");
    }
  }
  return out;
})()`

// settled waits for three frames: the resize, the redraw it asks for, and
// the fitting of the numbers.
const settled = `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))`

// TestDashboardNumbersFitEveryWidth draws the dashboard and the projector
// with 1,500 and 100,000 attendees, all arrived, at widths from a small
// phone to a 4K screen, and fails when any number or label leaves its card.
func TestDashboardNumbersFitEveryWidth(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 attendees: not in -short")
	}
	widths := []int64{320, 360, 390, 768, 1024, 1280, 1366, 1440, 1920, 2560, 3840}
	for _, registered := range []int{1500, 100_000} {
		t.Run(fmt.Sprint(registered), func(t *testing.T) {
			start := time.Now()
			f := bigFixture(t, registered)
			t.Logf("%d attendees arrived, hub started in %v", registered, time.Since(start).Round(time.Millisecond))
			ctx := browser(t)
			if err := login(ctx, f.http.URL, f.token); err != nil {
				t.Fatal(err)
			}
			key, err := f.store.SetProjector(ctx, true)
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprint(registered)
			for _, page := range []string{"/", "/projector?key=" + key} {
				langs := []string{"fr", "en"}
				if registered > 1500 {
					langs = langs[:1] // the labels were tried at 1,500; here the numbers are the point
				}
				for _, lang := range langs {
					open := func() error {
						return within(ctx, 30*time.Second, chromedp.Navigate(f.http.URL+page),
							chromedp.Evaluate[chromedp.Void](`localStorage.setItem("accueil_lang", "`+lang+`")`),
							chromedp.Navigate(f.http.URL+page))
					}
					err := open()
					if err != nil { // a page still loading may drop the evaluation's context: once more
						err = open()
					}
					if err == nil {
						err = waitFor(ctx, 20*time.Second, `document.getElementById("arrived").textContent.replace(/\D/g, "") === "`+want+`"`)
					}
					if err != nil {
						t.Fatalf("%s %s: %v", page, lang, err)
					}
					for _, w := range widths {
						name := fmt.Sprintf("%s %s %d px", strings.Split(page, "?")[0], lang, w)
						// The page redraws on resize, in the next frames.
						if err := within(ctx, 10*time.Second, chromedp.EmulateViewport(w, w*9/16+200)); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](settled, chromedp.EvalAwaitPromise)); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						for _, problem := range eval[[]string](t, ctx, overflowJS) {
							t.Errorf("%s: %s", name, problem)
						}
					}
				}
			}
		})
	}
}

// TestDashboardLiveRegion checks what a screen reader hears: the page's
// only live region speaks when the counts change, not at every push of
// the same counts with a new clock.
func TestDashboardLiveRegion(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	if err := login(ctx, f.http.URL, f.token); err != nil {
		t.Fatal(err)
	}
	if err := waitFor(ctx, 10*time.Second, `document.getElementById("announce").textContent !== ""`); err != nil {
		t.Fatalf("nothing announced: %v", err)
	}
	if live := eval[[]string](t, ctx, `[...document.querySelectorAll("[aria-live], [role=status], [role=alert]")].map(e => e.id)`); len(live) != 1 || live[0] != "announce" {
		t.Errorf("live regions %v, want only #announce", live)
	}
	eval[bool](t, ctx, `(() => {
		window.said = [];
		new MutationObserver(() => window.said.push(document.getElementById("announce").textContent))
			.observe(document.getElementById("announce"), {childList: true, characterData: true, subtree: true});
		return true;
	})()`)
	pushes := eval[string](t, ctx, `document.body.dataset.version`)
	time.Sleep(1500 * time.Millisecond) // counts pushed meanwhile, unchanged
	if said := eval[[]string](t, ctx, `window.said`); len(said) != 0 {
		t.Errorf("announced %q while the counts did not change (version %s → %s)", said, pushes, eval[string](t, ctx, `document.body.dataset.version`))
	}
	ws := f.session(f.credential("door-1", protocol.RoleSelf), "e1")
	send(t, ws, protocol.ScanBatch{Epoch: "e1", Scans: []protocol.WireScan{scan(1, scanID(1))}})
	// At most one announcement of counts every 15 s: wait past it.
	if err := waitFor(ctx, 30*time.Second, `window.said.length > 0`); err != nil {
		t.Fatalf("the arrival was not announced: %v", err)
	}
	said := eval[[]string](t, ctx, `window.said`)
	if len(said) != 1 || !strings.Contains(said[0], "1") {
		t.Errorf("announced %q after one arrival, want one sentence with the new count", said)
	}
}
