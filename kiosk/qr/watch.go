package qr

import (
	"context"
	"errors"
	"image"
	"time"
)

// Repeat is how long the camera reports the same payload once: a badge
// held up to the camera is one scan, not fifteen a second.
const Repeat = 5 * time.Second

// PreviewEvery spaces preview frames: each one re-uploads a texture, and
// people see no difference above about 15 frames a second.
const PreviewEvery = time.Second / 15

// Watch reads frames from src until ctx ends. Each frame may go to preview
// (at most every PreviewEvery); the decoder takes the newest frame whenever
// it is free, so decoding never lags behind the camera. A payload is
// reported to found once per Repeat. preview may be nil; it must not keep
// the image after it returns.
//
// A source may reuse a frame's storage once Next is called again, so each
// frame is copied to grey (the luminance plane alone, a plain copy for
// camera frames) before the next one is read. Three grey buffers go round:
// one being decoded, one waiting, one being filled; none is allocated per
// frame.
func Watch(ctx context.Context, src Source, dec *Decoder, preview func(image.Image), found func(payload string)) error {
	const buffers = 3
	free := make(chan *Frame, buffers)
	for range buffers {
		free <- new(Frame)
	}
	frames := make(chan *Frame, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		seen := make(map[string]time.Time)
		for f := range frames {
			payload, err := dec.Decode(f)
			free <- f
			if err != nil {
				continue
			}
			now := time.Now()
			if last, ok := seen[payload]; ok && now.Sub(last) < Repeat {
				continue
			}
			for p, t := range seen {
				if now.Sub(t) >= Repeat {
					delete(seen, p)
				}
			}
			seen[payload] = now
			found(payload)
		}
	}()
	defer func() {
		close(frames)
		<-done
	}()
	var lastPreview time.Time
	for {
		img, err := src.Next(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil
			}
			return err
		}
		if preview != nil && time.Since(lastPreview) >= PreviewEvery {
			lastPreview = time.Now()
			preview(img)
		}
		// A free buffer is always there: the decoder holds at most one and
		// the queue at most one.
		f := <-free
		GrayFrame(img, f)
		// The newest frame wins: replace one the decoder has not taken.
		select {
		case stale := <-frames:
			free <- stale
		default:
		}
		frames <- f
	}
}
