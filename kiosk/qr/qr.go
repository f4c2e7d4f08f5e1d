// Package qr turns badge payloads into QR images and camera images back into
// payloads.
//
// Encoding is fixed at error-correction level M (15 % of the code may be
// lost: a crease, a thumb, a glare) with the standard 4-module quiet zone, and
// draws every module as an exact square of whole pixels, so that a printed
// badge stays sharp at any printer resolution. Badge tokens are made of
// characters of the QR alphanumeric set, which the encoder detects, so a
// token of kiosk.TokenMaxBytes fits a version-7 code.
//
// Decode is the plain, careful decoder: it is what `kiosk decode` uses, and
// the reference the faster camera pipeline is checked against.
package qr

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// QuietZone is the blank margin around a code, in modules, that the QR
// standard requires for scanners to find it.
const QuietZone = 4

// MaxModulePx bounds the size of a module: 64 px is already a 12,000-pixel
// image for the largest code, far beyond any print or screen use.
const MaxModulePx = 64

// ErrNotFound is returned, wrapped, by Decode when an image holds no QR code
// it can locate, as opposed to a code it found but could not read.
var ErrNotFound = errors.New("no QR code found")

// ErrUnreadable is returned, wrapped, by Decode when a code was located but
// its content could not be recovered (damaged, blurred or cut off).
var ErrUnreadable = errors.New("QR code found but unreadable")

// Encode renders payload as a QR code at error-correction level M with a
// 4-module quiet zone, each module modulePx pixels square (exact integer
// pixels, no blur). Dark modules are 0, light ones 255.
func Encode(payload string, modulePx int) (*image.Gray, error) {
	if modulePx < 1 || modulePx > MaxModulePx {
		return nil, fmt.Errorf("qr encode: module size %d px out of range 1–%d", modulePx, MaxModulePx)
	}
	code, err := encode(payload)
	if err != nil {
		return nil, err
	}
	return render(code.GetMatrix(), modulePx), nil
}

// Version returns the QR version (1–40) Encode uses for payload at level M.
func Version(payload string) (int, error) {
	code, err := encode(payload)
	if err != nil {
		return 0, err
	}
	return code.GetVersion().GetVersionNumber(), nil
}

// WritePNG encodes payload and writes it as a PNG file.
func WritePNG(path, payload string, modulePx int) error {
	img, err := Encode(payload, modulePx)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("qr write: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		os.Remove(path) // a truncated PNG would fail later, far from the cause
		return fmt.Errorf("qr write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("qr write %s: %w", path, err)
	}
	return nil
}

// encode builds the code matrix, letting the encoder pick the smallest
// version and the densest single mode (numeric, alphanumeric or byte).
func encode(payload string) (*encoder.QRCode, error) {
	if payload == "" {
		return nil, errors.New("qr encode: empty payload")
	}
	var hints map[gozxing.EncodeHintType]any
	if !isASCII(payload) {
		// Bytes beyond ASCII are written as UTF-8 in any case; declaring it
		// (an ECI header, 12 bits) stops readers from guessing Latin-1 or
		// Shift_JIS and mangling the accents. Pure ASCII needs no header.
		hints = map[gozxing.EncodeHintType]any{gozxing.EncodeHintType_CHARACTER_SET: "UTF-8"}
	}
	code, err := encoder.Encoder_encode(payload, decoder.ErrorCorrectionLevel_M, hints)
	if err != nil {
		return nil, fmt.Errorf("qr encode %d-byte payload: %w", len(payload), err)
	}
	return code, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// render draws the matrix itself rather than through gozxing's writer,
// whose fit-to-size scaling centres the code with uneven padding: here
// every module is exactly px × px and the quiet zone exactly QuietZone
// modules.
func render(m *encoder.ByteMatrix, px int) *image.Gray {
	w, h := m.GetWidth(), m.GetHeight()
	img := image.NewGray(image.Rect(0, 0, (w+2*QuietZone)*px, (h+2*QuietZone)*px))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := range h {
		for x := range w {
			if m.Get(x, y) == 1 {
				fill(img, (x+QuietZone)*px, (y+QuietZone)*px, px)
			}
		}
	}
	return img
}

func fill(img *image.Gray, x0, y0, px int) {
	for y := y0; y < y0+px; y++ {
		row := img.Pix[y*img.Stride+x0 : y*img.Stride+x0+px]
		for i := range row {
			row[i] = 0
		}
	}
}

// minSide is the smallest image that can hold a code: version 1 is 21
// modules, at one pixel each and without its quiet zone.
const minSide = 21

// Decode reads one QR code from an image through gozxing's own path
// (its luminance source and binarizer, TRY_HARDER), then inverted; a clear
// error when there is none. It is the reference the camera's Decoder is
// measured against: kiosks, `kiosk decode` and the tests of what we print
// read through Decoder, which reads codes this misses (about one badge in
// two hundred at some module sizes, on perfect renderings).
func Decode(img image.Image) (text string, err error) {
	if img == nil {
		return "", fmt.Errorf("qr decode: %w: no image", ErrNotFound)
	}
	b := img.Bounds()
	if b.Dx() < minSide || b.Dy() < minSide {
		return "", fmt.Errorf("qr decode: %w: image is %d×%d pixels, too small to hold a code", ErrNotFound, b.Dx(), b.Dy())
	}
	// gozxing is a large port of Java code, fed here with whatever a camera
	// sees; should some frame ever make it panic, that frame must not bring
	// the kiosk down, so a panic is an unreadable image like any other.
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("qr decode: %w: decoder failed: %v", ErrUnreadable, r)
		}
	}()

	src := gozxing.NewLuminanceSourceFromImage(img)
	text, err = decodeSource(src)
	if err == nil {
		return text, nil
	}
	if inv, invErr := decodeSource(src.Invert()); invErr == nil {
		return inv, nil
	} else if errors.Is(err, ErrNotFound) {
		// Report what the inverted pass saw only when the normal one saw
		// nothing at all: a damaged dark-on-light code is the likelier case.
		err = invErr
	}
	return "", fmt.Errorf("qr decode: %w", err)
}

func decodeSource(src gozxing.LuminanceSource) (string, error) {
	bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", classify(err)
	}
	return res.GetText(), nil
}

// classify turns gozxing's exceptions into this package's errors, with a
// reason a person at a kiosk can act on (hold the badge flatter, closer).
func classify(err error) error {
	var (
		notFound gozxing.NotFoundException
		checksum gozxing.ChecksumException
		format   gozxing.FormatException
	)
	switch {
	case errors.As(err, &notFound):
		return ErrNotFound
	case errors.As(err, &checksum):
		return fmt.Errorf("%w: too damaged for error correction", ErrUnreadable)
	case errors.As(err, &format):
		return fmt.Errorf("%w: format or version information damaged", ErrUnreadable)
	}
	return fmt.Errorf("%w: %v", ErrUnreadable, err)
}
