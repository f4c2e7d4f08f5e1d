package sqlite_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
)

const benchAttendees = 100_000

func BenchmarkImportAttendees100k(b *testing.B) {
	list := sqlitetest.Attendees(benchAttendees)
	for b.Loop() {
		b.StopTimer()
		st, err := sqlite.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := st.ImportAttendees(ctx, list, nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

func BenchmarkSearch100k(b *testing.B) {
	dir := b.TempDir()
	if err := sqlitetest.Populate(ctx, dir, benchAttendees, 0); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	queries := []string{"m", "mederic", "petit m", "diallo awa", "ville de lyon", "wz-00012", "ouedr", "ngu", "zzz", "a b"}
	var lat sqlitetest.Latencies
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		start := time.Now()
		if _, err := st.Search(ctx, q, 50); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	lat.Report(b)
}

func BenchmarkRecordScan(b *testing.B) {
	dir := b.TempDir()
	if err := sqlitetest.Populate(ctx, dir, benchAttendees, benchAttendees); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var lat sqlitetest.Latencies
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		_, err := st.RecordScan(ctx, kiosk.ScanRequest{ID: kiosk.NewScanID(), Kiosk: "bench", Checkpoint: "entrance",
			Direction: kiosk.In, At: time.Now(), Badge: kiosk.Badge{AttendeeID: fmt.Sprintf("P%06d", i%benchAttendees+1)}})
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	lat.Report(b)
}

// BenchmarkRecordScanByCode scans outside codes (one attendee in twenty
// has one), every other one typed in lower case as with Caps Lock on.
func BenchmarkRecordScanByCode(b *testing.B) {
	dir := b.TempDir()
	if err := sqlitetest.Populate(ctx, dir, benchAttendees, benchAttendees); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var lat sqlitetest.Latencies
	i := 0
	for b.Loop() {
		i++
		code := fmt.Sprintf("WZ-%07d", (i*20)%benchAttendees)
		if i%2 == 0 {
			code = strings.ToLower(code)
		}
		start := time.Now()
		res, err := st.RecordScan(ctx, kiosk.ScanRequest{ID: kiosk.NewScanID(), Kiosk: "bench", Checkpoint: "entrance",
			Direction: kiosk.In, At: time.Now(), Payload: code, Badge: kiosk.Badge{Code: code}})
		if err != nil {
			b.Fatal(err)
		}
		if res.Attendee.ID == "" {
			b.Fatalf("code %s: %s", code, res.Scan.Verdict)
		}
		lat = append(lat, time.Since(start))
	}
	lat.Report(b)
}
