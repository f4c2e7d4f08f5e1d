package ui

import (
	"context"
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
)

func newCameraWindow(t *testing.T, v *venue, lang i18n.Lang) *Kiosk {
	t.Helper()
	test.NewTempApp(t)
	cat, err := i18n.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cp, err := v.store.Checkpoint(context.Background(), kiosk.EntranceID)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1024, 768))
	t.Cleanup(w.Close)
	st := &kiosk.Station{Reader: kiosk.NewBadgeReader("faic2016", v.key.Public()), Recorder: v.store, Kiosk: "door-1",
		Checkpoint: cp.ID, Direction: kiosk.In}
	k := New(Config{Window: w, Mode: ModeSelf, Catalog: cat, Lang: lang, Scanner: st, EventName: "Forum",
		KioskName: "door-1", Checkpoint: cp, Camera: true})
	t.Cleanup(k.Close)
	return k
}

func TestCameraState(t *testing.T) {
	v := newVenue(t)
	tests := []struct {
		lang  i18n.Lang
		state CameraState
		want  string // in the status strip; "" for nothing
	}{
		{"fr", CameraLost, "Caméra débranchée\u00a0: rebranchez-la ou utilisez le lecteur"},
		{"en", CameraLost, "Camera unplugged: plug it back in or use the scanner"},
		{"fr", CameraSearching, "Caméra introuvable\u00a0: branchez-la (USB) ou utilisez le lecteur"},
		{"en", CameraSearching, "No camera found: plug one in (USB) or use the scanner"},
		{"fr", CameraRunning, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang)+" "+string(tt.state), func(t *testing.T) {
			k := newCameraWindow(t, v, tt.lang)
			k.ShowFrame(image.NewRGBA(image.Rect(0, 0, 64, 48)))
			k.SetCameraState(tt.state)
			k.do(func() {
				strip := k.strip.cam.Text
				if tt.want == "" {
					if strip != "" {
						t.Errorf("strip says %q with the camera running", strip)
					}
				} else if !strings.Contains(strip, tt.want) {
					t.Errorf("strip says %q, want %q", strip, tt.want)
				}
				away := tt.state != CameraRunning
				if k.self.view.Visible() == away {
					t.Errorf("camera view visible = %v with the camera %s", k.self.view.Visible(), tt.state)
				}
				if away && k.self.preview.Image != nil {
					t.Error("the last frame stays in the preview")
				}
				if !k.self.invite.Visible() || k.self.invite.Text == "" {
					t.Error("no invitation to scan")
				}
			})
		})
	}
	t.Run("back again", func(t *testing.T) {
		k := newCameraWindow(t, v, "fr")
		k.SetCameraState(CameraLost)
		k.SetCameraState(CameraRunning)
		k.do(func() {
			if !k.self.view.Visible() || k.strip.cam.Text != "" {
				t.Errorf("view visible %v, strip %q once the camera is back", k.self.view.Visible(), k.strip.cam.Text)
			}
		})
	})
	t.Run("language switch", func(t *testing.T) {
		k := newCameraWindow(t, v, "fr")
		k.SetCameraState(CameraLost)
		k.do(func() {
			k.toggleLanguage()
			if !strings.Contains(k.strip.cam.Text, "Camera unplugged") {
				t.Errorf("strip says %q after switching to English", k.strip.cam.Text)
			}
		})
	})
}
