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

// stats's eight-lane sums, minima and maxima agree with a plain count over
// the same pixels (every other row of each block, the edge blocks moved
// in to fit).
func TestStatsLanes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, size := range [][2]int{{41, 40}, {203, 157}, {640, 480}} {
		w, h := size[0], size[1]
		y := make([]byte, w*h)
		for i := range y {
			y[i] = byte(rng.IntN(256))
			if i%7 == 0 {
				y[i] = []byte{0, 255}[rng.IntN(2)]
			}
		}
		var b binarizer
		if !b.stats(y, w, w, h) {
			t.Fatalf("%d×%d: stats refused", w, h)
		}
		for by := range b.subH {
			for bx := range b.subW {
				x0, y0 := min(bx*block, w-block), min(by*block, h-block)
				var sum int32
				lo, hi := byte(255), byte(0)
				for r := 0; r < block; r += 2 {
					for c := range block {
						p := y[(y0+r)*w+x0+c]
						sum += 2 * int32(p)
						lo, hi = min(lo, p), max(hi, p)
					}
				}
				i := by*b.subW + bx
				if b.sum[i] != sum || b.lo[i] != lo || b.hi[i] != hi {
					t.Fatalf("%d×%d block (%d,%d): sum %d lo %d hi %d, want %d %d %d", w, h, bx, by, b.sum[i], b.lo[i], b.hi[i], sum, lo, hi)
				}
			}
		}
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
