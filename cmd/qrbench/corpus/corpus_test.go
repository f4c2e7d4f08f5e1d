package corpus_test

import (
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accueil/accueil/cmd/qrbench/corpus"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/qr"
)

// Frames the camera decoder (qr.Decoder.Decode) reads, per class, on the
// default corpus: measured when the corpus was made (cmd/qrbench gives the
// same figures, with zbarimg's and ZXingReader's beside them). The
// generator and the decoder are deterministic, so these are exact counts:
// a change that reads fewer fails here, one that reads more should raise
// them.
var floors = map[string]int{ // of corpus.DefaultPerClass = 24
	corpus.Plain:       24,
	corpus.Scale:       23,
	corpus.Rotation:    24,
	corpus.Perspective: 22,
	corpus.Motion:      14,
	corpus.Defocus:     14,
	corpus.Noise:       23,
	corpus.JPEG:        24,
	corpus.LowLight:    23,
	corpus.LowContrast: 24,
	corpus.Glare:       23,
	corpus.Phone:       24,
	corpus.Inverted:    24,
	corpus.Occlusion:   23,
}

// subsetFloors are the same counts on the first subsetPerClass frames of
// each class, which -short and -race runs take.
var subsetFloors = map[string]int{ // of subsetPerClass = 3
	corpus.Plain:       3,
	corpus.Scale:       3,
	corpus.Rotation:    3,
	corpus.Perspective: 3,
	corpus.Motion:      3,
	corpus.Defocus:     1,
	corpus.Noise:       3,
	corpus.JPEG:        3,
	corpus.LowLight:    3,
	corpus.LowContrast: 3,
	corpus.Glare:       3,
	corpus.Phone:       3,
	corpus.Inverted:    3,
	corpus.Occlusion:   3,
}

const subsetPerClass = 3

func TestReadRates(t *testing.T) {
	per, want := corpus.DefaultPerClass, floors
	if testing.Short() || raceEnabled {
		per, want = subsetPerClass, subsetFloors
	}
	dec := qr.NewDecoder()
	var frame qr.Frame
	got := map[string]int{}
	reader := kiosk.NewBadgeReader(corpus.Event, corpus.PublicKey())
	err := corpus.Each(corpus.Options{PerClass: per}, func(s corpus.Sample) error {
		payload, err := dec.Decode(qr.GrayFrame(s.Image, &frame))
		switch {
		case corpus.Negative(s.Class):
			if err == nil || payload != "" {
				t.Errorf("%s: a frame with no QR code read %q", s.Name, payload)
			}
		case err == nil && payload != s.Payload:
			t.Errorf("%s: read %q, want %q", s.Name, payload, s.Payload)
		case err == nil:
			got[s.Class]++
			if _, v := reader.Read(payload); v != "" {
				t.Errorf("%s: the badge read is not valid: %s", s.Name, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	for _, c := range corpus.Classes() {
		if corpus.Negative(c) {
			continue
		}
		fmt.Fprintf(&table, "\t%s: %d,\n", c, got[c])
		t.Run(c, func(t *testing.T) {
			if got[c] < want[c] {
				t.Errorf("read %d of %d frames, want at least %d", got[c], per, want[c])
			}
		})
	}
	t.Logf("read per class (%d frames each):\n%s", per, table.String())
}

func TestDeterministic(t *testing.T) {
	opt := corpus.Options{PerClass: 1, Classes: []string{corpus.Perspective, corpus.JPEG, corpus.Occlusion, corpus.Barcode}}
	hashes := func() []uint64 {
		var hs []uint64
		if err := corpus.Each(opt, func(s corpus.Sample) error {
			hs = append(hs, corpus.Hash(s.Image))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return hs
	}
	first, second := hashes(), hashes()
	if !slices.Equal(first, second) {
		t.Fatalf("two runs gave different frames: %x, %x", first, second)
	}
	// A subset is the same frames as in the whole corpus: the floors of
	// the -short run hold for the full one's first frames.
	var whole []uint64
	more := corpus.Options{PerClass: 1, Classes: append([]string{corpus.Plain}, opt.Classes...)}
	err := corpus.Each(more, func(s corpus.Sample) error {
		if slices.Contains(opt.Classes, s.Class) {
			whole = append(whole, corpus.Hash(s.Image))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first, whole) {
		t.Fatalf("subset frames differ from the whole corpus's")
	}
	other := corpus.Options{Seed: 7, PerClass: 1, Classes: opt.Classes}
	var diff []uint64
	if err := corpus.Each(other, func(s corpus.Sample) error {
		diff = append(diff, corpus.Hash(s.Image))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if slices.Equal(first, diff) {
		t.Fatal("another seed gave the same frames")
	}
}

func TestSamples(t *testing.T) {
	names := map[string]bool{}
	err := corpus.Each(corpus.Options{PerClass: 1}, func(s corpus.Sample) error {
		if names[s.Name] {
			t.Errorf("name %s twice", s.Name)
		}
		names[s.Name] = true
		b := s.Image.Bounds()
		if size := fmt.Sprintf("%d×%d", b.Dx(), b.Dy()); size != "1280×720" && size != "640×480" {
			t.Errorf("%s: %s frame", s.Name, size)
		}
		if (s.Payload == "") != corpus.Negative(s.Class) {
			t.Errorf("%s: payload %q in class %s", s.Name, s.Payload, s.Class)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := corpus.Each(corpus.Options{Classes: []string{"nonsense"}}, func(corpus.Sample) error { return nil }); err == nil {
		t.Error("an unknown class was accepted")
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	opt := corpus.Options{PerClass: 1, Classes: []string{corpus.Plain, corpus.JPEG}}
	if err := corpus.Write(dir, opt); err != nil {
		t.Fatal(err)
	}
	entries, err := corpus.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d manifest entries, want 2", len(entries))
	}
	d := qr.NewDecoder()
	for _, e := range entries {
		f, err := os.Open(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		img, err := decodeImage(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", e.File, err)
		}
		got, _ := d.DecodeImage(img)
		if got != e.Payload {
			t.Errorf("%s (%s): file reads %q, manifest says %q", e.File, e.Class, got, e.Payload)
		}
	}
	if !strings.HasSuffix(entries[1].File, ".jpg") {
		t.Errorf("JPEG sample written as %s", entries[1].File)
	}
	// The folder replays as a camera.
	if _, err := qr.OpenDir(dir, 0); err != nil {
		t.Errorf("OpenDir: %v", err)
	}
}

func decodeImage(r io.Reader) (image.Image, error) {
	img, _, err := image.Decode(r) // PNG and JPEG: registered by package corpus
	return img, err
}
