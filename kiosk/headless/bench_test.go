package headless_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
)

// BenchmarkScanToLine measures what a visitor waits for: from a payload
// line arriving on standard input to its JSON verdict leaving on standard
// output, fsync included, with 100,000 attendees and 100,000 earlier scans
// on disk.
func BenchmarkScanToLine(b *testing.B) {
	const attendees = 100_000
	// Cancellable, as the kiosk's signal context is: database/sql and
	// go-sqlite3 do more work per statement for such a context.
	ctx, cancelBench := context.WithCancel(context.Background())
	defer cancelBench()
	dir := b.TempDir()
	if err := sqlitetest.Populate(ctx, dir, attendees, attendees); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	key, _ := kiosk.GenerateKey()
	payloads := make([]string, 4096)
	for i := range payloads {
		// Half first entries, half already checked in.
		id := fmt.Sprintf("P%06d", (i*24+1)%attendees+1)
		payloads[i], _ = key.Sign(kiosk.Token{Event: "bench", AttendeeID: id, Issue: 1})
	}
	station := &kiosk.Station{Reader: kiosk.NewBadgeReader("bench", key.Public()), Recorder: st,
		Kiosk: "bench", Checkpoint: kiosk.EntranceID, Direction: kiosk.In}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	go func() {
		_ = headless.Run(ctx, station, inR, outW, slog.New(slog.DiscardHandler))
		outW.Close()
	}()
	out := bufio.NewScanner(outR)
	var lat sqlitetest.Latencies
	i := 0
	for b.Loop() {
		payload := payloads[i%len(payloads)]
		i++
		start := time.Now()
		if _, err := io.WriteString(inW, payload+"\n"); err != nil {
			b.Fatal(err)
		}
		if !out.Scan() {
			b.Fatal("no verdict line")
		}
		lat = append(lat, time.Since(start))
	}
	inW.Close()
	lat.Report(b)
}
