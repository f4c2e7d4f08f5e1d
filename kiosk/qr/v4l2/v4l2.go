// Package v4l2 is the webcam adapter: a qr.Source reading a V4L2 camera
// (Linux only) through github.com/blackjack/webcam, a pure-Go ioctl
// binding.
//
// The source picks YUYV when the camera gives it at 640×480 or more and
// at 15 frames a second or more, else MJPEG, at up to 1280×720. A reader
// goroutine copies each frame out of the driver's buffer at once (the
// driver reuses it) into one of three reused buffers, and the newest frame
// wins: Next converts only the frame it hands out, and stale ones are
// dropped unconverted. A YUYV frame becomes an *image.YCbCr whose Y plane
// is the luminance, so qr.GrayFrame copies it without conversion.
//
// A camera that goes away (unplugged, a driver error, no frame for a
// while) is looked for again every second, at the same path or, for
// "auto", at the first capture node; Next waits meanwhile, and the
// StatusFunc says what happens so the screen can tell people to use the
// scanner.
package v4l2

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"sync"
	"time"
)

// Errors Open returns, to tell a missing camera from a misconfigured one.
var (
	// ErrNoCamera: "auto" found no capture device; the kiosk falls back to
	// the keyboard-wedge scanner.
	ErrNoCamera = errors.New("no camera found")
	// ErrNotCapture: the path is not a video capture device (many webcams
	// expose a second, metadata-only node).
	ErrNotCapture = errors.New("not a video capture device")
	// ErrUnsupported: this build has no camera support.
	ErrUnsupported = errors.New("cameras are supported on Linux only")
	// ErrClosed: Next after Close.
	ErrClosed = errors.New("camera closed")
	// errNoFrame: a device's Read saw no frame in time.
	errNoFrame = errors.New("no frame yet")
)

// Auto is the path meaning the first camera found.
const Auto = "auto"

// State is what the camera is doing, as the status strip shows it.
type State int

// The states a Source reports.
const (
	// Searching: the camera named was not there at start; looking for it
	// every second.
	Searching State = iota + 1
	// Running: frames are coming.
	Running
	// Lost: the camera went away; looking for it every second.
	Lost
)

func (s State) String() string {
	switch s {
	case Searching:
		return "searching"
	case Running:
		return "running"
	case Lost:
		return "lost"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// StatusFunc hears of every change of state; detail names the device and
// its mode, or the error. It is called from the source's goroutine and
// must not block.
type StatusFunc func(state State, detail string)

// Config tunes a Source; the zero value works.
type Config struct {
	Status StatusFunc
	Log    *slog.Logger
}

// Format is a pixel format the source can convert.
type Format uint8

// The pixel formats the source reads.
const (
	YUYV Format = iota + 1
	MJPEG
)

func (f Format) String() string {
	switch f {
	case YUYV:
		return "YUYV"
	case MJPEG:
		return "MJPEG"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Mode is what a camera delivers. Stride is the YUYV row length in bytes
// (0: twice the width).
type Mode struct {
	Format        Format
	Width, Height int
	Stride        int
	FPS           float64
}

func (m Mode) String() string {
	s := fmt.Sprintf("%s %d×%d", m.Format, m.Width, m.Height)
	if m.FPS > 0 {
		s += fmt.Sprintf(" @ %g fps", m.FPS)
	}
	return s
}

// device is one camera, streaming: the blackjack webcam on Linux, a
// scripted fake in tests.
type device interface {
	Mode() Mode
	// Read waits up to wait for a frame and copies it into dst (reusing
	// its storage): the driver's buffer is reused once Read returns.
	// errNoFrame means none came in time; any other error means the camera
	// is gone or broken.
	Read(wait time.Duration, dst []byte) ([]byte, error)
	Close() error
}

// system finds and opens cameras: the host's, or a test's.
type system struct {
	// open opens and starts a camera; an error wraps ErrNotCapture for a
	// node that is not a capture device, fs.ErrNotExist for a missing one.
	open func(path string) (device, error)
	// list names the candidate nodes for "auto", in order.
	list func() []string
	// capture tells whether a node says it captures video, without
	// streaming from it: a camera in use still answers.
	capture func(path string) bool
	// none is find's error when list names nothing.
	none error
}

// Devices lists the video capture nodes present, such as /dev/video0, in
// number order: what staff may choose from. Metadata-only nodes, which
// many webcams add beside their camera, are left out; a camera already
// streaming is listed.
func Devices() []string {
	return host.devices()
}

func (sys system) devices() []string {
	var out []string
	for _, p := range sys.list() {
		if sys.capture(p) {
			out = append(out, p)
		}
	}
	return out
}

// timing is how patient the source is; tests shorten it.
type timing struct {
	retry time.Duration // between attempts to find the camera again
	wait  time.Duration // one Read's wait, which bounds how long Close takes
	stall time.Duration // no frame for this long: the camera is lost
}

var defaultTiming = timing{retry: time.Second, wait: 200 * time.Millisecond, stall: 5 * time.Second}

// Source is a camera as a qr.Source. Next and Close may be called from
// different goroutines; Next from one goroutine at a time.
type Source struct {
	path   string
	sys    system
	tm     timing
	status StatusFunc
	log    *slog.Logger

	frames *latest
	cancel context.CancelFunc
	done   chan struct{}
	closer sync.Once

	// The reader goroutine's own state.
	back       *raw
	lastState  State
	lastDetail string

	// Next's own state.
	front *raw
	conv  converter
}

// Open opens a camera: "auto" for the first capture device (ErrNoCamera
// when there is none), or a device path such as /dev/video0. A device
// path that does not exist yet is not an error: the source starts in the
// Searching state and waits for the camera to be plugged in. A path that
// is not a capture device, or a camera the user may not open, is.
func Open(path string, cfg Config) (*Source, error) {
	return openWith(path, cfg, host, defaultTiming)
}

func openWith(path string, cfg Config, sys system, tm timing) (*Source, error) {
	s := &Source{path: path, sys: sys, tm: tm, status: cfg.Status, log: cfg.Log,
		frames: newLatest(), done: make(chan struct{}), back: new(raw), front: new(raw)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	dev, used, err := s.find()
	initial := Running
	if err != nil {
		switch {
		case path == Auto:
			return nil, err
		case errors.Is(err, ErrNotCapture), errors.Is(err, ErrUnsupported), isPermission(err):
			return nil, err
		}
		// Not plugged in yet: a kiosk waits for its camera.
		initial = Searching
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go s.run(ctx, dev, used, initial, err)
	return s, nil
}

// find opens the configured camera, or for "auto" the first node that
// is a capture device.
func (s *Source) find() (device, string, error) {
	if s.path != Auto {
		dev, err := s.sys.open(s.path)
		if err != nil {
			return nil, "", err
		}
		return dev, s.path, nil
	}
	var errs []error
	for _, p := range s.sys.list() {
		dev, err := s.sys.open(p)
		if err == nil {
			return dev, p, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil, "", s.sys.none
	}
	// Name why each node was skipped: a busy camera or a missing
	// permission is worth knowing.
	return nil, "", fmt.Errorf("%w (%w)", ErrNoCamera, errors.Join(errs...))
}

// run streams from dev while it works, then looks for the camera again
// every s.tm.retry, until Close.
func (s *Source) run(ctx context.Context, dev device, path string, state State, openErr error) {
	defer close(s.done)
	if dev == nil {
		s.report(state, openErr.Error())
	}
	for {
		if dev != nil {
			s.report(Running, path+": "+dev.Mode().String())
			err := s.stream(ctx, dev)
			if cerr := dev.Close(); cerr != nil {
				s.log.Debug("camera close", "path", path, "err", cerr)
			}
			dev = nil
			s.frames.drop()
			if ctx.Err() != nil {
				return
			}
			state = Lost
			s.report(Lost, fmt.Sprintf("%s: %v", path, err))
		}
		t := time.NewTimer(s.tm.retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		var err error
		if dev, path, err = s.find(); err != nil {
			s.report(state, err.Error())
		}
	}
}

// stream copies frames from dev until it fails or ctx ends.
func (s *Source) stream(ctx context.Context, dev device) error {
	mode := dev.Mode()
	last := time.Now()
	for ctx.Err() == nil {
		var err error
		s.back.data, err = dev.Read(s.tm.wait, s.back.data)
		switch {
		case err == nil && len(s.back.data) > 0:
			last = time.Now()
			s.back.mode = mode
			s.back = s.frames.publish(s.back)
		case err == nil, errors.Is(err, errNoFrame):
			if time.Since(last) > s.tm.stall {
				return fmt.Errorf("no frame for %v", s.tm.stall)
			}
		default:
			return err
		}
	}
	return nil
}

// report tells the StatusFunc and the log about a change.
func (s *Source) report(state State, detail string) {
	if state == s.lastState && detail == s.lastDetail {
		return
	}
	s.lastState, s.lastDetail = state, detail
	level := slog.LevelInfo
	if state != Running {
		level = slog.LevelWarn
	}
	s.log.Log(context.Background(), level, "camera", "state", state.String(), "detail", detail)
	if s.status != nil {
		s.status(state, detail)
	}
}

// Next waits for the newest frame. The image, and its pixels, are the
// caller's until the next call: the storage is reused then.
func (s *Source) Next(ctx context.Context) (image.Image, error) {
	for {
		var err error
		s.front, err = s.frames.take(ctx, s.front, s.done)
		if err != nil {
			return nil, err
		}
		img, err := s.conv.convert(s.front)
		if err != nil {
			// A torn or corrupt frame: the next one is a few ms away.
			s.log.Debug("camera frame skipped", "err", err)
			continue
		}
		return img, nil
	}
}

// Close stops the camera; a Next waiting returns ErrClosed.
func (s *Source) Close() error {
	s.closer.Do(func() {
		s.cancel()
		<-s.done
	})
	return nil
}
