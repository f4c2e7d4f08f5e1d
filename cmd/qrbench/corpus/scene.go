package corpus

// The frame being drawn: a webcam-like luminance and chroma canvas, and
// the clutter around a badge (shapes, printed words).

import (
	"image"
	"math/rand/v2"
)

// A scene is a frame being drawn: luminance in floats (so that blur, gain
// and glare do not round at every step) and 4:2:0 chroma, as a webcam's
// JPEG or YUV frame has it.
type scene struct {
	w, h   int
	y      []float32
	cb, cr []byte // (w+1)/2 × (h+1)/2
}

func newScene(w, h int) *scene {
	cw, ch := (w+1)/2, (h+1)/2
	s := &scene{w: w, h: h, y: make([]float32, w*h), cb: make([]byte, cw*ch), cr: make([]byte, cw*ch)}
	for i := range s.cb {
		s.cb[i], s.cr[i] = 128, 128
	}
	return s
}

// image rounds the scene into a YCbCr frame.
func (s *scene) image() *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, s.w, s.h), image.YCbCrSubsampleRatio420)
	for i, v := range s.y {
		img.Y[i] = clamp8(v)
	}
	copy(img.Cb, s.cb)
	copy(img.Cr, s.cr)
	return img
}

func clamp8(v float32) byte {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return byte(v + 0.5)
}

func (s *scene) chroma(x, y int, cb, cr byte) {
	i := (y/2)*((s.w+1)/2) + x/2
	s.cb[i], s.cr[i] = cb, cr
}

// rect fills a clipped rectangle with a level and a colour.
func (s *scene) rect(x0, y0, x1, y1 int, v float32, cb, cr byte) {
	x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, s.w), min(y1, s.h)
	if x0 >= x1 {
		return
	}
	for y := y0; y < y1; y++ {
		row := s.y[y*s.w+x0 : y*s.w+x1]
		for i := range row {
			row[i] = v
		}
		for x := x0; x < x1; x += 2 {
			s.chroma(x, y, cb, cr)
		}
	}
}

// clutter draws what a kiosk camera sees behind a badge: a wall's
// gradient, posters, furniture, printed text, stripes.
func (s *scene) clutter(rng *rand.Rand) {
	top, bottom := 60+rng.Float32()*140, 60+rng.Float32()*140
	for y := range s.h {
		v := top + (bottom-top)*float32(y)/float32(s.h)
		row := s.y[y*s.w : (y+1)*s.w]
		for i := range row {
			row[i] = v
		}
	}
	n := 20 + rng.IntN(30)
	for range n {
		rw, rh := 10+rng.IntN(s.w/4), 10+rng.IntN(s.h/3)
		x0, y0 := rng.IntN(s.w)-rw/2, rng.IntN(s.h)-rh/2
		s.rect(x0, y0, x0+rw, y0+rh, rng.Float32()*255, byte(64+rng.IntN(128)), byte(64+rng.IntN(128)))
	}
	for range 4 + rng.IntN(6) {
		x0, y0 := rng.IntN(s.w), rng.IntN(s.h)
		gh := 6 + rng.IntN(14)
		lum := float32(rng.IntN(2)) * 230
		for line := range 1 + rng.IntN(5) {
			s.text(rng, x0, y0+line*gh*3/2, 40+rng.IntN(260), gh, lum)
		}
	}
	if rng.IntN(3) == 0 { // a striped shirt or blind
		x0, y0 := rng.IntN(s.w), rng.IntN(s.h)
		p := 3 + rng.IntN(10)
		for y := y0; y < min(y0+100+rng.IntN(200), s.h); y++ {
			for x := x0; x < min(x0+150, s.w); x++ {
				if (x/p+y/p)%2 == 0 {
					s.y[y*s.w+x] = 30
				} else {
					s.y[y*s.w+x] = 200
				}
			}
		}
	}
}

// text draws a line of glyph-like blocks: what printed words look like to a
// QR detector.
func (s *scene) text(rng *rand.Rand, x0, y0, width, gh int, v float32) {
	for x := x0; x < x0+width; {
		word := 2 + rng.IntN(7)
		for range word {
			gw := gh/3 + rng.IntN(gh/2+1)
			s.rect(x, y0+rng.IntN(gh/4+1), x+gw, y0+gh, v, 128, 128)
			x += gw + 1 + gh/8
		}
		x += gh / 2
	}
}
