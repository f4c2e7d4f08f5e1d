package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"

	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/kiosk/qr/v4l2"
	"github.com/accueil/accueil/kiosk/ui"
)

// previewWidth bounds the preview's copy of a webcam frame: the screen
// shows it at about this size, and each preview frame is a new image.
const previewWidth = 640

// camera is what -camera names, and what the current window is told
// about it.
type camera struct {
	src qr.Source
	// preview returns what a preview may keep of a frame: the frame
	// itself when the source never reuses it.
	preview func(image.Image) image.Image
	state   atomic.Pointer[ui.CameraState]
	win     atomic.Pointer[ui.Kiosk]
}

// validCamera reports whether spec is a -camera value: auto, off, a
// device path or dir:PATH.
func validCamera(spec string) bool {
	return spec == v4l2.Auto || spec == "off" || strings.HasPrefix(spec, "dir:") || strings.HasPrefix(spec, "/")
}

// startCamera picks the camera at start: the -camera flag when given,
// else what staff chose in the settings, else auto. fromStore says the
// choice is the stored one, which may have gone stale since.
func startCamera(flagGiven bool, flagValue, stored string) (spec string, fromStore bool) {
	switch {
	case flagGiven:
		return flagValue, false
	case stored != "":
		return stored, true
	}
	return v4l2.Auto, false
}

// openStartCamera opens the camera chosen at start. A stored choice that
// no longer works (the webcam unplugged, the folder gone) must not keep
// the kiosk from starting: it falls back to auto, saying so once. A bad
// -camera flag is the operator's to fix.
func openStartCamera(spec string, fromStore bool, log *slog.Logger) (*camera, string, error) {
	if !fromStore {
		c, err := openCamera(spec, log)
		if err != nil {
			return nil, spec, fmt.Errorf("-camera: %w", err)
		}
		return c, spec, nil
	}
	var err error
	switch {
	case !validCamera(spec):
		err = errors.New("not a camera")
	case strings.HasPrefix(spec, "/") && !slices.Contains(v4l2.Devices(), spec):
		err = errors.New("no such capture device")
	default:
		var c *camera
		if c, err = openCamera(spec, log); err == nil {
			return c, spec, nil
		}
	}
	log.Warn("the camera chosen in the settings is unusable: using auto", "camera", spec, "err", err)
	c, err := openCamera(v4l2.Auto, log)
	if err != nil {
		log.Warn("no camera: badges are read with the scanner", "reason", err.Error())
	}
	return c, v4l2.Auto, nil
}

// openCamera opens the -camera source: nil for off, and for auto when
// there is no camera (the wedge scanner reads badges then). A webcam path
// not plugged in yet is no error: the window starts saying so, and the
// camera is used once it is there.
func openCamera(spec string, log *slog.Logger) (*camera, error) {
	c := &camera{preview: func(img image.Image) image.Image { return img }}
	if spec == "off" {
		return nil, nil
	}
	if dir, ok := strings.CutPrefix(spec, "dir:"); ok {
		src, err := qr.OpenDir(dir, 15)
		if err != nil {
			return nil, err
		}
		c.src = src
		return c, nil
	}
	src, err := v4l2.Open(spec, v4l2.Config{Status: c.status, Log: log})
	switch {
	case spec == v4l2.Auto && errors.Is(err, v4l2.ErrNoCamera):
		log.Info("no camera: badges are read with the scanner", "reason", err.Error())
		return nil, nil
	case err != nil:
		return nil, err
	}
	c.src = src
	c.preview = func(img image.Image) image.Image { return v4l2.PreviewCopy(img, previewWidth) }
	return c, nil
}

// status hears the webcam's state, from the webcam's goroutine.
func (c *camera) status(s v4l2.State, _ string) {
	st := map[v4l2.State]ui.CameraState{v4l2.Searching: ui.CameraSearching, v4l2.Running: ui.CameraRunning,
		v4l2.Lost: ui.CameraLost}[s]
	c.state.Store(&st)
	if w := c.win.Load(); w != nil {
		w.SetCameraState(st)
	}
}

// attach makes w the window told about the camera, starting with its
// state now. (A state reported meanwhile reaches w through status or here:
// each side stores before it loads.)
func (c *camera) attach(w *ui.Kiosk) {
	c.win.Store(w)
	if st := c.state.Load(); st != nil {
		w.SetCameraState(*st)
	}
}

func (c *camera) close() {
	if c != nil {
		c.src.Close()
	}
}

// cameras runs the window's camera, feeding qr.Watch's frames and badges to
// the window, and switches to another when staff choose one.
type cameras struct {
	log     *slog.Logger
	frame   func(image.Image) // from the Watch goroutine
	payload func(string)      // from the Watch goroutine

	// switching keeps one switch at a time, and the last stop after them.
	switching sync.Mutex
	closed    bool

	mu     sync.Mutex
	spec   string
	cam    *camera
	cancel context.CancelFunc
	done   chan struct{}
}

// current is the camera running (nil for none) and its -camera value.
func (cs *cameras) current() (*camera, string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.cam, cs.spec
}

// run makes cam the camera and starts watching it.
func (cs *cameras) run(cam *camera, spec string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.cam, cs.spec = cam, spec
	if cam == nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	cs.cancel, cs.done = cancel, done
	go func() {
		defer close(done)
		err := qr.Watch(ctx, cam.src, qr.NewDecoder(), func(img image.Image) { cs.frame(cam.preview(img)) }, cs.payload)
		if err != nil {
			cs.log.Error("camera", "err", err)
		}
	}()
}

// halt stops watching, waits for Watch to return, so that nothing of the
// old camera reaches a window after this, and closes the camera.
func (cs *cameras) halt() {
	cs.mu.Lock()
	cam, cancel, done := cs.cam, cs.cancel, cs.done
	cs.cam, cs.cancel, cs.done = nil, nil, nil
	cs.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
	cam.close()
}

// switchTo stops the current camera and opens spec with the -camera rules;
// rebuild, run on the UI goroutine before any frame of the new camera,
// makes the window's screens again for it. When spec cannot be opened the
// previous camera comes back, and the error says why.
func (cs *cameras) switchTo(spec string, rebuild func()) error {
	cs.switching.Lock()
	defer cs.switching.Unlock()
	if cs.closed {
		return errors.New("the kiosk is stopping")
	}
	_, old := cs.current()
	cs.halt()
	cam, err := openCamera(spec, cs.log)
	if err != nil {
		err = fmt.Errorf("switch camera to %s: %w", spec, err)
		var rerr error
		if cam, rerr = openCamera(old, cs.log); rerr != nil {
			cs.log.Error("camera", "camera", old, "err", rerr)
		}
		spec = old
	}
	// fyne.Do runs in order: the rebuild comes before the first frame
	// Watch sends.
	fyne.Do(rebuild)
	cs.run(cam, spec)
	return err
}

// stop stops the camera for good, after any switch under way.
func (cs *cameras) stop() {
	cs.switching.Lock()
	defer cs.switching.Unlock()
	cs.closed = true
	cs.halt()
}
