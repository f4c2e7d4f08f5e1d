//go:build !cgo || nolibjpeg

package jpegframe

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

const backend = "image/jpeg"

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
