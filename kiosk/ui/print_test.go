package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/pin"
	"github.com/accueil/accueil/kiosk/printing"
)

// pdfFolder stands for CUPS: each badge it gets is a PDF in a folder.
type pdfFolder struct {
	dir string

	mu   sync.Mutex
	jobs []string
}

func (f *pdfFolder) Print(_ context.Context, printer, _ string, pdf io.Reader) (string, error) {
	b, err := io.ReadAll(pdf)
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	job := fmt.Sprintf("%s-%d", printer, len(f.jobs)+1)
	f.jobs = append(f.jobs, job)
	return job, os.WriteFile(filepath.Join(f.dir, job+".pdf"), b, 0o600)
}

func (f *pdfFolder) Printers(context.Context) ([]printing.Queue, error) {
	return []printing.Queue{{Name: "PDF", Default: true}, {Name: "Étiquettes"}}, nil
}

func (f *pdfFolder) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.jobs)
}

// printingDesk is a desk window with badge printing on a pdfFolder.
type printingDesk struct {
	k       *Kiosk
	w       fyne.Window
	folder  *pdfFolder
	badges  *printing.Badges
	saved   []string
	savedMu sync.Mutex
}

func newPrintingDesk(t *testing.T, v *venue, printer string, staff Staff) *printingDesk {
	t.Helper()
	test.NewTempApp(t)
	cat, err := i18n.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cp, _ := v.store.Checkpoint(context.Background(), kiosk.EntranceID)
	p := &printingDesk{folder: &pdfFolder{dir: t.TempDir()}}
	p.badges = printing.NewBadges(v.store, p.folder, badgepdf.Event{Name: "Forum"}, printer)
	p.badges.Save = func(name string) error {
		p.savedMu.Lock()
		defer p.savedMu.Unlock()
		p.saved = append(p.saved, name)
		return nil
	}
	p.w = test.NewWindow(nil)
	p.w.Resize(fyne.NewSize(1024, 768))
	t.Cleanup(p.w.Close)
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", v.key.Public()), Recorder: v.store, Kiosk: "desk-1",
		Checkpoint: cp.ID, Direction: kiosk.In}
	p.k = New(Config{Window: p.w, Mode: ModeDesk, Catalog: cat, Lang: "fr", Scanner: st, Desk: v.store.Desk("desk-1", cp.ID, nil),
		Printer: p.badges, EventName: "Forum", KioskName: "desk-1", Checkpoint: cp, Staff: staff})
	t.Cleanup(p.k.Close)
	return p
}

// overlayObjects lists what the topmost dialog shows.
func overlayObjects(w fyne.Window) []fyne.CanvasObject {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return test.LaidOutObjects(top)
}

// overlayButton finds a button of the topmost dialog by its text.
func overlayButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	for _, o := range overlayObjects(w) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no %q button in the dialog", text)
	return nil
}

func overlayText(w fyne.Window) string {
	var texts []string
	for _, o := range overlayObjects(w) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

func (p *printingDesk) banner() string {
	return withUI(p.k, func() string { return p.k.desk.bannerText.Text })
}

// Reprinting at the desk: a badge the kiosk cannot print says why; the
// first print goes at once; a second asks, and prints only when confirmed.
func TestDeskReprintWithConfirmation(t *testing.T) {
	v := newVenue(t)
	ctx := context.Background()
	// The hub's roster reached this desk with A2's token; A1 has neither
	// token nor code.
	if err := v.store.ApplyRosterWithBadges(ctx, 1, []kiosk.Attendee{{ID: "A2", FirstName: "John", LastName: "Smith",
		Category: kiosk.CategoryPress, Language: kiosk.English}}, map[string]string{"A2": v.token(t, "A2")}); err != nil {
		t.Fatal(err)
	}
	p := newPrintingDesk(t, v, "PDF", Staff{})
	k, d := p.k, p.k.desk
	reprintOn := func() bool { return withUI(k, func() bool { return !d.reprint.Disabled() }) }
	info := func() string { return withUI(k, func() string { return d.printInfo.Text }) }

	k.do(func() { d.open(kiosk.Attendee{ID: "A1", FirstName: "Awa", LastName: "Diallo"}) })
	eventually(t, "why A1's badge cannot be printed", func() bool { return strings.HasPrefix(info(), "Rien à imprimer") })
	if reprintOn() {
		t.Error("reprint enabled with nothing to print")
	}

	k.do(func() { d.open(kiosk.Attendee{ID: "A2", FirstName: "John", LastName: "Smith"}) })
	eventually(t, "reprint enabled", reprintOn)
	k.do(func() { test.Tap(d.reprint) })
	eventually(t, "badge sent", func() bool { return p.banner() == "Badge envoyé à l’imprimante PDF" })
	if p.folder.count() != 1 {
		t.Fatalf("%d jobs after the first print", p.folder.count())
	}
	eventually(t, "time of the print on the card", func() bool { return strings.HasPrefix(info(), "Badge imprimé (") })

	steps := []struct {
		name   string
		answer string
		jobs   int
	}{
		{"declined", "Annuler", 1},
		{"confirmed", "Réimprimer", 2},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			eventually(t, "reprint enabled", reprintOn)
			k.do(func() { test.Tap(d.reprint) })
			eventually(t, "the question", func() bool { return withUI(k, func() bool { return d.printing.confirm != nil }) })
			k.do(func() {
				if q := overlayText(p.w); !strings.Contains(q, "Ce badge a déjà été imprimé (") || !strings.Contains(q, "Réimprimer\u00a0?") {
					t.Errorf("question %q", q)
				}
				test.Tap(overlayButton(t, p.w, s.answer))
			})
			if s.jobs > 1 {
				eventually(t, "reprint sent and logged", func() bool {
					log, _ := v.store.Prints(ctx, "A2")
					return p.folder.count() == s.jobs && len(log) == s.jobs
				})
			} else {
				time.Sleep(200 * time.Millisecond)
			}
			if p.folder.count() != s.jobs {
				t.Errorf("%d jobs, want %d", p.folder.count(), s.jobs)
			}
		})
	}
	log, err := v.store.Prints(ctx, "A2")
	if err != nil || len(log) != 2 || log[0].Action != kiosk.PrintFirst || log[1].Action != kiosk.PrintReprint ||
		log[1].Kind != kiosk.PayloadToken {
		t.Errorf("print log %+v, %v", log, err)
	}
	files, _ := filepath.Glob(filepath.Join(p.folder.dir, "*.pdf"))
	if len(files) != 2 {
		t.Errorf("printed files %q", files)
	}
}

// A walk-in's badge prints by itself once registered, when a printer is
// chosen.
func TestWalkInPrintsItsBadge(t *testing.T) {
	v := newVenue(t)
	p := newPrintingDesk(t, v, "PDF", Staff{})
	k, d := p.k, p.k.desk
	k.do(func() {
		test.Tap(d.walkIn)
		var entries []*widget.Entry
		for _, o := range overlayObjects(p.w) {
			if e, ok := o.(*widget.Entry); ok {
				entries = append(entries, e)
			}
		}
		if len(entries) < 2 {
			t.Fatalf("walk-in form with %d fields", len(entries))
		}
		test.Type(entries[0], "Fatou")
		test.Type(entries[1], "Sow")
		test.Tap(overlayButton(t, p.w, k.t("save")))
	})
	eventually(t, "badge sent", func() bool { return p.banner() == "Badge envoyé à l’imprimante PDF" })
	if p.folder.count() != 1 {
		t.Errorf("%d jobs for one walk-in", p.folder.count())
	}
	found, _ := v.store.Search(context.Background(), "Fatou Sow", 5)
	if len(found) != 1 {
		t.Fatalf("walk-in not stored: %v", found)
	}
	log, _ := v.store.Prints(context.Background(), found[0].ID)
	if len(log) != 1 || log[0].Kind != kiosk.PayloadCode || log[0].PayloadHash != kiosk.PayloadHash(found[0].Code) {
		t.Errorf("print log %+v", log)
	}
	// The card now offers a reprint, which would ask first.
	eventually(t, "printed time on the card", func() bool {
		return strings.HasPrefix(withUI(k, func() string { return d.printInfo.Text }), "Badge imprimé (")
	})
}

// Staff choose the printer in the PIN-protected settings, among the print
// queues, or none.
func TestPrinterChoiceInSettings(t *testing.T) {
	v := newVenue(t)
	hash, _ := pin.Hash("2468")
	p := newPrintingDesk(t, v, "", Staff{PIN: pin.NewGuard(hash, time.Now)})
	k := p.k
	choose := func(t *testing.T, option string) {
		t.Helper()
		k.do(func() {
			k.showSettings()
			entry := focusedEntry(t, p.w)
			test.Type(entry, "2468")
			entry.OnSubmitted(entry.Text)
		})
		var sel *widget.Select
		eventually(t, "the print queues listed", func() bool {
			return withUI(k, func() bool {
				for _, o := range overlayObjects(p.w) {
					if s, ok := o.(*widget.Select); ok && len(s.Options) == 3 && s.Options[0] == "Aucune" {
						sel = s
						return true
					}
				}
				return false
			})
		})
		k.do(func() {
			if got := strings.Join(sel.Options, ","); got != "Aucune,PDF,Étiquettes" {
				t.Errorf("printer options %q", got)
			}
			sel.SetSelected(option)
			test.Tap(overlayButton(t, p.w, "Enregistrer"))
		})
	}
	k.do(func() { k.desk.open(kiosk.Attendee{ID: "A1"}) })
	if _, err := v.store.ImportAttendees(context.Background(), []kiosk.Attendee{{ID: "A1", FirstName: "Awa", LastName: "Diallo",
		Code: "FAIC-0001"}}, nil); err != nil {
		t.Fatal(err)
	}
	choose(t, "PDF")
	eventually(t, "printer chosen", func() bool { return p.badges.Printer() == "PDF" })
	eventually(t, "reprint enabled once a printer is chosen", func() bool {
		return withUI(k, func() bool { return !k.desk.reprint.Disabled() })
	})
	choose(t, "Aucune")
	eventually(t, "no printer", func() bool { return p.badges.Printer() == "" })
	eventually(t, "reprint disabled, saying why", func() bool {
		return withUI(k, func() string { return k.desk.printInfo.Text }) == "Aucune imprimante choisie (voir les réglages)"
	})
	p.savedMu.Lock()
	defer p.savedMu.Unlock()
	if strings.Join(p.saved, ",") != "PDF," {
		t.Errorf("choices saved %q", p.saved)
	}
}

// On the second day, a time on a card carries its date: yesterday's
// print is not this morning's.
func TestStamp(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, paris)
	k := &Kiosk{loc: paris, now: func() time.Time { return now }}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 27, 8, 12, 0, 0, paris), "08:12"},
		{time.Date(2026, 11, 26, 17, 45, 0, 0, paris), "26/11 17:45"},
		{time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC), "00:30"}, // 00:30 in Paris: today
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := k.stamp(tc.at); got != tc.want {
				t.Errorf("stamp(%s) = %q, want %q", tc.at, got, tc.want)
			}
		})
	}
}
