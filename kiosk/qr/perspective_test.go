package qr

import (
	"image"
	"math"
	"testing"
)

// fitHomography recovers a known projective map from point pairs, with
// the minimum four and with more.
func TestFitHomography(t *testing.T) {
	want := homography{1.8, 0.3, 120, -0.2, 1.1, 80, 0.004, -0.002}
	src := []vec{{0, 0}, {45, 0}, {45, 45}, {0, 45}, {38.5, 38.5}, {22.5, 38.5}, {38.5, 22.5}}
	for _, n := range []int{4, 7} {
		t.Run(string(rune('0'+n)), func(t *testing.T) {
			dst := make([]vec, n)
			for i := range n {
				dst[i], _ = want.apply(src[i])
			}
			got, ok := fitHomography(src[:n], dst)
			if !ok {
				t.Fatal("no fit")
			}
			for _, p := range []vec{{10, 30}, {44, 2}, {22, 22}} {
				a, _ := want.apply(p)
				b, _ := got.apply(p)
				if a.sub(b).norm() > 1e-6 {
					t.Errorf("%v maps to %v, want %v", p, b, a)
				}
			}
		})
	}
}

// A badge seen at a steep angle, the near side twice as long as the far
// one: gozxing's parallelogram grid misses it, the measured edges read it.
func TestDecodeSteepPerspective(t *testing.T) {
	const tok = "AC1:TAEGMYLJMMZDAMJWAVBDAMBUGIAEEQWUQOHGB3FQQWJPPVBPYTHP4CHMHCHPWS6T537XPIRGFDZMOYLZ7GOBVJTLBEIJWGOUSFDAVIQ7WDFEYJNYBATB7JQNVKMRVQQRAQ"
	code, err := Encode(tok, 8)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		quad [4]vec // where the code's corners (with quiet zone) land
	}{
		{"far side right", [4]vec{{150, 60}, {450, 130}, {450, 350}, {150, 420}}},
		{"far side top", [4]vec{{230, 80}, {410, 80}, {500, 400}, {140, 400}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := warp(code, tc.quad, 640, 480)
			got, err := NewDecoder().Decode(f)
			if err != nil || got != tok {
				t.Errorf("read %q, %v", got, err)
			}
		})
	}
}

// warp draws img into a w×h light grey frame so that its corners land on
// quad, sampling the nearest pixel through the inverse projective map.
func warp(img *image.Gray, quad [4]vec, w, h int) *Frame {
	b := img.Bounds()
	n := float64(b.Dx())
	inv, ok := fitHomography(quad[:], []vec{{0, 0}, {n, 0}, {n, n}, {0, n}})
	if !ok {
		panic("degenerate quad")
	}
	f := &Frame{Y: make([]byte, w*h), Width: w, Height: h, Stride: w}
	for y := range h {
		for x := range w {
			f.Y[y*w+x] = 200
			p, ok := inv.apply(vec{float64(x) + 0.5, float64(y) + 0.5})
			if !ok || p.x < 0 || p.y < 0 || p.x >= n || p.y >= n || math.IsNaN(p.x) {
				continue
			}
			f.Y[y*w+x] = img.GrayAt(int(p.x), int(p.y)).Y
		}
	}
	return f
}
