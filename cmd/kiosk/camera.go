package main

import (
	"errors"
	"fmt"
	"image"
	"log/slog"
	"strings"
	"sync/atomic"

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
			return nil, fmt.Errorf("-camera: %w", err)
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
		return nil, fmt.Errorf("-camera: %w", err)
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
