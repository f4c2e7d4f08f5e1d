package printing_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
	"github.com/accueil/accueil/kiosk/printing"
	"github.com/accueil/accueil/kiosk/sqlite"
)

var ctx = context.Background()

// folder is a printer that keeps each PDF it gets in a folder.
type folder struct {
	dir  string
	fail error

	mu   sync.Mutex
	jobs []string
}

func (f *folder) Print(_ context.Context, printer, title string, pdf io.Reader) (string, error) {
	if f.fail != nil {
		return "", f.fail
	}
	b, err := io.ReadAll(pdf)
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	job := printer + "-" + string(rune('1'+len(f.jobs)))
	f.jobs = append(f.jobs, job)
	return job, os.WriteFile(filepath.Join(f.dir, job+".pdf"), b, 0o600)
}

func (f *folder) Printers(context.Context) ([]printing.Queue, error) {
	return []printing.Queue{{Name: "PDF", Default: true}, {Name: "Desk2"}}, nil
}

func (f *folder) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.jobs)
}

func newStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{
		{ID: "A1", FirstName: "Awa", LastName: "Diallo", Category: kiosk.CategoryDelegation, Language: kiosk.French, Code: "FAIC-0001"},
		{ID: "A2", FirstName: "John", LastName: "Smith", Category: kiosk.CategoryPress, Language: kiosk.English},
	}, nil); err != nil {
		t.Fatal(err)
	}
	return st
}

var event = badgepdf.Event{Name: "Forum", NameEN: "Forum", Dates: "4–5 juillet 2016", Venue: "Paris"}

// The print log: the first print prints; a second asks; confirming prints
// again and logs a reprint; declining prints nothing.
func TestPrintOnceUnlessConfirmed(t *testing.T) {
	st := newStore(t)
	printer := &folder{dir: t.TempDir()}
	at := time.Date(2016, 7, 4, 9, 12, 0, 0, time.UTC)
	b := printing.NewBadges(st, printer, event, "PDF")
	b.Now = func() time.Time { return at }

	first, err := b.PrintBadge(ctx, "A1", false)
	if err != nil {
		t.Fatal(err)
	}
	if first.Action != kiosk.PrintFirst || first.Job != "PDF-1" || first.Kind != kiosk.PayloadCode ||
		first.PayloadHash != kiosk.PayloadHash("FAIC-0001") {
		t.Errorf("first print %+v", first)
	}
	pdf, err := os.ReadFile(filepath.Join(printer.dir, "PDF-1.pdf"))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("printed file: %v", err)
	}

	steps := []struct {
		name    string
		reprint bool
		jobs    int
		logged  int
		asked   bool
	}{
		{"second print asks", false, 1, 1, true},
		{"declined: nothing printed", false, 1, 1, true},
		{"confirmed: printed again", true, 2, 2, false},
		{"third print asks again", false, 2, 2, true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			rec, err := b.PrintBadge(ctx, "A1", s.reprint)
			var already *kiosk.AlreadyPrintedError
			if asked := errors.As(err, &already); asked != s.asked {
				t.Fatalf("asked %v (err %v), want %v", asked, err, s.asked)
			}
			if s.asked && !already.At.Equal(at) {
				t.Errorf("last printed at %v, want %v", already.At, at)
			}
			if !s.asked && (err != nil || rec.Action != kiosk.PrintReprint) {
				t.Errorf("reprint %+v, %v", rec, err)
			}
			log, _ := st.Prints(ctx, "A1")
			if printer.count() != s.jobs || len(log) != s.logged {
				t.Errorf("%d jobs, %d logged; want %d, %d", printer.count(), len(log), s.jobs, s.logged)
			}
		})
	}
}

func TestPrintRefused(t *testing.T) {
	st := newStore(t)
	printer := &folder{dir: t.TempDir()}
	if err := st.Revoke(ctx, "A1", 0, "stolen"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		printer string
		fail    error
		id      string
		want    error
	}{
		{"no printer chosen", "", nil, "A2", printing.ErrNoPrinter},
		{"neither token nor code", "PDF", nil, "A2", kiosk.ErrNoBadge},
		{"revoked", "PDF", nil, "A1", kiosk.ErrBadgeRevoked},
		{"unknown attendee", "PDF", nil, "nobody", sqlite.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			printer.fail = tt.fail
			b := printing.NewBadges(st, printer, event, tt.printer)
			if _, err := b.PrintBadge(ctx, tt.id, false); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if _, _, err := b.BadgeState(ctx, tt.id); tt.want != printing.ErrNoPrinter && !errors.Is(err, tt.want) {
				t.Errorf("badge state: %v, want %v", err, tt.want)
			}
		})
	}
	if printer.count() != 0 {
		t.Errorf("%d jobs printed", printer.count())
	}
	// A printer error logs nothing: the next print is still a first one.
	if _, err := st.ImportAttendees(ctx, []kiosk.Attendee{{ID: "A3", LastName: "Okafor", Code: "FAIC-0003"}}, nil); err != nil {
		t.Fatal(err)
	}
	printer.fail = printing.ErrPrinterDisabled
	b := printing.NewBadges(st, printer, event, "PDF")
	if _, err := b.PrintBadge(ctx, "A3", false); !errors.Is(err, printing.ErrPrinterDisabled) {
		t.Fatalf("disabled printer: %v", err)
	}
	printer.fail = nil
	if rec, err := b.PrintBadge(ctx, "A3", false); err != nil || rec.Action != kiosk.PrintFirst {
		t.Errorf("after the printer came back: %+v, %v", rec, err)
	}
}

// A walk-in's first print waits a moment for the token the hub signs.
func TestWalkInPrintWaitsForToken(t *testing.T) {
	st := newStore(t)
	key, _ := kiosk.GenerateKey()
	printer := &folder{dir: t.TempDir()}
	w, _, err := st.Desk("desk-1", kiosk.EntranceID, nil).WalkIn(ctx, kiosk.Attendee{FirstName: "Fatou", LastName: "Sow"})
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: w.ID, Issue: 1})
	go func() {
		time.Sleep(150 * time.Millisecond) // the hub's answer
		_ = st.SaveWalkInBadges(ctx, map[string]string{w.ID: tok})
	}()
	b := printing.NewBadges(st, printer, event, "PDF")
	b.TokenWait = func() time.Duration { return 3 * time.Second }
	rec, err := b.PrintBadge(ctx, w.ID, false)
	if err != nil || rec.Kind != kiosk.PayloadToken || rec.PayloadHash != kiosk.PayloadHash(tok) {
		t.Fatalf("walk-in print %+v, %v; want the token", rec, err)
	}
	// Without a hub, the code is printed at once.
	w2, code2, _ := st.Desk("desk-1", kiosk.EntranceID, nil).WalkIn(ctx, kiosk.Attendee{FirstName: "Ana", LastName: "Lima"})
	b.TokenWait = func() time.Duration { return 0 }
	rec, err = b.PrintBadge(ctx, w2.ID, false)
	if err != nil || rec.Kind != kiosk.PayloadCode || rec.PayloadHash != kiosk.PayloadHash(code2) {
		t.Fatalf("walk-in print without hub %+v, %v; want the code", rec, err)
	}

}

func TestPrinterChoice(t *testing.T) {
	var saved []string
	b := printing.NewBadges(newStore(t), &folder{}, event, "")
	b.Save = func(p string) error { saved = append(saved, p); return nil }
	names, def, err := b.Printers(ctx)
	if err != nil || len(names) != 2 || def != "PDF" {
		t.Fatalf("printers %v, default %q, %v", names, def, err)
	}
	for _, p := range []string{"Desk2", ""} {
		if err := b.SetPrinter(p); err != nil || b.Printer() != p {
			t.Errorf("chose %q: now %q, %v", p, b.Printer(), err)
		}
	}
	if len(saved) != 2 {
		t.Errorf("saved %q", saved)
	}
	b.Save = func(string) error { return errors.New("disk full") }
	if err := b.SetPrinter("PDF"); err == nil || b.Printer() != "" {
		t.Errorf("a choice not saved was kept: %q, %v", b.Printer(), err)
	}
}
