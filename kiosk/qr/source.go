package qr

import (
	"context"
	"fmt"
	"image"
	_ "image/gif" // replay folders may hold any common format
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Source gives camera frames, newest first: a slow reader misses frames,
// it never falls behind.
type Source interface {
	// Next waits for the next frame. The image is the caller's until the
	// next call.
	Next(ctx context.Context) (image.Image, error)
	Close() error
}

// DirSource replays the images of a folder as camera frames, in name
// order, looping, at a camera's pace: for demos and tests (-camera dir:PATH).
type DirSource struct {
	frames []image.Image
	names  []string
	i      int
	every  time.Duration
	next   time.Time
}

// OpenDir loads every image of dir; fps paces the replay (0: 15 frames a
// second).
func OpenDir(dir string, fps int) (*DirSource, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("camera folder: %w", err)
	}
	s := &DirSource{every: time.Second / 15}
	if fps > 0 {
		s.every = time.Second / time.Duration(fps)
	}
	var names []string
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".png", ".jpg", ".jpeg", ".gif":
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("camera folder: %w", err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("camera folder: %s: %w", n, err)
		}
		s.frames, s.names = append(s.frames, img), append(s.names, n)
	}
	if len(s.frames) == 0 {
		return nil, fmt.Errorf("camera folder %s holds no PNG, JPEG or GIF image", dir)
	}
	return s, nil
}

// Next returns the next image at the replay's pace.
func (s *DirSource) Next(ctx context.Context) (image.Image, error) {
	if wait := time.Until(s.next); wait > 0 {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
	s.next = time.Now().Add(s.every)
	img := s.frames[s.i]
	s.i = (s.i + 1) % len(s.frames)
	return img, nil
}

// Close releases nothing: the frames are in memory.
func (s *DirSource) Close() error { return nil }
