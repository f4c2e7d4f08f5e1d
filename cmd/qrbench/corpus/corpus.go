// Package corpus generates camera frames of badge QR codes, deterministically,
// to measure how well and how fast the kiosk reads them.
//
// Every frame is a 1280×720 or 640×480 picture of a cluttered scene holding
// one real, signed badge token (signed with a fixed test key), either printed
// on a card or shown on a phone, under one dominant distortion: its class.
// The negative classes hold no QR code at all, or only a 1-D barcode, and
// must never yield a payload.
//
// The generator needs no file and no clock: a seed and a sample's index
// decide every pixel, so a sample is the same on every machine and every
// run, a subset of classes gives the same frames as the full corpus, and the
// read rates measured on it are exact figures that tests can hold.
package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/accueil/accueil/kiosk"
)

// Class names. Each positive class has one distortion dominant, the others
// stay mild, so that a per-class read rate says what that distortion costs.
const (
	Plain       = "plain"        // printed badge, near frontal, good light
	Scale       = "scale"        // code side from 80 to 400 px
	Rotation    = "rotation"     // any angle, upside down included
	Perspective = "perspective"  // badge tilted away from the camera
	Motion      = "motion-blur"  // badge moving during the exposure
	Defocus     = "defocus"      // badge too close to the lens
	Noise       = "noise"        // sensor noise
	JPEG        = "jpeg"         // strong JPEG artefacts
	LowLight    = "low-light"    // dark room, high gain
	LowContrast = "low-contrast" // faded print, haze
	Glare       = "glare"        // a lamp reflected on a glossy badge or screen
	Phone       = "phone"        // phone screen, dark on light
	Inverted    = "inverted"     // light-on-dark code (phone dark mode)
	Occlusion   = "occlusion"    // a thumb over part of the code
	NoCode      = "no-qr"        // negative: clutter, blank badges, fake codes
	Barcode     = "barcode-1d"   // negative: only a 1-D barcode
)

var classes = []string{Plain, Scale, Rotation, Perspective, Motion, Defocus, Noise, JPEG,
	LowLight, LowContrast, Glare, Phone, Inverted, Occlusion, NoCode, Barcode}

// Classes lists every class, positives first, in a fixed order.
func Classes() []string { return slices.Clone(classes) }

// Negative reports whether frames of class hold no QR code.
func Negative(class string) bool { return class == NoCode || class == Barcode }

// DefaultSeed is the seed of the corpus the tests' floors were measured on.
const DefaultSeed = 2016

// DefaultPerClass is the number of frames of each class, half of them
// 1280×720 and half 640×480.
const DefaultPerClass = 24

// Options selects a corpus. The zero value is the default corpus.
type Options struct {
	Seed     uint64   // 0: DefaultSeed
	PerClass int      // frames per class; 0: DefaultPerClass
	Classes  []string // nil: every class
	// Only720p and Only480p restrict the frame size (both false: both
	// sizes, alternating).
	Only720p, Only480p bool
	// JPEGQuality, when set, makes Write store every frame as a JPEG of
	// that quality, as a webcam's MJPEG stream delivers them (the JPEG
	// class keeps its own, lower, quality); 0 stores lossless PNG.
	JPEGQuality int
}

func (o Options) seed() uint64 {
	if o.Seed == 0 {
		return DefaultSeed
	}
	return o.Seed
}

func (o Options) perClass() int {
	if o.PerClass <= 0 {
		return DefaultPerClass
	}
	return o.PerClass
}

// Sample is one generated frame.
type Sample struct {
	Name    string // unique, usable as a file name stem: class-index-size
	Class   string
	Payload string // the badge token in the frame; "" for negatives
	Image   image.Image

	jpeg []byte // the encoded file, for the JPEG class: Image is its decoding
}

// Ext is the file extension Write uses for s: ".jpg" for JPEG-compressed
// frames, ".png" (lossless) for the others.
func (s Sample) Ext() string {
	if s.jpeg != nil {
		return ".jpg"
	}
	return ".png"
}

// Each generates the corpus lazily, one sample at a time, in class order,
// and calls fn with each; it stops at fn's first error and returns it. Only
// one frame is in memory at a time (fn may keep it).
func Each(opt Options, fn func(Sample) error) error {
	sel := opt.Classes
	if sel == nil {
		sel = classes
	}
	for _, c := range sel {
		if !slices.Contains(classes, c) {
			return fmt.Errorf("corpus: unknown class %q (known: %v)", c, classes)
		}
	}
	key, err := kiosk.ParsePrivateKey(testKey)
	if err != nil {
		return fmt.Errorf("corpus: test key: %w", err)
	}
	for _, c := range sel {
		ci := slices.Index(classes, c)
		for i := range opt.perClass() {
			s, err := generate(key, opt, c, ci, i)
			if err != nil {
				return fmt.Errorf("corpus: %s %d: %w", c, i, err)
			}
			if err := fn(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// testKey signs the corpus badges. It is public and for tests only: no
// event trusts it.
const testKey = "ed25519-private:QWNjdWVpbCB0ZXN0IGtleSwgbm90IGZvciBldmVudHM="

// Event is the event id of every corpus badge.
const Event = "faic2016"

// PublicKey returns the key that verifies corpus badges.
func PublicKey() kiosk.PublicKey {
	k, err := kiosk.ParsePrivateKey(testKey)
	if err != nil {
		panic("corpus: test key: " + err.Error()) // a constant: cannot fail
	}
	return k.Public()
}

// generate makes sample i of class c. Its random stream depends only on the
// seed, the class and i, so any subset of the corpus is the same frames.
func generate(key kiosk.PrivateKey, opt Options, c string, ci, i int) (Sample, error) {
	rng := rand.New(rand.NewPCG(opt.seed(), uint64(ci)<<32|uint64(i)))
	big := i%2 == 0
	switch {
	case opt.Only720p:
		big = true
	case opt.Only480p:
		big = false
	}
	w, h, size := 640, 480, "480p"
	if big {
		w, h, size = 1280, 720, "720p"
	}
	s := Sample{Name: fmt.Sprintf("%s-%03d-%s", c, i, size), Class: c}
	if !Negative(c) {
		tok, err := key.Sign(kiosk.Token{Event: Event, AttendeeID: attendeeID(rng), Issue: 1 + rng.IntN(3)})
		if err != nil {
			return Sample{}, err
		}
		s.Payload = tok
	}
	img, err := render(rng, c, w, h, s.Payload)
	if err != nil {
		return Sample{}, err
	}
	s.Image = img
	if c == JPEG {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 6 + rng.IntN(25)}); err != nil {
			return Sample{}, fmt.Errorf("jpeg: %w", err)
		}
		if s.Image, err = jpeg.Decode(bytes.NewReader(buf.Bytes())); err != nil {
			return Sample{}, fmt.Errorf("jpeg: %w", err)
		}
		s.jpeg = buf.Bytes()
	}
	return s, nil
}

// attendeeID draws an id in one of the shapes registration systems use, of
// varied lengths, so that the codes are of several versions.
func attendeeID(rng *rand.Rand) string {
	switch rng.IntN(4) {
	case 0:
		return fmt.Sprintf("A%04d", rng.IntN(10000))
	case 1:
		return fmt.Sprintf("B7K2-%05d", rng.IntN(100000))
	case 2:
		return fmt.Sprintf("VOLUNTEER-2016-%07d", rng.IntN(10000000))
	}
	return fmt.Sprintf("%08x-%04x-%04x", rng.Uint32(), rng.IntN(0x10000), rng.IntN(0x10000))
}

// Hash is a short digest of an image's pixels, to check that the generator
// is deterministic.
func Hash(img image.Image) uint64 {
	h := fnv.New64a()
	if m, ok := img.(*image.YCbCr); ok { // what Each gives, plane by plane
		h.Write(m.Y)
		h.Write(m.Cb)
		h.Write(m.Cr)
		return h.Sum64()
	}
	b := img.Bounds()
	var px [8]byte
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			px[0], px[1], px[2] = byte(r>>8), byte(g>>8), byte(bl>>8)
			h.Write(px[:3])
		}
	}
	return h.Sum64()
}

// ManifestName is the file Write lists the samples in.
const ManifestName = "manifest.tsv"

// Write writes the corpus into dir (created if needed): one image file per
// sample, named after it (PNG, or JPEG with Options.JPEGQuality, or the JPEG
// file itself for the JPEG class),
// and a manifest, one line per sample: file, class, payload (empty for
// negatives), tab-separated, after a header line. The folder also serves
// as a camera replay: kiosk -camera dir:PATH.
func Write(dir string, opt Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	mf, err := os.Create(filepath.Join(dir, ManifestName))
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	m := bufio.NewWriter(mf)
	fmt.Fprintf(m, "file\tclass\tpayload\n")
	var rgba *image.RGBA
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	err = Each(opt, func(s Sample) error {
		name := s.Name + s.Ext()
		var data []byte
		switch {
		case s.jpeg != nil:
			data = s.jpeg
		case opt.JPEGQuality > 0:
			name = s.Name + ".jpg"
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, s.Image, &jpeg.Options{Quality: opt.JPEGQuality}); err != nil {
				return fmt.Errorf("corpus: %s: %w", name, err)
			}
			data = buf.Bytes()
		default:
			// png encodes *image.RGBA directly; other types pixel by pixel.
			b := s.Image.Bounds()
			if rgba == nil || rgba.Bounds() != b {
				rgba = image.NewRGBA(b)
			}
			draw.Draw(rgba, b, s.Image, b.Min, draw.Src)
			var buf bytes.Buffer
			if err := enc.Encode(&buf, rgba); err != nil {
				return fmt.Errorf("corpus: %s: %w", name, err)
			}
			data = buf.Bytes()
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		fmt.Fprintf(m, "%s\t%s\t%s\n", name, s.Class, s.Payload)
		return nil
	})
	if ferr := m.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("corpus: manifest: %w", ferr)
	}
	if cerr := mf.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("corpus: manifest: %w", cerr)
	}
	return err
}

// Entry is one line of a manifest.
type Entry struct{ File, Class, Payload string }

// ReadManifest reads the manifest Write wrote in dir.
func ReadManifest(dir string) ([]Entry, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	var out []Entry
	for i, line := range bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n")) {
		if i == 0 {
			continue // header
		}
		f := bytes.Split(line, []byte("\t"))
		if len(f) != 3 {
			return nil, fmt.Errorf("corpus: manifest line %d: %d fields, want 3", i+1, len(f))
		}
		out = append(out, Entry{string(f[0]), string(f[1]), string(f[2])})
	}
	if len(out) == 0 {
		return nil, errors.New("corpus: empty manifest")
	}
	return out, nil
}
