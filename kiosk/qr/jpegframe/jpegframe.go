// Package jpegframe decodes a camera's JPEG frames (and the camera
// benchmark's files) into what the QR decoder reads without conversion
// and the preview shows: the Y, Cb and Cr planes as the JPEG stores them,
// or the grey plane of a grey JPEG.
//
// It uses libjpeg-turbo (cgo, Debian's libjpeg-dev), asked for raw planes
// (or grey output), which skips the chroma's upsampling and the colour
// conversion: about five times faster than image/jpeg, which the build
// tag nolibjpeg (or CGO_ENABLED=0) falls back to.
package jpegframe

import (
	"fmt"
	"image"
)

// DecodeImage decodes a frame to an *image.YCbCr holding the planes as
// stored (chroma not upsampled), or an *image.Gray for a grey JPEG. When
// reuse is a previous result, its storage is reused if big enough: a
// camera loop passes its last frame, once nothing else holds it.
func DecodeImage(data []byte, reuse image.Image) (image.Image, error) {
	img, err := decodeImage(data, reuse)
	if err != nil {
		return nil, fmt.Errorf("jpeg frame: %w", err)
	}
	return img, nil
}

// maxPixels bounds a frame's declared size, checked before any plane is
// allocated: a corrupt header may claim 65,500 × 65,500 pixels, 4 GB of planes; a 4K
// webcam frame is 8.3 MP and a phone's photo some 50.
const maxPixels = 64 << 20

// Backend names the decoder this build uses, for reports.
func Backend() string { return backend }
