package qr

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// TestFindPatternsMatchesGozxing holds the run-walking row scan to
// gozxing's pixel loop: on codes of every module size at every offset, with
// noise, clutter of finder-like runs and several codes at once, both must
// leave the same candidates (position, size, count) and choose the same
// three patterns.
func TestFindPatternsMatchesGozxing(t *testing.T) {
	rng := rand.New(rand.NewPCG(2016, 14))
	var row *gozxing.BitArray
	for k := range 400 {
		w, h := 80+rng.IntN(700), 60+rng.IntN(500)
		m := randomScene(t, rng, w, h)
		t.Run(fmt.Sprintf("scene%03d_%dx%d", k, w, h), func(t *testing.T) {
			ref := detector.NewFinderPatternFinder(m, nil)
			wantInfo, wantErr := ref.Find(map[gozxing.DecodeHintType]any{})
			ours := detector.NewFinderPatternFinder(m, nil)
			var gotInfo *detector.FinderPatternInfo
			var gotErr error
			gotInfo, row, gotErr = findPatterns(ours, m, row)
			if (wantErr == nil) != (gotErr == nil) {
				t.Fatalf("error = %v, gozxing's = %v", gotErr, wantErr)
			}
			if want, got := describe(ref.GetPossibleCenters()), describe(ours.GetPossibleCenters()); want != got {
				t.Fatalf("candidates differ:\n got %s\nwant %s", got, want)
			}
			if wantErr == nil {
				want := describe([]*detector.FinderPattern{wantInfo.GetTopLeft(), wantInfo.GetTopRight(), wantInfo.GetBottomLeft()})
				got := describe([]*detector.FinderPattern{gotInfo.GetTopLeft(), gotInfo.GetTopRight(), gotInfo.GetBottomLeft()})
				if want != got {
					t.Fatalf("chosen patterns differ:\n got %s\nwant %s", got, want)
				}
			}
		})
	}
}

func describe(ps []*detector.FinderPattern) string {
	s := ""
	for _, p := range ps {
		s += fmt.Sprintf("(%.3f,%.3f %.3f ×%d) ", p.GetX(), p.GetY(), p.GetEstimatedModuleSize(), p.GetCount())
	}
	return s
}

// randomScene draws zero to three QR codes of random module size at random
// places, finder-like runs of clutter, and salt-and-pepper noise.
func randomScene(t *testing.T, rng *rand.Rand, w, h int) *gozxing.BitMatrix {
	m, err := gozxing.NewBitMatrix(w, h)
	if err != nil {
		t.Fatal(err)
	}
	for range rng.IntN(4) {
		code, err := Encode(fmt.Sprintf("ACCUEIL-%d", rng.Int()), 1+rng.IntN(6))
		if err != nil {
			t.Fatal(err)
		}
		b := code.Bounds()
		x0, y0 := rng.IntN(w)-b.Dx()/4, rng.IntN(h)-b.Dy()/4
		for y := range b.Dy() {
			for x := range b.Dx() {
				if X, Y := x0+x, y0+y; X >= 0 && Y >= 0 && X < w && Y < h && code.GrayAt(x, y).Y < 128 {
					m.Set(X, Y)
				}
			}
		}
	}
	// Clutter: rows of 1:1:3:1:1 runs, some stacked into squares.
	for range rng.IntN(30) {
		u := 1 + rng.IntN(5)
		x0, y0, rows := rng.IntN(w), rng.IntN(h), 1+rng.IntN(8*u)
		for y := y0; y < min(h, y0+rows); y++ {
			x := x0
			for i, r := range []int{1, 1, 3, 1, 1} {
				for range r * u {
					if i%2 == 0 && x < w {
						m.Set(x, y)
					}
					x++
				}
			}
		}
	}
	for range rng.IntN(w * h / 20) {
		m.Flip(rng.IntN(w), rng.IntN(h))
	}
	return m
}

// TestCrossRatioMatchesGozxing tries every run set up to 40 pixels wide
// in each run where it matters: the integer form must agree with
// gozxing's float one everywhere, boundaries included.
func TestCrossRatioMatchesGozxing(t *testing.T) {
	sc := make([]int, 5)
	for u := range 12 {
		for a := range 3 * (u + 1) {
			for c := range 6 * (u + 1) {
				for e := range 3 * (u + 1) {
					for _, bd := range [][2]int{{u, u}, {u + 1, u}, {u, u - 1}, {2 * u, u}} {
						sc[0], sc[1], sc[2], sc[3], sc[4] = a, bd[0], c, bd[1], e
						if got, want := crossRatio(sc), detector.FinderPatternFinder_foundPatternCross(sc); got != want {
							t.Fatalf("crossRatio(%v) = %v, gozxing says %v", sc, got, want)
						}
					}
				}
			}
		}
	}
}
