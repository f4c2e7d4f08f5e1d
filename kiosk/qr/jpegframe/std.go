//go:build !cgo || nolibjpeg

package jpegframe

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

const backend = "image/jpeg"

func decode(data []byte, buf []byte) ([]byte, int, int, error) {
	img, err := decodeImage(data, nil)
	if err != nil {
		return nil, 0, 0, err
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	pix := grow(buf, w*h)
	switch m := img.(type) {
	case *image.YCbCr:
		for y := range h {
			o := m.YOffset(b.Min.X, b.Min.Y+y)
			copy(pix[y*w:(y+1)*w], m.Y[o:o+w])
		}
	case *image.Gray:
		for y := range h {
			o := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(pix[y*w:(y+1)*w], m.Pix[o:o+w])
		}
	default: // CMYK: rare in cameras, and not worth a fast path
		for y := range h {
			for x := range w {
				pix[y*w+x] = grayAt(img, b.Min.X+x, b.Min.Y+y)
			}
		}
	}
	return pix, w, h, nil
}

func grayAt(img image.Image, x, y int) byte {
	r, g, b, _ := img.At(x, y).RGBA()
	return byte((19595*r + 38470*g + 7471*b + 1<<15) >> 24)
}

func decodeImage(data []byte, _ image.Image) (image.Image, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width*cfg.Height > maxPixels {
		return nil, fmt.Errorf("image of %d×%d pixels is too large", cfg.Width, cfg.Height)
	}
	return jpeg.Decode(bytes.NewReader(data))
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}
