package qr

import (
	"errors"
	"fmt"
	"image"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Frame is one grayscale camera frame (or image): Y is row-major, Stride
// bytes per row, Width bytes of each row used.
type Frame struct {
	Y                     []byte
	Width, Height, Stride int
}

// valid reports whether Y holds every pixel the dimensions promise.
func (f *Frame) valid() bool {
	if f.Width < 0 || f.Height < 0 || f.Stride < f.Width {
		return false
	}
	if f.Width == 0 || f.Height == 0 {
		return true
	}
	return len(f.Y) >= (f.Height-1)*f.Stride+f.Width
}

// GrayFrame converts any image.Image into a Frame, reusing buf's storage
// when it is big enough, so that a camera loop allocates nothing per frame;
// a nil buf gets a new Frame. *image.Gray and *image.YCbCr are copied row by
// row (the Y plane is the luminance); other images go through the standard
// gray conversion. The result is compact: Stride == Width.
func GrayFrame(img image.Image, buf *Frame) *Frame {
	if buf == nil {
		buf = new(Frame)
	}
	if img == nil {
		buf.Y, buf.Width, buf.Height, buf.Stride = buf.Y[:0], 0, 0, 0
		return buf
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if cap(buf.Y) < w*h {
		buf.Y = make([]byte, w*h)
	}
	buf.Y = buf.Y[:w*h]
	buf.Width, buf.Height, buf.Stride = w, h, w
	if w == 0 || h == 0 {
		return buf
	}
	switch m := img.(type) {
	case *image.Gray:
		for y := range h {
			o := m.PixOffset(b.Min.X, b.Min.Y+y)
			copy(buf.Y[y*w:(y+1)*w], m.Pix[o:o+w])
		}
	case *image.YCbCr:
		for y := range h {
			o := m.YOffset(b.Min.X, b.Min.Y+y)
			copy(buf.Y[y*w:(y+1)*w], m.Y[o:o+w])
		}
	case *image.RGBA:
		for y := range h {
			o := m.PixOffset(b.Min.X, b.Min.Y+y)
			row := buf.Y[y*w : (y+1)*w]
			for x := range row {
				p := m.Pix[o+4*x : o+4*x+3 : o+4*x+3]
				row[x] = luma(uint32(p[0])*0x101, uint32(p[1])*0x101, uint32(p[2])*0x101)
			}
		}
	default:
		for y := range h {
			row := buf.Y[y*w : (y+1)*w]
			for x := range row {
				r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				row[x] = luma(r, g, bl)
			}
		}
	}
	return buf
}

// luma is color.GrayModel's conversion of 16-bit (alpha-premultiplied)
// components; transparent pixels come out black, as with the standard model.
func luma(r, g, b uint32) byte {
	return byte((19595*r + 38470*g + 7471*b + 1<<15) >> 24)
}

// Decoder reads one QR code per frame, trying cheap passes first. It keeps
// scratch buffers between frames, so it is not safe for concurrent use: give
// each camera goroutine its own.
type Decoder struct {
	reader   gozxing.Reader
	fast     map[gozxing.DecodeHintType]any
	harder   map[gozxing.DecodeHintType]any
	inverted []byte
	small    []byte
	frame    *Frame // DecodeImage's conversion buffer
}

// NewDecoder returns a Decoder with empty scratch buffers; they grow to the
// first frame's size and are reused afterwards.
func NewDecoder() *Decoder {
	return &Decoder{
		reader: qrcode.NewQRCodeReader(),
		fast:   map[gozxing.DecodeHintType]any{},
		harder: map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true},
	}
}

// Decode reads one QR code from f, trying in order and stopping at the
// first success: (1) the frame as it is, (2) inverted, for light-on-dark
// codes, (3) downscaled by two, which helps large blurred codes, (4) the
// full frame with TRY_HARDER. When every pass fails the error wraps
// ErrNotFound; if some pass located a candidate it could not read, the error
// also wraps that pass's ErrUnreadable reason (only a hint: camera noise
// alone produces such candidates). A malformed frame, or a panic inside
// gozxing, is an ErrUnreadable error.
func (d *Decoder) Decode(f *Frame) (text string, err error) {
	if f == nil {
		return "", fmt.Errorf("qr decode: %w: no frame", ErrNotFound)
	}
	if !f.valid() {
		return "", fmt.Errorf("qr decode: %w: frame of %d×%d pixels (stride %d) with %d bytes", ErrUnreadable, f.Width, f.Height, f.Stride, len(f.Y))
	}
	if f.Width < minSide || f.Height < minSide {
		return "", fmt.Errorf("qr decode: %w: image is %d×%d pixels, too small to hold a code", ErrNotFound, f.Width, f.Height)
	}
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("qr decode: %w: decoder failed: %v", ErrUnreadable, r)
		}
	}()

	w, h := f.Width, f.Height
	var firstErr error
	try := func(y []byte, stride, w, h int, hints map[gozxing.DecodeHintType]any) bool {
		t, err := d.decodePlane(y, stride, w, h, hints)
		if err == nil {
			text = t
			return true
		}
		if firstErr == nil || (errors.Is(firstErr, ErrNotFound) && !errors.Is(err, ErrNotFound)) {
			firstErr = err
		}
		return false
	}

	// 1. As it is.
	if try(f.Y, f.Stride, w, h, d.fast) {
		return text, nil
	}
	// 2. Inverted, into a compact scratch copy.
	d.inverted = grow(d.inverted, w*h)
	for y := range h {
		src := f.Y[y*f.Stride : y*f.Stride+w]
		dst := d.inverted[y*w : (y+1)*w]
		for x, v := range src {
			dst[x] = 255 - v
		}
	}
	if try(d.inverted, w, w, h, d.fast) {
		return text, nil
	}
	// 3. Downscaled by two (2×2 box average), when a code still fits.
	if sw, sh := w/2, h/2; sw >= minSide && sh >= minSide {
		d.small = grow(d.small, sw*sh)
		for y := range sh {
			r0 := f.Y[2*y*f.Stride:]
			r1 := f.Y[(2*y+1)*f.Stride:]
			dst := d.small[y*sw : (y+1)*sw]
			for x := range dst {
				s := uint(r0[2*x]) + uint(r0[2*x+1]) + uint(r1[2*x]) + uint(r1[2*x+1])
				dst[x] = byte((s + 2) / 4)
			}
		}
		if try(d.small, sw, sw, sh, d.fast) {
			return text, nil
		}
	}
	// 4. The full frame, trying harder.
	if try(f.Y, f.Stride, w, h, d.harder) {
		return text, nil
	}
	if errors.Is(firstErr, ErrNotFound) {
		return "", fmt.Errorf("qr decode: %w", ErrNotFound)
	}
	// gozxing "locates" finder-like patterns in ordinary sensor noise and
	// clutter, so a frame that did not read is reported as holding no code;
	// what the likeliest candidate gave is kept, and still matches
	// ErrUnreadable, as a hint.
	return "", fmt.Errorf("qr decode: %w (nearest candidate: %w)", ErrNotFound, firstErr)
}

// DecodeImage is GrayFrame followed by Decode, for image files.
func (d *Decoder) DecodeImage(img image.Image) (string, error) {
	if img == nil {
		return "", fmt.Errorf("qr decode: %w: no image", ErrNotFound)
	}
	d.frame = GrayFrame(img, d.frame)
	text, err := d.Decode(d.frame)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return text, err
	}
	// A file can afford what a camera frame cannot: gozxing misses a rare
	// symbol at some module sizes, and reads it at another. (A camera's
	// next frame is at another scale anyway.)
	for _, scale := range [][2]int{{3, 4}, {2, 3}, {3, 5}, {1, 2}, {2, 5}, {1, 3}} {
		f := rescale(d.frame, scale[0], scale[1])
		if f.Width < minSide || f.Height < minSide {
			continue
		}
		if t, rerr := d.decodePlane(f.Y, f.Stride, f.Width, f.Height, d.fast); rerr == nil {
			return t, nil
		}
	}
	return "", err
}

// rescale samples f at num/den of its size, nearest pixel.
func rescale(f *Frame, num, den int) *Frame {
	w, h := f.Width*num/den, f.Height*num/den
	out := &Frame{Y: make([]byte, w*h), Width: w, Height: h, Stride: w}
	for y := range h {
		src := f.Y[(y*den/num)*f.Stride:]
		dst := out.Y[y*w : (y+1)*w]
		for x := range dst {
			dst[x] = src[x*den/num]
		}
	}
	return out
}

// decodePlane runs one gozxing pass over a luminance plane whose rows are
// stride bytes apart.
func (d *Decoder) decodePlane(y []byte, stride, w, h int, hints map[gozxing.DecodeHintType]any) (string, error) {
	if stride == w {
		// gozxing hands the whole slice to the binarizer in this case.
		y = y[:w*h]
	}
	src, err := gozxing.NewPlanarYUVLuminanceSource(y, stride, h, 0, 0, w, h, false)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	res, err := d.reader.Decode(bmp, hints)
	if err != nil {
		return "", classify(err)
	}
	return res.GetText(), nil
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}
