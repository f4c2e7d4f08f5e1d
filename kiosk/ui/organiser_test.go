package ui

import (
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
)

// SetCounts is called from the sync client's goroutine while staff may
// switch the language, which rebuilds the organiser screen on the UI
// goroutine: run with -race, this test fails if SetCounts touches the
// screen outside the UI's lock.
func TestSetCountsWhileTheScreenIsRebuilt(t *testing.T) {
	test.NewTempApp(t)
	cat, _ := i18n.Builtin()
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	k := New(Config{Window: w, Mode: ModeOrganiser, Catalog: cat, Lang: "en", EventName: "Forum",
		KioskName: "office", Checkpoint: kiosk.DefaultEntrance})
	t.Cleanup(k.Close)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 200 {
			k.SetCounts(Counts{Version: int64(i + 1), Registered: 10, CheckedIn: i % 10})
		}
	}()
	for range 50 {
		k.do(k.toggleLanguage)
	}
	wg.Wait()
	if got := withUI(k, func() int64 { return k.organiser.latest.Version }); got != 200 {
		t.Errorf("the screen holds counts version %d, want the last one sent, 200", got)
	}
}
