package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/pin"
)

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var ok bool
		cond := cond
		ok = cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func newDeskWindow(t *testing.T, v *venue, staff Staff) (*Kiosk, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	cat, err := i18n.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cp, _ := v.store.Checkpoint(context.Background(), kiosk.EntranceID)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1024, 768))
	t.Cleanup(w.Close)
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", v.key.Public()), Recorder: v.store, Kiosk: "desk-1",
		Checkpoint: cp.ID, Direction: kiosk.In}
	k := New(Config{Window: w, Mode: ModeDesk, Catalog: cat, Lang: "fr", Scanner: st, Desk: v.store.Desk("desk-1", cp.ID, nil),
		EventName: "Forum", KioskName: "desk-1", Checkpoint: cp, Staff: staff})
	t.Cleanup(k.Close)
	return k, w
}

func withUI[T any](k *Kiosk, fn func() T) T {
	var v T
	k.do(func() { v = fn() })
	return v
}

func TestDeskSearchCheckInUndo(t *testing.T) {
	v := newVenue(t)
	k, w := newDeskWindow(t, v, Staff{})
	d := k.desk
	// A person types in the search field: it stays a search. The test
	// driver types instantly, so each key goes in with a pause, as people type.
	for _, r := range "helene" {
		k.do(func() { d.search.TypedRune(r) })
		time.Sleep(70 * time.Millisecond)
	}
	eventually(t, "typed text in the field", func() bool { return withUI(k, func() string { return d.search.Text }) == "helene" })
	eventually(t, "search results", func() bool { return withUI(k, func() int { return len(d.results) }) == 1 })
	k.do(func() { d.list.Select(0) })
	if got := withUI(k, func() string { return d.name.Text }); got != "Hélène Martin" {
		t.Fatalf("card shows %q", got)
	}
	if note := withUI(k, func() string { return d.note.Text }); !strings.Contains(note, "fauteuil") {
		t.Errorf("staff note not shown: %q", note)
	}
	eventually(t, "badge state", func() bool {
		return strings.HasPrefix(withUI(k, func() string { return d.state.Text }), "Badge valide")
	})
	if err := v.store.Revoke(context.Background(), "A2", 0, "lost"); err != nil {
		t.Fatal(err)
	}
	k.do(func() { d.open(kiosk.Attendee{ID: "A2", FirstName: "John", LastName: "Smith"}) })
	eventually(t, "revoked badge state", func() bool {
		return strings.Contains(withUI(k, func() string { return d.state.Text }), "révoqué")
	})
	k.do(func() { d.list.Select(0); d.open(d.results[0]) })
	k.do(func() { test.Tap(d.checkIn) })
	eventually(t, "check-in by hand", func() bool { return withUI(k, func() string { return d.lastScanID }) != "" })
	if n, _ := v.store.Occupancy(context.Background(), kiosk.EntranceID); n != 1 {
		t.Errorf("occupancy %d after check-in", n)
	}
	k.do(func() { test.Tap(d.undo) })
	eventually(t, "undo", func() bool { n, _ := v.store.Occupancy(context.Background(), kiosk.EntranceID); return n == 0 })
	eventually(t, "undo in the history", func() bool {
		return withUI(k, func() bool {
			for _, s := range d.history {
				if s.Reason == kiosk.ReasonUndo {
					return true
				}
			}
			return false
		})
	})
	// A badge scanned while the search field has focus is a scan, not a search.
	k.do(func() {
		w.Canvas().Focus(d.search)
		for _, r := range v.token(t, "A1") {
			d.search.TypedRune(r)
		}
		d.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	eventually(t, "scan at the desk", func() bool { return withUI(k, func() string { return d.name.Text }) == "Awa Diallo" })
	if txt := withUI(k, func() string { return d.search.Text }); txt != "helene" {
		t.Errorf("the scan leaked into the search field: %q", txt)
	}
}

func TestDeskBadInput(t *testing.T) {
	v := newVenue(t)
	k, _ := newDeskWindow(t, v, Staff{})
	d := k.desk
	for _, q := range []string{"😀😀", "שלום עולם", strings.Repeat("x", 2000), "'; DROP TABLE attendees;--"} {
		k.do(func() { d.search.SetText(q) })
		eventually(t, "search answered", func() bool { return withUI(k, func() bool { return d.searchSeq > 0 }) })
	}
	// A 2,000-character burst from the scanner is one unreadable scan.
	burst := strings.Repeat("A", 2000)
	k.do(func() {
		k.w.Canvas().Unfocus()
		test.TypeOnCanvas(k.w.Canvas(), burst)
		k.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	eventually(t, "burst answered", func() bool {
		recent, _ := v.store.Desk("desk-1", kiosk.EntranceID, nil).RecentScans(context.Background(), 5)
		return len(recent) == 1 && recent[0].Scan.Verdict == kiosk.VerdictUnreadable
	})
	// Walk-ins: empty names and 10,000 characters are refused, nothing stored.
	for _, a := range []kiosk.Attendee{{}, {FirstName: strings.Repeat("é", 10_000)}} {
		if _, _, err := v.store.Desk("desk-1", kiosk.EntranceID, nil).WalkIn(context.Background(), a); err == nil {
			t.Errorf("walk-in %q accepted", a.Name()[:min(20, len(a.Name()))])
		}
	}
	if n, _ := v.store.CountAttendees(context.Background()); n != 3 {
		t.Errorf("%d attendees after refused walk-ins", n)
	}
}

func TestPINLocksAfterFiveTries(t *testing.T) {
	v := newVenue(t)
	hash, _ := pin.Hash("2468")
	now := time.Now()
	guard := pin.NewGuard(hash, func() time.Time { return now })
	k, w := newDeskWindow(t, v, Staff{PIN: guard})
	opened := false
	for i := range 6 {
		k.do(func() {
			k.withPIN(func() { opened = true })
			entry := focusedEntry(t, w)
			test.Type(entry, fmt.Sprintf("%04d", i))
			entry.OnSubmitted(entry.Text)
		})
	}
	if opened {
		t.Fatal("settings opened with wrong PINs")
	}
	if _, locked, _ := guard.Check("2468"); locked <= 0 {
		t.Error("the right PIN works while locked")
	}
	now = now.Add(61 * time.Second)
	k.do(func() {
		k.withPIN(func() { opened = true })
		entry := focusedEntry(t, w)
		test.Type(entry, "2468")
		entry.OnSubmitted(entry.Text)
	})
	if !opened {
		t.Error("the right PIN after the lock did not open")
	}
}

func focusedEntry(t *testing.T, w fyne.Window) *widget.Entry {
	t.Helper()
	f := w.Canvas().Focused()
	if s, ok := f.(*scanSafeEntry); ok {
		return &s.Entry
	}
	e, ok := f.(*widget.Entry)
	if !ok {
		t.Fatalf("focused object is %T, not the PIN entry", f)
	}
	return e
}

func TestLanguageToggle(t *testing.T) {
	v := newVenue(t)
	k, _ := newWindow(t, v, ModeSelf, kiosk.EntranceID)
	k.do(func() {
		test.Tap(k.self.langBtn)
		if k.self.invite.Text != "Scan your badge" || k.self.langBtn.Text != "Français" {
			t.Errorf("after toggle: %q / %q", k.self.invite.Text, k.self.langBtn.Text)
		}
		test.Tap(k.self.langBtn)
		if !strings.HasPrefix(k.self.invite.Text, "Scannez") {
			t.Errorf("after toggling back: %q", k.self.invite.Text)
		}
	})
}

func TestSessionDoorGauge(t *testing.T) {
	v := newVenue(t)
	k, w := newWindow(t, v, ModeSession, "ag-cuf")
	if !strings.Contains(k.self.title.Text, "Assemblée générale") || !strings.Contains(k.self.gauge.text.Text, "0\u00a0/\u00a02") {
		t.Fatalf("session header %q, gauge %q", k.self.title.Text, k.self.gauge.text.Text)
	}
	k.do(func() { wedgeScan(w, v.token(t, "A3")) })
	title, _, tone := waitVerdict(t, k)
	if tone != ToneGreen || !strings.Contains(title, "Hélène") {
		t.Errorf("member at the General Meeting: %q tone %d", title, tone)
	}
	hideVerdict(k)
	if got := withUI(k, func() string { return k.self.gauge.text.Text }); !strings.Contains(got, "1\u00a0/\u00a02") {
		t.Errorf("gauge after one entry: %q", got)
	}
	k.do(func() { wedgeScan(w, v.token(t, "A2")) }) // press: not a member
	if title, _, tone := waitVerdict(t, k); tone != ToneRed || !strings.Contains(title, "No access") {
		t.Errorf("press at the General Meeting: %q tone %d", title, tone)
	}
}

func TestOrganiserCounts(t *testing.T) {
	v := newVenue(t)
	test.NewTempApp(t)
	cat, _ := i18n.Builtin()
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	k := New(Config{Window: w, Mode: ModeOrganiser, Catalog: cat, Lang: "en", Scanner: nil, EventName: "Forum",
		KioskName: "office", Checkpoint: kiosk.DefaultEntrance})
	t.Cleanup(k.Close)
	_ = v
	// Before the hub's first counts, and through a change of language,
	// the screen says it waits rather than showing zeros.
	if got := withUI(k, func() string { return k.organiser.sub.Text }); got != "Waiting for the counts from the hub…" {
		t.Errorf("before any counts: %q", got)
	}
	k.do(k.toggleLanguage)
	if got := withUI(k, func() string { return k.organiser.big.Text + " " + k.organiser.sub.Text }); got != "— / — En attente des chiffres du serveur…" {
		t.Errorf("before any counts, in French: %q", got)
	}
	k.do(k.toggleLanguage)
	k.SetCounts(Counts{Version: 3, Registered: 1500, CheckedIn: 412, ByCategory: map[string][2]int{"press": {40, 12}},
		Checkpoints: []CheckpointCount{{ID: "ag-cuf", Name: "General Meeting", Inside: 290, Capacity: 300}},
		Kiosks:      []KioskCount{{Name: "entrance-1", Online: true, Pending: 3}}})
	eventually(t, "counts drawn", func() bool { return withUI(k, func() string { return k.organiser.big.Text }) == "412 / 1500" })
	cps := withUI(k, func() string { return k.organiser.cps.Text })
	if !strings.Contains(cps, "290 / 300 ⚠") {
		t.Errorf("near-capacity warning missing: %q", cps)
	}
	// In French, the screen is rebuilt and keeps the counts.
	k.do(k.toggleLanguage)
	eventually(t, "French counts", func() bool {
		return strings.Contains(withUI(k, func() string { return k.organiser.sub.Text }), "412 arrivés")
	})
	k.do(k.toggleLanguage)
	// Older counts never replace newer ones.
	k.SetCounts(Counts{Version: 2, Registered: 1500, CheckedIn: 1})
	time.Sleep(countsEvery + 100*time.Millisecond)
	if got := withUI(k, func() string { return k.organiser.big.Text }); got != "412 / 1500" {
		t.Errorf("stale counts shown: %q", got)
	}
}
