package corpus_test

import (
	"testing"

	"github.com/accueil/accueil/cmd/qrbench/corpus"
	"github.com/accueil/accueil/kiosk/qr"
)

// BenchmarkDecodeCorpus720p decodes every 1280×720 frame of the corpus
// once per iteration, as the camera path does (cmd/qrbench gives the
// median and p95; this is for profiles).
func BenchmarkDecodeCorpus720p(b *testing.B) {
	var frames []*qr.Frame
	err := corpus.Each(corpus.Options{}, func(s corpus.Sample) error {
		if s.Image.Bounds().Dx() == 1280 {
			frames = append(frames, qr.GrayFrame(s.Image, nil))
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	dec := qr.NewDecoder()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range frames {
			_, _ = dec.Decode(f)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(frames)), "ms/frame")
}
