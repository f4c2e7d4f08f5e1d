package ui

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
)

// make screenshots runs TestScreenshots with -screens docs/screens: every
// mode and verdict, in French and English, at the two screen sizes venues
// have, rendered by Fyne's test driver (the same painter as its markup
// tests, no display needed).
var screensDir = flag.String("screens", "", "write every screen as a PNG file into this `folder`")

// screenSizes are a kiosk's tablet-like screen and a desk's monitor.
var screenSizes = []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// scene is one screen to render: a window in mode at checkpoint, brought
// to the state shown by setup.
type scene struct {
	name string
	mode Mode
	// session renders at a session door rather than the entrance.
	session bool
	setup   func(t *testing.T, k *Kiosk, v *venue)
	// verdict marks the self-service verdicts, whose contrast is measured.
	verdict bool
}

var (
	paris, _  = time.LoadLocation("Europe/Paris")
	shotNow   = time.Date(2026, 3, 17, 10, 5, 0, 0, paris)
	shotEarly = time.Date(2026, 3, 17, 9, 12, 0, 0, paris)
)

// shotSession is the General Meeting's door: 80 seats, 14:30 to 16:00.
var shotSession = kiosk.Checkpoint{ID: "ag-cuf", Name: "Assemblée générale de Cités Unies France",
	NameEN: "Cités Unies France General Meeting", Kind: kiosk.KindSession, Room: "Amphithéâtre Havane",
	StartsAt: time.Date(2026, 3, 17, 14, 30, 0, 0, paris), EndsAt: time.Date(2026, 3, 17, 16, 0, 0, 0, paris), Capacity: 80}

// verdictScene shows what Present makes of a scan by an attendee who reads
// the screen's language.
func verdictScene(name string, session bool, scan kiosk.Scan) scene {
	return scene{name: name, mode: ModeSelf, session: session, verdict: true, setup: func(t *testing.T, k *Kiosk, _ *venue) {
		res := kiosk.Result{Scan: scan}
		if scan.Verdict != kiosk.VerdictUnknownBadge && scan.Verdict != kiosk.VerdictUnreadable {
			res.Attendee = kiosk.Attendee{ID: "A1", FirstName: "Awa", LastName: "Diallo", Language: kiosk.Language(k.lang)}
		}
		k.do(func() { k.self.show(Present(k.cat, k.lang, res, k.checkpoint, k.loc)) })
	}}
}

func sessionScene(name string, inside int) scene {
	return scene{name: name, mode: ModeSession, session: true, setup: func(t *testing.T, k *Kiosk, _ *venue) {
		k.do(func() { k.inside = inside; k.self.refreshGauge() })
	}}
}

var scenes = []scene{
	{name: "self-idle", mode: ModeSelf, setup: func(*testing.T, *Kiosk, *venue) {}},
	verdictScene("self-welcome", false, kiosk.Scan{Verdict: kiosk.VerdictAccepted, Direction: kiosk.In}),
	verdictScene("self-already", false, kiosk.Scan{Verdict: kiosk.VerdictAlreadyCheckedIn, Direction: kiosk.In,
		FirstAt: shotEarly, FirstKiosk: "kiosk-efbd"}),
	verdictScene("self-refused", false, kiosk.Scan{Verdict: kiosk.VerdictRevoked}),
	verdictScene("self-notyet", true, kiosk.Scan{Verdict: kiosk.VerdictNotAllowedHere, Reason: kiosk.ReasonBeforeOpening}),
	verdictScene("self-unknown", false, kiosk.Scan{Verdict: kiosk.VerdictUnknownBadge}),
	verdictScene("self-unreadable", false, kiosk.Scan{Verdict: kiosk.VerdictUnreadable}),
	{name: "desk-idle", mode: ModeDesk, setup: waitRecent},
	{name: "desk-scan", mode: ModeDesk, setup: func(t *testing.T, k *Kiosk, v *venue) {
		k.Submit(v.token(t, "A3"))
		d := k.desk
		eventually(t, "the card and its history", func() bool {
			return withUI(k, func() bool {
				return d.card.Visible() && len(d.history) >= 1 && d.state.Text != "" && len(d.recent) == 3
			})
		})
	}},
	{name: "desk-search", mode: ModeDesk, setup: func(t *testing.T, k *Kiosk, v *venue) {
		waitRecent(t, k, v)
		d := k.desk
		k.do(func() { d.search.SetText("ma") })
		eventually(t, "search results", func() bool { return withUI(k, func() int { return len(d.results) }) >= 3 })
	}},
	sessionScene("session-empty", 0),
	sessionScene("session-nearfull", 74),
	sessionScene("session-full", 80),
	{name: "organiser", mode: ModeOrganiser, setup: func(t *testing.T, k *Kiosk, _ *venue) {
		k.SetCounts(Counts{Version: 1, Registered: 1500, CheckedIn: 412,
			ByCategory: map[string][2]int{"visitor": {1020, 280}, "delegation": {260, 81}, "press": {40, 12}, "speaker": {60, 31}, "partner": {70, 5}, "staff": {50, 3}},
			Checkpoints: []CheckpointCount{{ID: "entrance", Name: "Accueil", NameEN: "Entrance", CheckedIn: 412, Inside: 371},
				{ID: "ag-cuf", Name: shotSession.Name, NameEN: shotSession.NameEN, CheckedIn: 75, Inside: 74, Capacity: 80}},
			Kiosks: []KioskCount{{Name: "entrance-1", Online: true, LastSeen: shotNow}, {Name: "entrance-2", Online: true, LastSeen: shotNow, Pending: 2},
				{Name: "desk-1", Online: true, LastSeen: shotNow}, {Name: "door-ag", Online: false, LastSeen: shotEarly}},
			ReceivedAt: shotNow})
		eventually(t, "counts drawn", func() bool {
			return withUI(k, func() bool { return strings.Contains(k.organiser.big.Text, "412") })
		})
	}},
}

// waitRecent waits for the desk's list of recent scans.
func waitRecent(t *testing.T, k *Kiosk, _ *venue) {
	eventually(t, "recent scans", func() bool { return withUI(k, func() int { return len(k.desk.recent) }) == 2 })
}

func TestScreenshots(t *testing.T) {
	dir, sizes, only := *screensDir, screenSizes, func(s scene) bool { return true }
	if dir == "" {
		// Without the flag, a quick check: the verdicts at one size, for the
		// contrast of their pixels.
		dir, sizes, only = t.TempDir(), screenSizes[:1], func(s scene) bool { return s.verdict }
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var report strings.Builder
	report.WriteString("# Contrast of the self-service verdicts, sampled from the screenshots' pixels\n")
	report.WriteString("# screen language size background ink ratio\n")
	for _, s := range scenes {
		if !only(s) {
			continue
		}
		for _, lang := range []i18n.Lang{"fr", "en"} {
			for _, size := range sizes {
				name := fmt.Sprintf("%s-%s-%d", s.name, lang, int(size.Width))
				t.Run(name, func(t *testing.T) {
					img := renderScene(t, s, lang, size)
					writePNG(t, filepath.Join(dir, name+".png"), img)
					if !s.verdict {
						return
					}
					bg, ink, ratio := sampledContrast(img)
					fmt.Fprintf(&report, "%s %s %d %s %s %.2f\n", s.name, lang, int(size.Width), hexColor(bg), hexColor(ink), ratio)
					if ratio < 7 {
						t.Errorf("%s: ink %s on %s is %.2f:1, below WCAG AAA's 7:1", name, hexColor(ink), hexColor(bg), ratio)
					}
				})
			}
		}
	}
	t.Log("\n" + report.String())
	if *screensDir != "" {
		if err := os.WriteFile(filepath.Join(dir, "contrast.txt"), []byte(report.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// renderScene builds a window for s and returns what it shows.
func renderScene(t *testing.T, s scene, lang i18n.Lang, size fyne.Size) image.Image {
	t.Helper()
	v := newVenue(t)
	seedShots(t, v)
	test.NewTempApp(t)
	cat, err := i18n.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	w.SetPadded(false) // as the kiosk's window
	w.Resize(size)
	t.Cleanup(w.Close)
	cp, err := v.store.Checkpoint(context.Background(), kiosk.EntranceID)
	if err != nil {
		t.Fatal(err)
	}
	if s.session {
		cp = shotSession
	}
	clock := shotClock()
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", v.key.Public()), Recorder: v.store, Kiosk: "desk-1",
		Checkpoint: cp.ID, Direction: kiosk.In, Now: clock}
	cfg := Config{Window: w, Mode: s.mode, Catalog: cat, Lang: lang, Scanner: st,
		EventName: "Forum de l'Action Internationale des Collectivités", KioskName: "desk-1", Checkpoint: cp,
		Location: paris, Now: func() time.Time { return shotNow },
		Status: func() SyncStatus { return SyncStatus{Enrolled: true, Connected: true, LastSync: shotNow} }}
	if s.mode == ModeDesk {
		cfg.Desk = v.store.Desk("desk-1", cp.ID, clock)
	}
	k := New(cfg)
	t.Cleanup(k.Close)
	s.setup(t, k, v)
	return withUI(k, func() image.Image {
		settle(w.Canvas().Content())
		return w.Canvas().Capture()
	})
}

// settle lays every container and widget out again, from the top, as the
// real driver does before each frame (a text grown since the last layout
// would otherwise overlap its neighbour on the picture only).
func settle(o fyne.CanvasObject) {
	switch o := o.(type) {
	case *fyne.Container:
		o.Refresh()
		for _, c := range o.Objects {
			settle(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(o)
		r.Layout(o.Size())
		for _, c := range r.Objects() {
			settle(c)
		}
	}
}

// shotClock is the event's morning, a little later at each reading, so
// that the lists keep one order.
func shotClock() func() time.Time {
	at := time.Date(2026, 3, 17, 9, 41, 0, 0, paris)
	return func() time.Time { at = at.Add(47 * time.Second); return at }
}

// seedShots gives the screenshots' venue a few more names and two earlier
// scans at the desk.
func seedShots(t *testing.T, v *venue) {
	t.Helper()
	ctx := context.Background()
	if _, err := v.store.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "B1", FirstName: "Marc", LastName: "Lefèvre", Organisation: "Ville de Lyon", Category: kiosk.CategoryDelegation, Country: "France"},
		{ID: "B2", FirstName: "Mariama", LastName: "Sow", Organisation: "Commune de Dakar-Plateau", Category: kiosk.CategorySpeaker, Country: "Sénégal"},
		{ID: "B3", FirstName: "Thomas", LastName: "Marchand", Organisation: "Région Bretagne", Category: kiosk.CategoryVisitor, Country: "France"},
		{ID: "B4", FirstName: "María", LastName: "Martínez", Organisation: "Ayuntamiento de Barcelona", Category: kiosk.CategoryPartner, Country: "España", Language: kiosk.English},
	}, nil); err != nil {
		t.Fatal(err)
	}
	clock := shotClock()
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", v.key.Public()), Recorder: v.store, Kiosk: "desk-1",
		Checkpoint: kiosk.EntranceID, Direction: kiosk.In, Now: func() time.Time { return clock().Add(-40 * time.Minute) }}
	for _, id := range []string{"A1", "B2"} {
		if _, err := st.Scan(ctx, v.token(t, id)); err != nil {
			t.Fatal(err)
		}
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		t.Fatalf("write %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
