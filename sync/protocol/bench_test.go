package protocol_test

import (
	"testing"

	"github.com/accueil/accueil/sync/protocol"
)

// BenchmarkDecodeScanBatch measures the hub's work for one full batch, the
// most it reads per frame from a kiosk catching up after an outage.
func BenchmarkDecodeScanBatch(b *testing.B) {
	frame := mustEncode(b, scanBatch(b, protocol.MaxBatch))
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := protocol.Decode(frame); err != nil {
			b.Fatal(err)
		}
	}
}
