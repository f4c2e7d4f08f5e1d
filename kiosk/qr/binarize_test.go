package qr

import (
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
)

// The block binarizer agrees with gozxing's HybridBinarizer, which it
// replaces on the camera path, on a random frame, in both polarities.
func TestBinarizerMatchesGozxing(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	const w, h = 203, 157 // not multiples of the block size
	y := make([]byte, w*h)
	for i := range y {
		y[i] = byte(rng.IntN(256))
	}
	for i := 0; i < w*h/3; i++ { // flat areas, where the neighbour rule acts
		y[i] = 200
	}
	var b binarizer
	if !b.stats(y, w, w, h) {
		t.Fatal("stats refused a 203×157 plane")
	}
	for _, invert := range []bool{false, true} {
		got := b.binarize(y, w, invert, minDynamicRange)
		src, _ := gozxing.NewPlanarYUVLuminanceSource(y, w, h, 0, 0, w, h, false)
		if invert {
			src = src.Invert()
		}
		want, err := gozxing.NewHybridBinarizer(src).GetBlackMatrix()
		if err != nil {
			t.Fatal(err)
		}
		diff := 0
		for yy := range h {
			for x := range w {
				if got.Get(x, yy) != want.Get(x, yy) {
					diff++
				}
			}
		}
		// ZXing sets a pixel of overlapping edge blocks if either block
		// finds it dark; this one takes the last block's verdict.
		if diff > w*h/100 {
			t.Errorf("invert=%v: %d of %d pixels differ from gozxing", invert, diff, w*h)
		}
	}
}

// pack32's eight-at-a-time comparison agrees with the plain one, pixel by
// pixel, in both polarities, the extremes included.
func TestPack32(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	edges := []byte{0, 1, 127, 128, 129, 254, 255}
	for _, invert := range []bool{false, true} {
		t.Run(map[bool]string{false: "dark on light", true: "light on dark"}[invert], func(t *testing.T) {
			for n := range 2000 {
				var p, thr [32]byte
				for k := range 32 {
					if n%2 == 0 {
						p[k], thr[k] = edges[rng.IntN(len(edges))], edges[rng.IntN(len(edges))]
					} else {
						p[k], thr[k] = byte(rng.IntN(256)), byte(rng.IntN(256))
					}
				}
				var want uint32
				for k := range 32 {
					if (!invert && p[k] <= thr[k]) || (invert && p[k] >= thr[k]) {
						want |= 1 << k
					}
				}
				if got := pack32(&p, &thr, invert); got != want {
					t.Fatalf("pack32(%v, %v) = %032b, want %032b", p, thr, got, want)
				}
			}
		})
	}
}

func BenchmarkBinarize720p(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	const w, h = 1280, 720
	y := make([]byte, w*h)
	for i := range y {
		y[i] = byte(rng.IntN(256))
	}
	var bin binarizer
	b.Run("stats", func(b *testing.B) {
		for b.Loop() {
			bin.stats(y, w, w, h)
		}
	})
	b.Run("threshold", func(b *testing.B) {
		for b.Loop() {
			bin.binarize(y, w, false, minDynamicRange)
		}
	})
}
