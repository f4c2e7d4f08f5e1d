package v4l2

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/accueil/accueil/kiosk/qr"
)

// yuyvFrame makes a w×h YUYV frame whose rows are stride bytes apart:
// Y = x+y, U = 100+x/2, V = 200-y, padding bytes 0xEE.
func yuyvFrame(w, h, stride int) []byte {
	b := bytes.Repeat([]byte{0xee}, stride*h)
	for y := range h {
		for x := 0; x < w; x += 2 {
			o := y*stride + 2*x
			b[o], b[o+1], b[o+2], b[o+3] = byte(x+y), byte(100+x/2), byte(x+1+y), byte(200-y)
		}
	}
	return b
}

func TestYUYV(t *testing.T) {
	tests := []struct {
		name          string
		w, h, stride  int
		wantErr       bool
		truncateBytes int
	}{
		{"compact", 8, 4, 16, false, 0},
		{"padded rows", 6, 3, 16, false, 0},
		{"stride left to the width", 4, 2, 0, false, 0},
		{"short frame", 8, 4, 16, true, 3},
		{"odd width", 7, 2, 14, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stride := tt.stride
			if stride == 0 {
				stride = 2 * tt.w
			}
			src := yuyvFrame(tt.w-tt.w%2, tt.h, stride)
			src = src[:len(src)-tt.truncateBytes]
			var c converter
			img, err := c.convert(&raw{data: src, mode: Mode{Format: YUYV, Width: tt.w, Height: tt.h, Stride: tt.stride}})
			if tt.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ycc, ok := img.(*image.YCbCr)
			if !ok || ycc.SubsampleRatio != image.YCbCrSubsampleRatio422 || ycc.Rect != image.Rect(0, 0, tt.w, tt.h) {
				t.Fatalf("got %T %v", img, img.Bounds())
			}
			for y := range tt.h {
				for x := range tt.w {
					got := ycc.YCbCrAt(x, y)
					want := color.YCbCr{Y: byte(x + y), Cb: byte(100 + x/2), Cr: byte(200 - y)}
					if got != want {
						t.Fatalf("(%d,%d) = %v, want %v", x, y, got, want)
					}
				}
			}
			// The decoder reads the Y plane as it is.
			f := qr.GrayFrame(img, nil)
			for y := range tt.h {
				for x := range tt.w {
					if g := f.Y[y*f.Stride+x]; g != byte(x+y) {
						t.Fatalf("gray (%d,%d) = %d, want %d", x, y, g, x+y)
					}
				}
			}
		})
	}
}

// testJPEG encodes a picture with sharp edges and colour, as image/jpeg
// does: with the standard Huffman tables of annex K.3.
func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := byte(0)
			if (x/8+y/8)%2 == 0 {
				v = 255
			}
			img.Set(x, y, color.RGBA{R: v, G: byte(x * 255 / w), B: byte(y * 255 / h), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// stripDHT removes every DHT segment before the scan, as webcams that
// send "AVI MJPEG" frames do.
func stripDHT(t *testing.T, b []byte) []byte { return stripDHTb(t, b) }

func stripDHTb(t testing.TB, b []byte) []byte {
	t.Helper()
	out := append([]byte(nil), b[:2]...)
	i := 2
	for {
		if b[i] != 0xff {
			t.Fatalf("no marker at %d", i)
		}
		m := b[i+1]
		if m == 0xda {
			return append(out, b[i:]...)
		}
		n := 2 + (int(b[i+2])<<8 | int(b[i+3]))
		if m != 0xc4 {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
}

func TestMJPEGHuffmanTables(t *testing.T) {
	full := testJPEG(t, 64, 48)
	stripped := stripDHT(t, full)
	if bytes.Contains(stripped[:bytes.Index(stripped, []byte{0xff, 0xda})], []byte{0xff, 0xc4}) {
		t.Fatal("the test JPEG still has a DHT")
	}
	if _, err := jpeg.Decode(bytes.NewReader(stripped)); err == nil {
		t.Fatal("image/jpeg decodes a frame without Huffman tables: the fix-up is no longer needed")
	}
	want, err := jpeg.Decode(bytes.NewReader(full))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		frame   []byte
		wantErr bool
	}{
		{"with DHT", full, false},
		{"without DHT", stripped, false},
		{"with a fill byte before the scan", append(append(append([]byte(nil), stripped[:bytes.Index(stripped, []byte{0xff, 0xda})]...), 0xff), stripped[bytes.Index(stripped, []byte{0xff, 0xda}):]...), false},
		{"truncated header", stripped[:10], true},
		{"not a JPEG", []byte("hello"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c converter
			img, err := c.convert(&raw{data: tt.frame, mode: Mode{Format: MJPEG}})
			if tt.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if img.Bounds() != want.Bounds() {
				t.Fatalf("bounds %v, want %v", img.Bounds(), want.Bounds())
			}
			// Within two IDCTs' rounding: libjpeg-turbo's and image/jpeg's.
			g, w := img.(*image.YCbCr), want.(*image.YCbCr)
			b := w.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					p, q := g.YCbCrAt(x, y), w.YCbCrAt(x, y)
					if absDiff(p.Y, q.Y) > 3 || absDiff(p.Cb, q.Cb) > 3 || absDiff(p.Cr, q.Cr) > 3 {
						t.Fatalf("pixel (%d,%d) = %v, the original's %v", x, y, p, q)
					}
				}
			}
		})
	}
	t.Run("a frame with tables is not copied", func(t *testing.T) {
		out, _ := withHuffmanTables(full, nil)
		if &out[0] != &full[0] {
			t.Error("copied")
		}
	})
}

func TestPreviewCopy(t *testing.T) {
	var c converter
	src, err := c.convert(&raw{data: yuyvFrame(1280, 720, 2560), mode: Mode{Format: YUYV, Width: 1280, Height: 720}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		img      image.Image
		maxWidth int
		want     image.Rectangle
	}{
		{"720p halved", src, 640, image.Rect(0, 0, 640, 360)},
		{"720p as it is", src, 1280, image.Rect(0, 0, 1280, 720)},
		{"no limit", src, 0, image.Rect(0, 0, 1280, 720)},
		{"gray, a third", image.NewGray(image.Rect(0, 0, 900, 300)), 320, image.Rect(0, 0, 300, 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PreviewCopy(tt.img, tt.maxWidth)
			if p.Rect != tt.want {
				t.Fatalf("preview %v, want %v", p.Rect, tt.want)
			}
			// The copy is the frame's, not a view of it.
			if ycc, ok := tt.img.(*image.YCbCr); ok {
				before := p.RGBAAt(2, 2)
				ycc.Y[ycc.YOffset(2*p.Rect.Dx()/tt.want.Dx()*2, 2)] ^= 0xff
				if p.RGBAAt(2, 2) != before {
					t.Error("the preview changes with the frame")
				}
			}
		})
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
