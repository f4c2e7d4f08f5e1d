package hubstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// BenchmarkIngest stores groups as the hub's writer makes them under
// load: 20 kiosks' batches of 10 scans per transaction. Its scans/s is
// the store's share of the hub's ingest figure.
func BenchmarkIngest(b *testing.B) {
	s, err := hubstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const kiosks, per = 20, 10
	seq := int64(0)
	b.ResetTimer()
	for range b.N {
		group := make([]hubstore.Batch, kiosks)
		seq += per
		for k := range group {
			group[k] = hubstore.Batch{Kiosk: fmt.Sprintf("k%03d", k), Epoch: "e"}
			for i := range per {
				q := seq - per + int64(i) + 1
				group[k].Scans = append(group[k].Scans, hubstore.Scan{Seq: q, Evidence: hubstore.EvidenceToken, Scan: kiosk.Scan{
					ID: kiosk.NewScanID(), Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted,
					AttendeeID: fmt.Sprintf("P%06d", q%100_000), At: time.Now()}})
			}
		}
		if _, err := s.Ingest(ctx, group); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*kiosks*per)/b.Elapsed().Seconds(), "scans/s")
}
