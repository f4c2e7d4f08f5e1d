package qr

import (
	"cmp"
	"errors"
	"fmt"
	"image"
	"math"
	"slices"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
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
	reader gozxing.Reader
	qrdec  *decoder.Decoder
	// fast: no TRY_HARDER, which scans every third row instead of about
	// every fifth, and was found to read hardly more QR codes.
	fast     map[gozxing.DecodeHintType]any
	bin      binarizer // full resolution
	binSmall binarizer // downscaled by two
	small    []byte
	frame    *Frame // DecodeImage's conversion buffer
	row      *gozxing.BitArray
	tilted   []*detector.FinderPattern
	firstErr error // the most telling failure of the frame being decoded
}

// NewDecoder returns a Decoder with empty scratch buffers; they grow to the
// first frame's size and are reused afterwards.
func NewDecoder() *Decoder {
	return &Decoder{
		reader: qrcode.NewQRCodeReader(),
		qrdec:  decoder.NewDecoder(),
		fast:   map[gozxing.DecodeHintType]any{},
	}
}

// Decode reads one QR code from f, trying in order and stopping at the
// first success: (1) the frame as it is, (2) its light-on-dark reading,
// (3) for a frame of narrow dynamic range (haze, faded print, a dark room),
// both again with a finer edge threshold, (4) downscaled by two, which
// helps large blurred codes. Each pass also retries finder-pattern triples
// gozxing rejects, finder patterns too foreshortened for it, and, for a
// badge tilted away from the camera, a grid built from the code's measured
// edges and alignment patterns (perspective.go). When every pass
// fails the error wraps ErrNotFound; if some pass located a candidate it
// could not read, the error also wraps that pass's ErrUnreadable reason
// (only a hint: camera noise alone produces such candidates). A malformed
// frame, or a panic inside gozxing, is an ErrUnreadable error.
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
	d.firstErr = nil
	// 1–3. Full resolution: as it is, light on dark, low contrast.
	w, h := f.Width, f.Height
	if text, ok := d.passes(f.Y, f.Stride, w, h); ok {
		return text, nil
	}
	// 4. Downscaled by two (2×2 box average), which helps large blurred
	// codes. (Tried first, as the cheaper pass, it was no faster on the
	// corpus: most codes there need full resolution anyway.)
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
		if text, ok := d.plane(&d.binSmall, d.small, sw, sw, sh, false, minDynamicRange); ok {
			return text, nil
		}
	}
	return "", d.failure()
}

// passes runs the full-resolution passes over one plane.
func (d *Decoder) passes(y []byte, stride, w, h int) (string, bool) {
	if !d.bin.stats(y, stride, w, h) {
		// Too small for blocks: gozxing's own (global histogram) path.
		for _, p := range []struct {
			y      []byte
			invert bool
		}{{y, false}, {y, true}} {
			t, err := d.decodePlane(p.y, stride, w, h, p.invert)
			if err == nil {
				return t, true
			}
			d.note(err)
		}
		return "", false
	}
	// 1, 2. As it is, then light on dark.
	for _, invert := range []bool{false, true} {
		if t, ok := d.detect(d.bin.binarize(y, stride, invert, minDynamicRange)); ok {
			return t, true
		}
	}
	// 3. A narrow range: what ZXing takes for flat blocks may be the code.
	if r := d.bin.spread(); r < narrowRange {
		minRange := max(minDynamicRange*int32(r)/fullRange, 3)
		for _, invert := range []bool{false, true} {
			if t, ok := d.detect(d.bin.binarize(y, stride, invert, minRange)); ok {
				return t, true
			}
		}
	}
	return "", false
}

// plane binarizes and detects one plane in one polarity.
func (d *Decoder) plane(bin *binarizer, y []byte, stride, w, h int, invert bool, minRange int32) (string, bool) {
	if !bin.stats(y, stride, w, h) {
		t, err := d.decodePlane(y, stride, w, h, invert)
		d.note(err)
		return t, err == nil
	}
	return d.detect(bin.binarize(y, stride, invert, minRange))
}

const (
	// narrowRange: a frame whose blocks' contrast spans less than this
	// (between its 5th and 95th percentiles) gets the low-contrast pass.
	narrowRange = 110
	// fullRange is the spread minDynamicRange is meant for.
	fullRange = 200
)

// note keeps the most telling failure: a located but unreadable code
// rather than nothing found.
func (d *Decoder) note(err error) {
	if err == nil {
		return
	}
	if d.firstErr == nil || (errors.Is(d.firstErr, ErrNotFound) && !errors.Is(err, ErrNotFound)) {
		d.firstErr = err
	}
}

func (d *Decoder) failure() error {
	if d.firstErr == nil || errors.Is(d.firstErr, ErrNotFound) {
		return fmt.Errorf("qr decode: %w", ErrNotFound)
	}
	// gozxing "locates" finder-like patterns in ordinary sensor noise and
	// clutter, so a frame that did not read is reported as holding no code;
	// what the likeliest candidate gave is kept, and still matches
	// ErrUnreadable, as a hint.
	return fmt.Errorf("qr decode: %w (nearest candidate: %w)", ErrNotFound, d.firstErr)
}

// maxCenters bounds the finder-pattern candidates whose triples are tried
// again: clutter can make many, and each try costs a sampling and a decode.
const maxCenters = 10

// detect finds and reads a code in a binarized frame with gozxing's
// detector and decoder. gozxing keeps only the three finder patterns that
// best form an isosceles right triangle of module sizes at most 1.4 apart;
// a badge tilted away from the camera has its far finder patterns smaller
// than that, and clutter can win the triangle contest, so when its choice
// fails, the next likeliest triples are tried too.
func (d *Decoder) detect(m *gozxing.BitMatrix) (string, bool) {
	finder := detector.NewFinderPatternFinder(m, nil)
	var info *detector.FinderPatternInfo
	var err error
	info, d.row, err = findPatterns(finder, m, d.row)
	if err == nil {
		if t, err := d.read(m, info); err == nil {
			return t, true
		} else {
			d.note(err)
		}
		if t, err := d.readPerspective(m, info); err == nil {
			return t, true
		}
	}
	centers := finder.GetPossibleCenters()
	if len(centers) > maxCenters {
		return "", false
	}
	if len(centers) >= 3 {
		if t, ok := d.triples(m, centers, info, 0.8); ok {
			return t, true
		}
	}
	if len(centers) == 0 {
		return "", false
	}
	// gozxing saw part of a code: look again for finder patterns
	// foreshortened beyond what it accepts.
	d.row = findTiltedInto(m, d.row, &d.tilted)
	more := slices.Clone(centers)
	for _, c := range d.tilted {
		if !slices.ContainsFunc(centers, func(o *detector.FinderPattern) bool {
			return math.Abs(o.GetX()-c.GetX()) <= 3*c.GetEstimatedModuleSize() && math.Abs(o.GetY()-c.GetY()) <= 3*c.GetEstimatedModuleSize()
		}) {
			more = append(more, c)
		}
	}
	if len(more) == len(centers) || len(more) < 3 || len(more) > maxCenters {
		return "", false
	}
	// Strong perspective also makes their triangle far from right.
	return d.triples(m, more, nil, 1.2)
}

// triples tries the likeliest triples of finder-pattern candidates,
// other than info (already tried), with gozxing's sampling and with the
// perspective grid. maxSkew bounds how far from an isosceles right
// triangle a triple may be (0 for a perfect one).
func (d *Decoder) triples(m *gozxing.BitMatrix, centers []*detector.FinderPattern, info *detector.FinderPatternInfo, maxSkew float64) (string, bool) {
	type triple struct {
		p     [3]*detector.FinderPattern
		score float64
	}
	var ts []triple
	for i := range centers {
		for j := i + 1; j < len(centers); j++ {
			for k := j + 1; k < len(centers); k++ {
				p := [3]*detector.FinderPattern{centers[i], centers[j], centers[k]}
				lo, hi := math.Inf(1), 0.0
				for _, c := range p {
					lo, hi = min(lo, c.GetEstimatedModuleSize()), max(hi, c.GetEstimatedModuleSize())
				}
				if hi > 2.2*lo {
					continue
				}
				a, b, c := sq(p[0], p[1]), sq(p[1], p[2]), sq(p[0], p[2])
				a, b, c = sort3(a, b, c)
				// Centres of a version-1 code are 14 modules apart.
				if a < 12*12*lo*lo {
					continue
				}
				score := (math.Abs(c-2*b) + math.Abs(c-2*a)) / c
				if score > maxSkew {
					continue
				}
				ts = append(ts, triple{p, score})
			}
		}
	}
	slices.SortFunc(ts, func(x, y triple) int { return cmp.Compare(x.score, y.score) })
	tried := 0
	for _, t := range ts {
		bl, tl, tr := gozxing.ResultPoint_OrderBestPatterns(t.p[0], t.p[1], t.p[2])
		if info != nil && tl == gozxing.ResultPoint(info.GetTopLeft()) && bl == gozxing.ResultPoint(info.GetBottomLeft()) && tr == gozxing.ResultPoint(info.GetTopRight()) {
			continue // gozxing's own choice, tried above
		}
		fi := detector.NewFinderPatternInfo(bl.(*detector.FinderPattern), tl.(*detector.FinderPattern), tr.(*detector.FinderPattern))
		txt, err := d.read(m, fi)
		if err == nil {
			return txt, true
		}
		d.note(err)
		if txt, err := d.readPerspective(m, fi); err == nil {
			return txt, true
		}
		if tried++; tried == 3 {
			break
		}
	}
	return "", false
}

func sq(a, b *detector.FinderPattern) float64 {
	x, y := a.GetX()-b.GetX(), a.GetY()-b.GetY()
	return x*x + y*y
}

func sort3(a, b, c float64) (float64, float64, float64) {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b, c = c, b
	}
	if a > b {
		a, b = b, a
	}
	return a, b, c
}

// read samples the code the finder patterns frame and decodes it.
func (d *Decoder) read(m *gozxing.BitMatrix, info *detector.FinderPatternInfo) (string, error) {
	dr, err := detector.NewDetector(m).ProcessFinderPatternInfo(info)
	if err != nil {
		return "", classify(err)
	}
	res, err := d.qrdec.Decode(dr.GetBits(), d.fast)
	if err != nil {
		return "", classify(err)
	}
	return res.GetText(), nil
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
		if t, rerr := d.decodePlane(f.Y, f.Stride, f.Width, f.Height, false); rerr == nil {
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

// decodePlane runs one plain gozxing pass over a luminance plane whose
// rows are stride bytes apart: for planes too small for the block
// binarizer, and for DecodeImage's rescaled retries.
func (d *Decoder) decodePlane(y []byte, stride, w, h int, invert bool) (string, error) {
	if stride == w {
		// gozxing hands the whole slice to the binarizer in this case.
		y = y[:w*h]
	}
	var src gozxing.LuminanceSource
	src, err := gozxing.NewPlanarYUVLuminanceSource(y, stride, h, 0, 0, w, h, false)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	if invert {
		src = src.Invert()
	}
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	res, err := d.reader.Decode(bmp, d.fast)
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
