// Package greyjpeg decodes a JPEG file to its luminance alone, which is all
// a QR decoder looks at: the load a camera frame or a corpus file costs
// before decoding.
//
// By default it uses the standard library (image/jpeg decodes the colour
// planes too, and the Y plane is kept). Built with the tag libjpeg, it
// asks libjpeg-turbo (cgo, Debian's libjpeg62-turbo-dev) for grey output,
// which skips the chroma and is about five times faster: `make bench`
// builds qrbench that way, as its zxing-cpp peer loads its frames with the
// same library.
package greyjpeg

import "fmt"

// Decode decodes data to an 8-bit grey plane, w×h bytes, row-major,
// reusing buf's storage when it is big enough.
func Decode(data []byte, buf []byte) (pix []byte, w, h int, err error) {
	pix, w, h, err = decode(data, buf)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("jpeg to grey: %w", err)
	}
	return pix, w, h, nil
}

// Backend names the decoder this build uses, for reports.
func Backend() string { return backend }

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}
