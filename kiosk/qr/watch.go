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
// reported to found once per Repeat. preview may be nil.
func Watch(ctx context.Context, src Source, dec *Decoder, preview func(image.Image), found func(payload string)) error {
	frames := make(chan image.Image, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var buf Frame
		seen := make(map[string]time.Time)
		for img := range frames {
			payload, err := dec.Decode(GrayFrame(img, &buf))
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
		// The newest frame wins: replace one the decoder has not taken.
		select {
		case <-frames:
		default:
		}
		frames <- img
	}
}
