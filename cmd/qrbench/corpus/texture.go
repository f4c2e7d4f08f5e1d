package corpus

// What a code is shown on before it is placed in a frame: printed badges,
// phone screens, and the decoys negatives are made of (QR-like logos,
// 1-D barcodes).

import (
	"fmt"
	"image"
	"math/rand/v2"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"

	"github.com/accueil/accueil/kiosk/qr"
)

// A texture is a flat object (badge, phone) before it is placed in the
// scene: luminance only, the object being neutral in colour.
type texture struct {
	w, h int
	y    []float32
	// the QR symbol with its quiet zone, in texels
	qx, qy, qside float64
}

func newTexture(w, h int, v float32) *texture {
	t := &texture{w: w, h: h, y: make([]float32, w*h)}
	for i := range t.y {
		t.y[i] = v
	}
	return t
}

func (t *texture) rect(x0, y0, x1, y1 int, v float32) {
	x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, t.w), min(y1, t.h)
	if x0 >= x1 {
		return
	}
	for y := y0; y < y1; y++ {
		row := t.y[y*t.w+x0 : y*t.w+x1]
		for i := range row {
			row[i] = v
		}
	}
}

func (t *texture) text(rng *rand.Rand, x0, y0, width, gh int, v float32) {
	for x := x0; x < x0+width; {
		for range 2 + rng.IntN(6) {
			gw := gh/3 + rng.IntN(gh/2+1)
			if x+gw > x0+width {
				return
			}
			t.rect(x, y0+rng.IntN(gh/4+1), x+gw, y0+gh, v)
			x += gw + 1 + gh/8
		}
		x += gh / 2
	}
}

// paste draws a gray code image at (x0, y0) with its two levels mapped to
// dark and light.
func (t *texture) paste(code *image.Gray, x0, y0 int, dark, light float32) {
	b := code.Bounds()
	for y := range b.Dy() {
		for x := range b.Dx() {
			v := light
			if code.Pix[y*code.Stride+x] < 128 {
				v = dark
			}
			if xx, yy := x0+x, y0+y; xx >= 0 && yy >= 0 && xx < t.w && yy < t.h {
				t.y[yy*t.w+xx] = v
			}
		}
	}
}

// style is how a code is shown.
type style struct {
	phone    bool // on a phone screen, else a printed card
	inverted bool // light modules on a dark ground
}

// badge draws a printed badge (white card, event band, name) or a phone
// screen (dark bezel, bright screen) around code, whose modules are m
// texels wide.
func badge(rng *rand.Rand, code *image.Gray, m int, st style) *texture {
	cs := code.Bounds().Dx() // with its quiet zone
	dark, light := float32(20+rng.IntN(30)), float32(215+rng.IntN(35))
	if st.phone {
		dark, light = float32(5+rng.IntN(20)), float32(225+rng.IntN(30))
	}
	ground := light
	if st.inverted {
		dark, light = light-float32(rng.IntN(30)), dark+float32(rng.IntN(15))
		ground = light
	}
	if st.phone {
		pad := m * (1 + rng.IntN(3))
		sw := cs + 2*pad
		sh := sw * (17 + rng.IntN(4)) / 10
		bezel := max(sw/14, 3)
		t := newTexture(sw+2*bezel, sh+2*bezel, float32(8+rng.IntN(20)))
		t.rect(bezel, bezel, bezel+sw, bezel+sh, ground)
		qy := bezel + sh/5 + rng.IntN(sh/5)
		t.paste(code, bezel+pad, qy, dark, light)
		// status bar and a few lines of ticket text
		gh := max(sw/30, 2)
		t.text(rng, bezel+gh, bezel+gh, sw/3, gh, dark)
		t.text(rng, bezel+pad, qy+cs+gh*2, sw*2/3, gh*2, dark)
		t.text(rng, bezel+pad, qy+cs+gh*6, sw/2, gh*2, dark)
		t.qx, t.qy, t.qside = float64(bezel+pad), float64(qy), float64(cs)
		return t
	}
	padX := m * rng.IntN(4)
	band := cs * (25 + rng.IntN(20)) / 100
	names := cs * (30 + rng.IntN(20)) / 100
	cw := cs + 2*padX
	t := newTexture(cw, band+cs+names, ground)
	bandLum := float32(50 + rng.IntN(110))
	t.rect(0, 0, cw, band, bandLum)
	gh := max(band/4, 2)
	t.text(rng, cw/8, band/3, cw*3/4, gh, 240-bandLum/2)
	t.paste(code, padX, band, dark, light)
	nh := max(names/5, 2)
	t.text(rng, cw/6, band+cs+nh/2, cw*2/3, nh, dark)
	t.text(rng, cw/4, band+cs+nh*2+nh/2, cw/2, nh*2/3, dark)
	t.qx, t.qy, t.qside = float64(padX), float64(band), float64(cs)
	return t
}

// fakeCode is a QR-like pattern that is no QR code: three finder patterns
// around random modules, as on some logos and decorations. Decoders find
// its finders and must still report nothing.
func fakeCode(rng *rand.Rand, modules, m int) *image.Gray {
	size := (modules + 2*qr.QuietZone) * m
	img := image.NewGray(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	dark := func(mx, my int) {
		for y := range m {
			for x := range m {
				img.Pix[((my+qr.QuietZone)*m+y)*img.Stride+(mx+qr.QuietZone)*m+x] = 0
			}
		}
	}
	finder := func(ox, oy int) bool {
		return ox >= 0 && ox < 7 && oy >= 0 && oy < 7
	}
	for my := range modules {
		for mx := range modules {
			for _, o := range [][2]int{{0, 0}, {modules - 7, 0}, {0, modules - 7}} {
				ox, oy := mx-o[0], my-o[1]
				if finder(ox, oy) {
					ring := max(abs(ox-3), abs(oy-3))
					if ring != 2 {
						dark(mx, my)
					}
					goto next
				}
			}
			if rng.IntN(2) == 0 {
				dark(mx, my)
			}
		next:
		}
	}
	return img
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// barcode renders a 1-D barcode, Code 128 or EAN-13, bars m texels a
// module, with gozxing's writers.
func barcode(rng *rand.Rand, m int) (*image.Gray, error) {
	var row []bool
	var err error
	var bm *gozxing.BitMatrix
	if rng.IntN(2) == 0 {
		digits := make([]byte, 12)
		for i := range digits {
			digits[i] = byte('0' + rng.IntN(10))
		}
		bm, err = oned.NewEAN13Writer().Encode(string(digits), gozxing.BarcodeFormat_EAN_13, 0, 1, nil)
	} else {
		bm, err = oned.NewCode128Writer().Encode(fmt.Sprintf("FAIC-%06d", rng.IntN(1000000)), gozxing.BarcodeFormat_CODE_128, 0, 1, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("1-D barcode: %w", err)
	}
	for x := range bm.GetWidth() {
		row = append(row, bm.Get(x, 0))
	}
	w := len(row) * m
	h := max(w*(25+rng.IntN(30))/100, 8)
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if !row[x/m] {
				img.Pix[y*img.Stride+x] = 255
			}
		}
	}
	return img, nil
}
