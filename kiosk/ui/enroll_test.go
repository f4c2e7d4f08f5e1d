package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
)

// startWindow opens a self-service window with staff hooks, enrolled or not.
func startWindow(t *testing.T, v *venue, staff Staff, enrolled *atomic.Bool) (*Kiosk, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	cat, _ := i18n.Builtin()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1024, 768))
	t.Cleanup(w.Close)
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", v.key.Public()), Recorder: v.store, Kiosk: "door-1",
		Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	k := New(Config{Window: w, Mode: ModeSelf, Catalog: cat, Lang: "fr", Scanner: st, Occupancy: v.store,
		KioskName: "door-1", Checkpoint: kiosk.DefaultEntrance, Staff: staff,
		Status: func() SyncStatus { return SyncStatus{Enrolled: enrolled.Load()} }})
	t.Cleanup(k.Close)
	return k, w
}

// scanInto types a payload into the focused field as a USB scanner does:
// every key at once, then Enter.
func scanInto(k *Kiosk, payload string) {
	k.do(func() {
		f, ok := k.w.Canvas().Focused().(*scanSafeEntry)
		if !ok {
			panic("no dialog field has the focus")
		}
		for _, r := range payload {
			f.TypedRune(r)
		}
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
}

const testCode = "ACE1:AAAQ6MJSGIXDCNRYFYYS4MJQHI4DOOBX"

func isTestCode(p string) bool { return strings.HasPrefix(strings.ToUpper(p), "ACE1:") }

// At a kiosk with no hub, the first-start PIN dialog does not eat what the
// scanner types: a badge is a scan, an enrollment code enrols the kiosk,
// and neither lands in the PIN field.
func TestFirstStartDialogTakesScans(t *testing.T) {
	v := newVenue(t)
	var enrolled atomic.Bool
	var enrolledWith atomic.Pointer[string]
	staff := Staff{SavePIN: func(string) error { return nil }, IsEnrollmentCode: isTestCode,
		Enroll: func(code string) error { enrolledWith.Store(&code); enrolled.Store(true); return nil }}
	k, _ := startWindow(t, v, staff, &enrolled)
	if k.firstPIN == nil {
		t.Fatal("a kiosk with no hub and no PIN should ask for one")
	}
	scanInto(k, v.token(t, "A1"))
	eventually(t, "badge scanned through the PIN dialog recorded", func() bool {
		recent, _ := v.store.Desk("door-1", kiosk.EntranceID, nil).RecentScans(context.Background(), 5)
		return len(recent) == 1 && recent[0].Scan.AttendeeID == "A1"
	})
	var field string
	k.do(func() { field = k.w.Canvas().Focused().(*scanSafeEntry).Text })
	if field != "" {
		t.Errorf("the badge was typed into the PIN field: %q", field)
	}
	scanInto(k, testCode)
	eventually(t, "enrolled by the scanned code", func() bool { c := enrolledWith.Load(); return c != nil && *c == testCode })
	// The hub's PIN arrives: the first-start dialog goes.
	k.do(func() { k.SetPIN(nil) })
	if k.firstPIN != nil {
		t.Error("first-start dialog still open once the hub's PIN came")
	}
}

// An enrolled kiosk takes scans at once (no PIN dialog), and an
// enrollment code scanned at it is refused: a visitor cannot move it to
// another hub.
func TestEnrolledKioskNeverAsksPINAtStart(t *testing.T) {
	v := newVenue(t)
	var enrolled atomic.Bool
	enrolled.Store(true)
	var calls atomic.Int32
	staff := Staff{SavePIN: func(string) error { return nil }, IsEnrollmentCode: isTestCode,
		Enroll: func(string) error { calls.Add(1); return nil }}
	start := time.Now()
	k, w := startWindow(t, v, staff, &enrolled)
	if k.firstPIN != nil {
		t.Fatal("an enrolled kiosk asked for a PIN at start")
	}
	wedgeScan(w, v.token(t, "A2"))
	title, _, _ := waitVerdict(t, k)
	if !strings.Contains(title, "John") {
		t.Errorf("verdict %q", title)
	}
	t.Logf("window built to verdict on screen: %s", time.Since(start).Round(time.Millisecond))
	hideVerdict(k)
	wedgeScan(w, testCode)
	time.Sleep(100 * time.Millisecond)
	if calls.Load() != 0 {
		t.Error("an enrolled kiosk took an enrollment code scanned by a visitor")
	}
}
