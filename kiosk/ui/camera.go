package ui

// CameraState is what the window says about its camera. The window knows
// nothing of V4L2: the kiosk's wiring translates what its source reports.
type CameraState string

// The camera states the window shows.
const (
	// CameraRunning: frames are coming (the default for a window built
	// with Config.Camera).
	CameraRunning CameraState = "running"
	// CameraSearching: the camera named at start is not there yet.
	CameraSearching CameraState = "searching"
	// CameraLost: the camera went away (unplugged).
	CameraLost CameraState = "lost"
)

// SetCameraState shows the camera's state: while it is away the status
// strip says so and the self-service screen shows the invitation to scan
// instead of a frozen view. It may be called from any goroutine.
func (k *Kiosk) SetCameraState(s CameraState) {
	k.do(func() {
		if !k.camera || k.cameraState == s {
			return
		}
		k.cameraState = s
		k.self.showCamera(s == CameraRunning)
		k.self.refreshTexts()
		k.refreshStatus()
	})
}

// cameraMessage is the strip's line about the camera, empty when all is
// well.
func (k *Kiosk) cameraMessage() string {
	if !k.camera {
		return ""
	}
	switch k.cameraState {
	case CameraLost:
		return k.t("camera_lost")
	case CameraSearching:
		return k.t("camera_searching")
	}
	return ""
}

// showCamera shows the camera's view, or, while there is no camera, the
// invitation alone, centred as on a kiosk without a camera.
func (s *selfScreen) showCamera(on bool) {
	if s.view == nil {
		return
	}
	if on {
		s.view.Show()
		s.topSpace.Hide()
		return
	}
	// The last frame would stay on screen, frozen; the next camera starts
	// from a blank view.
	s.view.Hide()
	s.topSpace.Show()
	s.preview.Image = nil
	s.preview.Refresh()
}
