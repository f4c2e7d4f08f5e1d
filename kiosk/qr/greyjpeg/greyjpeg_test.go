package greyjpeg

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
)

// TestDecodeMatchesLuminance holds either backend to the standard
// library's Y plane, within the rounding two IDCTs may differ by.
func TestDecodeMatchesLuminance(t *testing.T) {
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
			pix, w, h, err := Decode(buf.Bytes(), make([]byte, 10))
			if err != nil {
				t.Fatalf("Decode (%s): %v", Backend(), err)
			}
			if w != 67 || h != 45 || len(pix) != w*h {
				t.Fatalf("Decode = %d×%d, %d bytes; want 67×45", w, h, len(pix))
			}
			for y := range h {
				for x := range w {
					g := color.GrayModel.Convert(want.At(x, y)).(color.Gray).Y
					if d := int(pix[y*w+x]) - int(g); d < -3 || d > 3 {
						t.Fatalf("pixel (%d,%d) = %d, want %d±3 (%s)", x, y, pix[y*w+x], g, Backend())
					}
				}
			}
		})
	}
}

// TestDecodeBadInput: a clear error, no panic, from either backend.
func TestDecodeBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not a jpeg", []byte("hello, this is not an image")},
		{"truncated header", []byte{0xff, 0xd8, 0xff, 0xe0, 0x00}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := Decode(tc.data, nil)
			if err == nil || !strings.HasPrefix(err.Error(), "jpeg to grey: ") {
				t.Fatalf("Decode(%q) error = %v, want a jpeg to grey error", tc.data, err)
			}
		})
	}
}
