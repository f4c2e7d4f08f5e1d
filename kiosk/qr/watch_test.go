package qr

import (
	"context"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// A folder of frames replayed as a camera: the badge in them is reported
// once, however many frames show it, and empty frames report nothing.
func TestWatchDirSource(t *testing.T) {
	dir := t.TempDir()
	const payload = "AC1:CAEGMYLJMMZDAMJWAVATAMBTGEAY54HQDBG3CQAATH4KALQB7LF3H4D473WSNUCWCQYG2Q26FUB62G6TXYO3ZADCK4V72BHJITCK52EJ2VZZAM4XBQJCP2E5IRKCVF6AAQ"
	code, err := Encode(payload, 5)
	if err != nil {
		t.Fatal(err)
	}
	frame := image.NewGray(image.Rect(0, 0, 640, 480))
	draw.Draw(frame, frame.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(frame, code.Bounds().Add(image.Pt(150, 60)), code, image.Point{}, draw.Src)
	empty := image.NewGray(image.Rect(0, 0, 640, 480))
	for i, img := range []image.Image{empty, frame, frame, frame, empty} {
		if err := writePNG(filepath.Join(dir, string(rune('a'+i))+".png"), img); err != nil {
			t.Fatal(err)
		}
	}
	src, err := OpenDir(dir, 100)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	var mu sync.Mutex
	var found []string
	previews := 0
	err = Watch(ctx, src, NewDecoder(), func(image.Image) { previews++ }, func(p string) {
		mu.Lock()
		found = append(found, p)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(found) != 1 || found[0] != payload {
		t.Errorf("found %q, want the badge once", found)
	}
	if previews == 0 || previews > 10 {
		t.Errorf("%d previews in 0.5 s, want some and at most about 15 a second", previews)
	}
}

func TestOpenDirErrors(t *testing.T) {
	if _, err := OpenDir(filepath.Join(t.TempDir(), "missing"), 0); err == nil {
		t.Error("missing folder accepted")
	}
	dir := t.TempDir()
	if _, err := OpenDir(dir, 0); err == nil {
		t.Error("empty folder accepted")
	}
	os.WriteFile(filepath.Join(dir, "x.png"), []byte("not a png"), 0o644)
	if _, err := OpenDir(dir, 0); err == nil {
		t.Error("broken image accepted")
	}
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return png.Encode(f, img)
}

// reusingSource hands out one image whose pixels it overwrites on every
// Next, as a webcam driver's mapped buffers are: the badge frame and a
// blank one in turn.
type reusingSource struct {
	img          *image.Gray
	badge, blank []byte
	n            int
}

func (s *reusingSource) Next(ctx context.Context) (image.Image, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.n++
	if s.n%2 == 0 {
		copy(s.img.Pix, s.badge)
	} else {
		copy(s.img.Pix, s.blank)
	}
	return s.img, nil
}

func (s *reusingSource) Close() error { return nil }

// A source may reuse a frame's storage once Next is called again: Watch
// must be done with the frame by then (the race detector checks), and
// still read the badge.
func TestWatchSourceReusingFrames(t *testing.T) {
	const payload = "WI-7K3QX2M9PB4DZR"
	code, err := Encode(payload, 6)
	if err != nil {
		t.Fatal(err)
	}
	badge := image.NewGray(image.Rect(0, 0, 640, 480))
	draw.Draw(badge, badge.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(badge, code.Bounds().Add(image.Pt(200, 100)), code, image.Point{}, draw.Src)
	src := &reusingSource{img: image.NewGray(badge.Rect), badge: badge.Pix, blank: make([]byte, len(badge.Pix))}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var mu sync.Mutex
	var found []string
	err = Watch(ctx, src, NewDecoder(), func(img image.Image) { _ = img.(*image.Gray).Pix[0] }, func(p string) {
		mu.Lock()
		found = append(found, p)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(found) != 1 || found[0] != payload {
		t.Errorf("found %q, want the badge once", found)
	}
}
