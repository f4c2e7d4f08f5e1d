package qr_test

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/qr"
)

// badgeTokens signs real tokens of a few lengths, as printed on badges.
func badgeTokens(tb testing.TB) []string {
	tb.Helper()
	// A fixed key: the corpus must be the same on every run. (gozxing
	// misreads about one symbol in a few hundred at some module sizes;
	// random keys would make that a flaky test instead of a known figure.)
	key, err := kiosk.ParsePrivateKey("ed25519-private:QWNjdWVpbCB0ZXN0IGtleSwgbm90IGZvciBldmVudHM=")
	if err != nil {
		tb.Fatal(err)
	}
	var toks []string
	for _, id := range []string{"A0001", "B7K2-00042", "VOLUNTEER-2016-0123456"} {
		tok, err := key.Sign(kiosk.Token{Event: "faic2016", AttendeeID: id, Issue: 1})
		if err != nil {
			tb.Fatal(err)
		}
		toks = append(toks, tok)
	}
	return toks
}

// scene describes one synthetic camera frame.
type scene struct {
	name          string
	w, h          int
	modulePx      int
	rotate        int     // quarter turns clockwise: 0–3
	noise         float64 // standard deviation of added noise, in gray levels
	dark, light   byte    // the code's two levels (0 and 255 when both zero)
	invert        bool    // light modules on a dark ground
	blur          int     // box-blur radius applied to the code, in pixels
	seed          uint64
	clutterLevels [2]int // gray range of the clutter rectangles
}

// newFrame draws clutter then pastes code (a gray image) at a random place.
func (s scene) frame(tb testing.TB, code *image.Gray) *qr.Frame {
	tb.Helper()
	rng := rand.New(rand.NewPCG(s.seed, 7))
	f := &qr.Frame{Y: make([]byte, s.w*s.h), Width: s.w, Height: s.h, Stride: s.w}
	clutter(f, rng, 40, s.clutterLevels)
	if code != nil {
		cw, ch := code.Bounds().Dx(), code.Bounds().Dy()
		if cw > s.w || ch > s.h {
			tb.Fatalf("code of %d×%d px does not fit a %d×%d frame", cw, ch, s.w, s.h)
		}
		x0, y0 := rng.IntN(s.w-cw+1), rng.IntN(s.h-ch+1)
		for y := range ch {
			copy(f.Y[(y0+y)*s.w+x0:], code.Pix[y*code.Stride:y*code.Stride+cw])
		}
	}
	if s.noise > 0 {
		for i, v := range f.Y {
			f.Y[i] = clamp(float64(v) + rng.NormFloat64()*s.noise)
		}
	}
	return f
}

func clutter(f *qr.Frame, rng *rand.Rand, n int, levels [2]int) {
	lo, hi := levels[0], levels[1]
	if hi <= lo {
		lo, hi = 0, 256
	}
	base := byte(lo + (hi-lo)/2)
	for i := range f.Y {
		f.Y[i] = base
	}
	for range n {
		rw, rh := 5+rng.IntN(200), 5+rng.IntN(200)
		x0, y0 := rng.IntN(f.Width), rng.IntN(f.Height)
		v := byte(lo + rng.IntN(hi-lo))
		for y := y0; y < min(y0+rh, f.Height); y++ {
			for x := x0; x < min(x0+rw, f.Width); x++ {
				f.Y[y*f.Stride+x] = v
			}
		}
	}
}

func clamp(v float64) byte {
	switch {
	case v < 0:
		return 0
	case v > 255:
		return 255
	}
	return byte(v + 0.5)
}

// styled renders payload as the scene asks: rotated exactly, with its
// contrast and polarity, blurred.
func (s scene) code(tb testing.TB, payload string) *image.Gray {
	tb.Helper()
	img, err := qr.Encode(payload, s.modulePx)
	if err != nil {
		tb.Fatal(err)
	}
	for range s.rotate {
		img = rotate90(img)
	}
	dark, light := s.dark, s.light
	if dark == 0 && light == 0 {
		dark, light = 0, 255
	}
	if s.invert {
		dark, light = light, dark
	}
	for i, v := range img.Pix {
		if v == 0 {
			img.Pix[i] = dark
		} else {
			img.Pix[i] = light
		}
	}
	if s.blur > 0 {
		img = boxBlur(img, s.blur)
	}
	return img
}

// rotate90 turns img a quarter clockwise, pixel for pixel.
func rotate90(img *image.Gray) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := image.NewGray(image.Rect(0, 0, h, w))
	for y := range h {
		for x := range w {
			out.Pix[x*out.Stride+(h-1-y)] = img.Pix[y*img.Stride+x]
		}
	}
	return out
}

func boxBlur(img *image.Gray, r int) *image.Gray {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := image.NewGray(img.Bounds())
	for y := range h {
		for x := range w {
			sum, n := 0, 0
			for dy := -r; dy <= r; dy++ {
				for dx := -r; dx <= r; dx++ {
					xx, yy := x+dx, y+dy
					if xx >= 0 && yy >= 0 && xx < w && yy < h {
						sum += int(img.Pix[yy*img.Stride+xx])
						n++
					}
				}
			}
			out.Pix[y*out.Stride+x] = byte(sum / n)
		}
	}
	return out
}

func TestDecoderReadsBadges(t *testing.T) {
	toks := badgeTokens(t)
	scenes := []scene{
		{name: "720p module 4", w: 1280, h: 720, modulePx: 4},
		{name: "720p module 6", w: 1280, h: 720, modulePx: 6},
		{name: "720p module 8", w: 1280, h: 720, modulePx: 8},
		{name: "480p module 4", w: 640, h: 480, modulePx: 4},
		{name: "480p module 5", w: 640, h: 480, modulePx: 5},
		{name: "480p module 7", w: 640, h: 480, modulePx: 7},
		{name: "rotated 90", w: 1280, h: 720, modulePx: 5, rotate: 1},
		{name: "rotated 180", w: 1280, h: 720, modulePx: 6, rotate: 2},
		{name: "rotated 270", w: 640, h: 480, modulePx: 4, rotate: 3},
		{name: "noise", w: 1280, h: 720, modulePx: 6, noise: 18},
		{name: "noise 480p", w: 640, h: 480, modulePx: 4, noise: 12},
		{name: "low contrast", w: 1280, h: 720, modulePx: 6, dark: 77, light: 179, clutterLevels: [2]int{60, 200}},
		{name: "low contrast noisy", w: 640, h: 480, modulePx: 5, dark: 90, light: 192, noise: 6, clutterLevels: [2]int{70, 210}},
		{name: "inverted", w: 1280, h: 720, modulePx: 6, invert: true},
		{name: "inverted 480p rotated", w: 640, h: 480, modulePx: 4, invert: true, rotate: 1},
		{name: "inverted low contrast", w: 1280, h: 720, modulePx: 8, invert: true, dark: 60, light: 162},
		{name: "blurred large", w: 1280, h: 720, modulePx: 8, blur: 3},
	}
	d := qr.NewDecoder()
	for i, s := range scenes {
		for j, tok := range toks {
			s.seed = uint64(100*i + j)
			t.Run(fmt.Sprintf("%s/token%d", s.name, j), func(t *testing.T) {
				f := s.frame(t, s.code(t, tok))
				got, err := d.Decode(f)
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if got != tok {
					t.Fatalf("Decode = %q, want %q", got, tok)
				}
			})
		}
	}
}

func TestDecoderStridedFrame(t *testing.T) {
	tok := badgeTokens(t)[0]
	s := scene{w: 640, h: 480, modulePx: 5, seed: 3}
	f := s.frame(t, s.code(t, tok))
	// The same pixels in a buffer with 64 bytes of padding per row.
	const pad = 64
	wide := &qr.Frame{Y: make([]byte, (f.Width+pad)*f.Height-pad), Width: f.Width, Height: f.Height, Stride: f.Width + pad}
	for y := range f.Height {
		copy(wide.Y[y*wide.Stride:], f.Y[y*f.Stride:y*f.Stride+f.Width])
		if y < f.Height-1 {
			for x := f.Width; x < wide.Stride; x++ {
				wide.Y[y*wide.Stride+x] = 0 // a black band that is not in the picture
			}
		}
	}
	got, err := qr.NewDecoder().Decode(wide)
	if err != nil || got != tok {
		t.Fatalf("Decode(strided) = %q, %v; want %q", got, err, tok)
	}
}

func TestDecoderNoCode(t *testing.T) {
	bars := func(w, h int, seed uint64) *qr.Frame {
		rng := rand.New(rand.NewPCG(seed, 1))
		f := &qr.Frame{Y: make([]byte, w*h), Width: w, Height: h, Stride: w}
		for i := range f.Y {
			f.Y[i] = 255
		}
		// An EAN-like 1-D barcode: black and white bars of 1–4 units.
		x := w / 4
		for x < 3*w/4 {
			bw := (1 + rng.IntN(4)) * 3
			for y := h / 3; y < 2*h/3; y++ {
				for xx := x; xx < min(x+bw, w); xx++ {
					f.Y[y*w+xx] = 0
				}
			}
			x += bw + (1+rng.IntN(4))*3
		}
		return f
	}
	uniform := func(w, h int, v byte) *qr.Frame {
		f := &qr.Frame{Y: make([]byte, w*h), Width: w, Height: h, Stride: w}
		for i := range f.Y {
			f.Y[i] = v
		}
		return f
	}
	cases := []struct {
		name  string
		frame *qr.Frame
	}{
		{"clutter 720p", scene{w: 1280, h: 720, seed: 1}.frame(t, nil)},
		{"clutter 480p", scene{w: 640, h: 480, seed: 2}.frame(t, nil)},
		{"clutter noisy", scene{w: 1280, h: 720, seed: 3, noise: 20}.frame(t, nil)},
		{"white", uniform(640, 480, 255)},
		{"black", uniform(640, 480, 0)},
		{"1-D barcode", bars(640, 480, 4)},
		{"1-D barcode 720p", bars(1280, 720, 5)},
		{"minimal", uniform(21, 21, 128)},
	}
	d := qr.NewDecoder()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := d.Decode(c.frame)
			if err == nil || got != "" {
				t.Fatalf("Decode = %q, %v; want no payload", got, err)
			}
			if !errors.Is(err, qr.ErrNotFound) {
				t.Fatalf("Decode error %v, want ErrNotFound", err)
			}
		})
	}
}

func TestDecoderBadFrames(t *testing.T) {
	cases := []struct {
		name  string
		frame *qr.Frame
	}{
		{"nil", nil},
		{"0×0", &qr.Frame{}},
		{"1×1", &qr.Frame{Y: []byte{0}, Width: 1, Height: 1, Stride: 1}},
		{"short buffer", &qr.Frame{Y: make([]byte, 100), Width: 640, Height: 480, Stride: 640}},
		{"stride below width", &qr.Frame{Y: make([]byte, 640*480), Width: 640, Height: 480, Stride: 320}},
		{"negative", &qr.Frame{Width: -5, Height: 10, Stride: 0}},
	}
	d := qr.NewDecoder()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := d.Decode(c.frame)
			if err == nil || got != "" {
				t.Fatalf("Decode = %q, %v; want an error", got, err)
			}
		})
	}
	for _, img := range []image.Image{nil, image.NewGray(image.Rect(0, 0, 0, 0)), image.NewGray(image.Rect(0, 0, 1, 1))} {
		if got, err := d.DecodeImage(img); err == nil || got != "" {
			t.Errorf("DecodeImage(%v) = %q, %v; want an error", img, got, err)
		}
	}
}

func TestDecodeImageAgreesWithDecode(t *testing.T) {
	tok := badgeTokens(t)[1]
	code, err := qr.Encode(tok, 4)
	if err != nil {
		t.Fatal(err)
	}
	b := code.Bounds()
	rgba := image.NewRGBA(b)
	ycc := image.NewYCbCr(b, image.YCbCrSubsampleRatio420)
	nrgba := image.NewNRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			v := code.GrayAt(x, y).Y
			rgba.SetRGBA(x, y, color.RGBA{v, v, v, 255})
			nrgba.SetNRGBA(x, y, color.NRGBA{v, v, v, 255})
			ycc.Y[ycc.YOffset(x, y)] = v
			ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = 128, 128
		}
	}
	d := qr.NewDecoder()
	for _, img := range []image.Image{code, rgba, ycc, nrgba} {
		want, werr := qr.Decode(img)
		got, err := d.DecodeImage(img)
		if err != nil || werr != nil || got != want || got != tok {
			t.Errorf("%T: DecodeImage = %q, %v; Decode = %q, %v; want %q", img, got, err, want, werr, tok)
		}
	}
}

func TestGrayFrame(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	full := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range full.Pix {
		full.Pix[i] = byte(rng.IntN(256))
	}
	sub := full.SubImage(image.Rect(5, 7, 33, 29)).(*image.Gray)

	ycc := image.NewYCbCr(image.Rect(0, 0, 40, 30), image.YCbCrSubsampleRatio422)
	for i := range ycc.Y {
		ycc.Y[i] = byte(rng.IntN(256))
	}
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = byte(rng.IntN(256)), byte(rng.IntN(256))
	}
	yccSub := ycc.SubImage(image.Rect(3, 2, 37, 27)).(*image.YCbCr)

	rgba := image.NewRGBA(image.Rect(-3, -2, 17, 11))
	nrgba := image.NewNRGBA(image.Rect(0, 0, 13, 9))
	pal := image.NewPaletted(image.Rect(0, 0, 12, 8), color.Palette{color.Black, color.White, color.RGBA{200, 30, 90, 255}})
	for i := range rgba.Pix {
		rgba.Pix[i] = byte(rng.IntN(256))
	}
	for i := 3; i < len(rgba.Pix); i += 4 {
		rgba.Pix[i] = 255 // opaque, as a decoded photo
	}
	for i := range nrgba.Pix {
		nrgba.Pix[i] = byte(rng.IntN(256))
	}
	for i := range pal.Pix {
		pal.Pix[i] = byte(rng.IntN(3))
	}

	for _, img := range []image.Image{full, sub, ycc, yccSub, rgba, nrgba, pal} {
		t.Run(fmt.Sprintf("%T %v", img, img.Bounds()), func(t *testing.T) {
			f := qr.GrayFrame(img, nil)
			b := img.Bounds()
			if f.Width != b.Dx() || f.Height != b.Dy() || f.Stride != f.Width || len(f.Y) != f.Width*f.Height {
				t.Fatalf("frame %d×%d stride %d len %d for bounds %v", f.Width, f.Height, f.Stride, len(f.Y), b)
			}
			for y := range f.Height {
				for x := range f.Width {
					var want byte
					if yc, ok := img.(*image.YCbCr); ok {
						want = yc.YCbCrAt(b.Min.X+x, b.Min.Y+y).Y
					} else {
						want = color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
					}
					if got := f.Y[y*f.Stride+x]; got != want {
						t.Fatalf("pixel (%d,%d) = %d, want %d", x, y, got, want)
					}
				}
			}
		})
	}

	t.Run("reuses the buffer", func(t *testing.T) {
		buf := qr.GrayFrame(full, nil)
		p := &buf.Y[0]
		for _, img := range []image.Image{sub, yccSub, full} {
			if got := qr.GrayFrame(img, buf); got != buf || &got.Y[0] != p {
				t.Fatalf("GrayFrame(%T) did not reuse a big enough buffer", img)
			}
		}
		if n := testing.AllocsPerRun(20, func() { qr.GrayFrame(ycc, buf) }); n != 0 {
			t.Errorf("GrayFrame(*image.YCbCr) into a big enough buffer: %v allocations, want 0", n)
		}
		if n := testing.AllocsPerRun(20, func() { qr.GrayFrame(full, buf) }); n != 0 {
			t.Errorf("GrayFrame(*image.Gray) into a big enough buffer: %v allocations, want 0", n)
		}
		big := image.NewGray(image.Rect(0, 0, 100, 100))
		if got := qr.GrayFrame(big, buf); len(got.Y) != 100*100 {
			t.Fatalf("growing: len %d", len(got.Y))
		}
	})
	t.Run("empty", func(t *testing.T) {
		for _, img := range []image.Image{nil, image.NewGray(image.Rect(0, 0, 0, 0)), image.NewRGBA(image.Rect(2, 2, 2, 9))} {
			f := qr.GrayFrame(img, &qr.Frame{Y: make([]byte, 10), Width: 5, Height: 2, Stride: 5})
			if f.Width*f.Height != 0 || len(f.Y) != 0 {
				t.Errorf("GrayFrame(%v) = %d×%d with %d bytes", img, f.Width, f.Height, len(f.Y))
			}
		}
	})
}

func TestDecoderNeverPanics(t *testing.T) {
	// Random junk frames of odd shapes: errors are fine, panics are not.
	d := qr.NewDecoder()
	rng := rand.New(rand.NewPCG(11, 11))
	for i := range 30 {
		w, h := 1+rng.IntN(300), 1+rng.IntN(300)
		f := &qr.Frame{Y: make([]byte, w*h), Width: w, Height: h, Stride: w}
		for j := range f.Y {
			if rng.IntN(2) == 0 {
				f.Y[j] = 255
			}
		}
		if got, err := d.Decode(f); err == nil {
			t.Logf("frame %d (%d×%d) of noise decoded to %q", i, w, h, got)
		}
	}
}

func benchFrame(b *testing.B, withCode bool) *qr.Frame {
	s := scene{w: 1280, h: 720, modulePx: 6, seed: 42, noise: 4}
	var code *image.Gray
	if withCode {
		code = s.code(b, badgeTokens(b)[2])
	}
	return s.frame(b, code)
}

func BenchmarkDecode720p(b *testing.B) {
	f := benchFrame(b, true)
	d := qr.NewDecoder()
	if _, err := d.Decode(f); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Decode(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode720pEmpty(b *testing.B) {
	f := benchFrame(b, false)
	d := qr.NewDecoder()
	for b.Loop() {
		if _, err := d.Decode(f); err == nil {
			b.Fatal("decoded a frame with no code")
		}
	}
}

// BenchmarkDecodeReference is the plain Decode on the same frame, to compare.
func BenchmarkDecodeReference720p(b *testing.B) {
	f := benchFrame(b, true)
	img := &image.Gray{Pix: f.Y, Stride: f.Stride, Rect: image.Rect(0, 0, f.Width, f.Height)}
	for b.Loop() {
		if _, err := qr.Decode(img); err != nil {
			b.Fatal(err)
		}
	}
}
