package jpegframe

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecodeImageOddSize: a frame whose sides are not whole MCUs (67×45)
// decodes to its exact bounds, each pixel within two IDCTs' rounding of
// the standard library's, in colour and in grey.
func TestDecodeImageOddSize(t *testing.T) {
	rgba := image.NewRGBA(image.Rect(0, 0, 67, 45))
	gray := image.NewGray(rgba.Rect)
	for y := range 45 {
		for x := range 67 {
			rgba.Set(x, y, color.RGBA{byte(x * 3), byte(y * 5), byte(x ^ y), 255})
			gray.SetGray(x, y, color.Gray{byte((x / 8 % 2) * 255)})
		}
	}
	for _, tc := range []struct {
		name string
		img  image.Image
	}{{"colour", rgba}, {"grey", gray}} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, tc.img, &jpeg.Options{Quality: 85}); err != nil {
				t.Fatal(err)
			}
			want, err := jpeg.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			got, err := DecodeImage(buf.Bytes(), nil)
			if err != nil {
				t.Fatalf("DecodeImage (%s): %v", Backend(), err)
			}
			if got.Bounds() != rgba.Rect {
				t.Fatalf("DecodeImage bounds %v, want %v", got.Bounds(), rgba.Rect)
			}
			for y := range 45 {
				for x := range 67 {
					if !near(got.At(x, y), want.At(x, y), 3) {
						t.Fatalf("pixel (%d,%d) = %v, want %v±3 (%s)", x, y, got.At(x, y), want.At(x, y), Backend())
					}
				}
			}
		})
	}
}

// TestDecodeImageMatchesStandardLibrary decodes frames of every chroma
// sampling a camera may send, grey, progressive and CMYK ones, and holds
// each pixel to image/jpeg's within two IDCTs' rounding; each is decoded
// twice, the second time into the first's storage, as a camera loop does.
func TestDecodeImageMatchesStandardLibrary(t *testing.T) {
	for _, name := range []string{"444", "422", "420", "440", "411", "410", "grey", "progressive", "cmyk"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name+".jpg"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			var prev image.Image
			for round := range 2 {
				got, err := DecodeImage(data, prev)
				if err != nil {
					t.Fatalf("DecodeImage (%s): %v", Backend(), err)
				}
				if got.Bounds() != want.Bounds() {
					t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
				}
				if w, ok := want.(*image.YCbCr); ok && Backend() != "image/jpeg" {
					if g, ok := got.(*image.YCbCr); !ok || g.SubsampleRatio != w.SubsampleRatio {
						t.Fatalf("got %T, want *image.YCbCr %v", got, w.SubsampleRatio)
					}
				}
				b := want.Bounds()
				for y := b.Min.Y; y < b.Max.Y; y++ {
					for x := b.Min.X; x < b.Max.X; x++ {
						if !near(got.At(x, y), want.At(x, y), 4) {
							t.Fatalf("round %d, pixel (%d,%d) = %v, want %v", round, x, y, got.At(x, y), want.At(x, y))
						}
					}
				}
				prev = got
			}
		})
	}
}

func near(a, b color.Color, tol int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(p, q uint32) bool { v := int(p>>8) - int(q>>8); return v >= -tol && v <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

// TestDecodeImageBadInput: a clear error, no panic, and no use of a
// reused frame's storage on failure.
func TestDecodeImageBadInput(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "422.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	prev, err := DecodeImage(good, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a jpeg", []byte("hello, this is not an image")},
		{"truncated header", good[:20]},
		{"header only", good[:len(good)/3]},
		{"claims 60,000 × 60,000 pixels", claimSize(t, good, 60000, 60000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, err := DecodeImage(tc.data, prev)
			if err == nil && tc.name != "header only" {
				t.Fatalf("DecodeImage(%s) = %T, want an error", tc.name, img)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "jpeg frame: ") {
				t.Fatalf("error = %v, want a jpeg frame error", err)
			}
		})
	}
}

// FuzzDecodeImage: whatever a camera or a file hands over, the decoders
// return an image or an error, never crash, and a result's planes cover
// its bounds.
func FuzzDecodeImage(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.jpg"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	var prev image.Image
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := DecodeImage(data, prev)
		if err == nil {
			b := img.Bounds()
			_ = img.At(b.Max.X-1, b.Max.Y-1) // panics if a plane is short
			prev = img
		}
	})
}

// claimSize rewrites a JPEG's frame header (SOF0) to declare w×h pixels.
func claimSize(t *testing.T, data []byte, w, h int) []byte {
	out := bytes.Clone(data)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	out[i+5], out[i+6], out[i+7], out[i+8] = byte(h>>8), byte(h), byte(w>>8), byte(w)
	return out
}
