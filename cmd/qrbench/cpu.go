package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/accueil/accueil/cmd/qrbench/corpus"
	"github.com/accueil/accueil/kiosk/qr"
)

// cpuUse replays 1280×720 corpus frames as a camera at fps through qr.Watch
// for d, with a preview that costs what the kiosk window's does, and
// reports the process's CPU time over wall time (1.0 is one core).
//
// The frames are JPEG files, so that they come back as *image.YCbCr, as
// from a webcam. The preview mirrors Fyne's canvas.Image refresh: every
// shown frame is drawn into a new *image.RGBA of its size, which becomes
// the texture (the upload itself is the GPU driver's, not measured).
func cpuUse(ctx context.Context, out io.Writer, opt corpus.Options, d time.Duration, fps int) error {
	dir, err := os.MkdirTemp("", "qrbench-cpu-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	opt.PerClass, opt.Only720p = 3, true
	n := 0
	err = corpus.Each(opt, func(s corpus.Sample) error {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, s.Image, &jpeg.Options{Quality: 90}); err != nil {
			return fmt.Errorf("frame %s: %w", s.Name, err)
		}
		n++
		return os.WriteFile(filepath.Join(dir, s.Name+".jpg"), buf.Bytes(), 0o644)
	})
	if err != nil {
		return err
	}
	src, err := qr.OpenDir(dir, fps)
	if err != nil {
		return err
	}
	defer src.Close()

	var previews, found atomic.Int64
	var sink atomic.Pointer[image.RGBA]
	preview := func(img image.Image) {
		b := img.Bounds()
		rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(rgba, rgba.Rect, img, b.Min, draw.Over)
		sink.Store(rgba) // the "texture": kept until the next frame
		previews.Add(1)
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	before, err := cpuTime()
	if err != nil {
		return err
	}
	start := time.Now()
	if err := qr.Watch(ctx, src, qr.NewDecoder(), preview, func(string) { found.Add(1) }); err != nil {
		return err
	}
	wall := time.Since(start)
	after, err := cpuTime()
	if err != nil {
		return err
	}
	used := after - before
	fmt.Fprintf(out, "| camera loop, %d replayed 1280×720 frames at %d fps | wall | CPU time | CPU / wall | previews | badges reported |\n|---|---|---|---|---|---|\n", n, fps)
	fmt.Fprintf(out, "| qr.Watch + RGBA preview | %.1f s | %.2f s | %.2f core | %d | %d |\n", wall.Seconds(), used.Seconds(), used.Seconds()/wall.Seconds(), previews.Load(), found.Load())
	return nil
}

// cpuTime is the process's user plus system time so far.
func cpuTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
