package ui

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
)

// benchKiosk is a self-service window on a store of 100,000 attendees.
func benchKiosk(b *testing.B) (*Kiosk, fyne.Window, kiosk.PrivateKey) {
	b.Helper()
	dir := b.TempDir()
	if err := sqlitetest.Populate(context.Background(), dir, 100_000, 0); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	test.NewTempApp(b)
	cat, _ := i18n.Builtin()
	key, _ := kiosk.GenerateKey()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1024, 768))
	b.Cleanup(w.Close)
	station := &kiosk.Station{Reader: kiosk.NewBadgeReader("bench", key.Public()), Recorder: st, Kiosk: "bench",
		Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	k := New(Config{Window: w, Mode: ModeSelf, Catalog: cat, Lang: "fr", Scanner: station, EventName: "Forum",
		KioskName: "bench", Checkpoint: kiosk.DefaultEntrance})
	b.Cleanup(k.Close)
	return k, w, key
}

// scanAndWait types a badge as a wedge scanner does and waits for its
// verdict on screen.
func scanAndWait(k *Kiosk, w fyne.Window, payload string) {
	k.do(func() {
		test.TypeOnCanvas(w.Canvas(), payload)
		w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	for {
		var shown bool
		k.do(func() { shown = k.self.verdict.Visible() && k.self.verdictTitle.Text != "" })
		if shown {
			break
		}
		time.Sleep(50 * time.Microsecond)
	}
	k.do(k.self.hide)
}

// BenchmarkWedgeToVerdict measures a wedge burst (a 134-character token
// and Enter) to the verdict on screen, with 100,000 attendees on disk.
func BenchmarkWedgeToVerdict(b *testing.B) {
	k, w, key := benchKiosk(b)
	var lat []time.Duration
	i := 0
	for b.Loop() {
		i++
		tok, _ := key.Sign(kiosk.Token{Event: "bench", AttendeeID: fmt.Sprintf("P%06d", i%100_000+1), Issue: 1})
		start := time.Now()
		scanAndWait(k, w, tok)
		lat = append(lat, time.Since(start))
	}
	sqlitetest.Latencies(lat).Report(b)
}

// BenchmarkMemoryAfterScans reports the Go heap after the first 100 scans
// and after 10,000, both after a collection: what a day of scanning adds.
func BenchmarkMemoryAfterScans(b *testing.B) {
	for b.Loop() {
		k, w, key := benchKiosk(b)
		heap := func() float64 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			return float64(m.HeapInuse) / (1 << 20)
		}
		var after100 float64
		for i := 1; i <= 10_000; i++ {
			tok, _ := key.Sign(kiosk.Token{Event: "bench", AttendeeID: fmt.Sprintf("P%06d", i), Issue: 1})
			scanAndWait(k, w, tok)
			if i == 100 {
				after100 = heap()
			}
		}
		b.ReportMetric(after100, "MB-after-100")
		b.ReportMetric(heap(), "MB-after-10000")
	}
}
