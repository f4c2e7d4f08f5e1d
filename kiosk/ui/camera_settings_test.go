package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk/pin"
)

// Staff choose the camera in the PIN-protected settings: none, automatic,
// each webcam present, or the folder a demo replays; only a new choice
// switches the camera.
func TestCameraChoiceInSettings(t *testing.T) {
	v := newVenue(t)
	hash, _ := pin.Hash("2468")
	switched := make(chan string, 10)
	k, w := newDeskWindow(t, v, Staff{
		PIN:     pin.NewGuard(hash, time.Now),
		Camera:  "dir:/srv/demo/frames",
		Cameras: func() []string { return []string{"/dev/video0", "/dev/video2"} },
		SetCamera: func(spec string) error {
			switched <- spec
			return nil
		},
	})
	wantOptions := []string{"Aucune", "Choix automatique", "/dev/video0", "/dev/video2", "Images du dossier /srv/demo/frames"}
	tests := []struct {
		name   string
		option string
		want   string // the spec switched to, "" for none
	}{
		{"the same folder", "Images du dossier /srv/demo/frames", ""},
		{"none", "Aucune", "off"},
		{"a webcam", "/dev/video2", "/dev/video2"},
		{"automatic", "Choix automatique", "auto"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k.do(func() {
				k.showSettings()
				entry := focusedEntry(t, w)
				test.Type(entry, "2468")
				entry.OnSubmitted(entry.Text)
			})
			var sel *widget.Select
			eventually(t, "the cameras listed", func() bool {
				return withUI(k, func() bool {
					for _, o := range overlayObjects(w) {
						if s, ok := o.(*widget.Select); ok && len(s.Options) == len(wantOptions) && s.Options[0] == "Aucune" {
							sel = s
							return true
						}
					}
					return false
				})
			})
			k.do(func() {
				if !slices.Equal(sel.Options, wantOptions) {
					t.Errorf("camera options %q, want %q", sel.Options, wantOptions)
				}
				if sel.Selected != wantOptions[len(wantOptions)-1] {
					t.Errorf("selected %q, want the current folder", sel.Selected)
				}
				if !slices.Contains(formLabels(w), "Caméra") {
					t.Errorf("no camera label in the settings: %q", formLabels(w))
				}
				sel.SetSelected(tt.option)
				test.Tap(overlayButton(t, w, "Enregistrer"))
			})
			select {
			case got := <-switched:
				if got != tt.want {
					t.Errorf("switched to %q, want %q", got, tt.want)
				}
			case <-time.After(map[bool]time.Duration{true: 5 * time.Second, false: 200 * time.Millisecond}[tt.want != ""]):
				if tt.want != "" {
					t.Errorf("no switch to %q", tt.want)
				}
			}
		})
	}
}

// Without a way to switch cameras, the settings offer no camera choice.
func TestNoCameraChoiceWithoutSwitch(t *testing.T) {
	v := newVenue(t)
	hash, _ := pin.Hash("2468")
	k, w := newDeskWindow(t, v, Staff{PIN: pin.NewGuard(hash, time.Now), Camera: "auto"})
	k.do(func() {
		k.showSettings()
		entry := focusedEntry(t, w)
		test.Type(entry, "2468")
		entry.OnSubmitted(entry.Text)
	})
	k.do(func() {
		if slices.Contains(formLabels(w), "Caméra") {
			t.Errorf("camera choice shown: %q", formLabels(w))
		}
	})
}

// formLabels lists the texts the topmost dialog draws, form labels
// included.
func formLabels(w fyne.Window) []string {
	var texts []string
	for _, o := range overlayObjects(w) {
		if t, ok := o.(*canvas.Text); ok {
			texts = append(texts, t.Text)
		}
	}
	return texts
}

// A camera that cannot be opened: staff are told, and the one in use stays.
func TestCameraSwitchFailureShown(t *testing.T) {
	v := newVenue(t)
	hash, _ := pin.Hash("2468")
	k, w := newDeskWindow(t, v, Staff{
		PIN:       pin.NewGuard(hash, time.Now),
		Camera:    "auto",
		Cameras:   func() []string { return []string{"/dev/video0"} },
		SetCamera: func(spec string) error { return errors.New("/dev/video0: device busy") },
	})
	k.do(func() {
		k.showSettings()
		entry := focusedEntry(t, w)
		test.Type(entry, "2468")
		entry.OnSubmitted(entry.Text)
	})
	var sel *widget.Select
	eventually(t, "the cameras listed", func() bool {
		return withUI(k, func() bool {
			for _, o := range overlayObjects(w) {
				if s, ok := o.(*widget.Select); ok && slices.Contains(s.Options, "/dev/video0") {
					sel = s
					return true
				}
			}
			return false
		})
	})
	k.do(func() {
		sel.SetSelected("/dev/video0")
		test.Tap(overlayButton(t, w, "Enregistrer"))
	})
	eventually(t, "the failure shown", func() bool {
		return withUI(k, func() bool {
			return strings.Contains(overlayText(w), "Caméra inchangée\u00a0: /dev/video0: device busy")
		})
	})
}
