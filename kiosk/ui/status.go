package ui

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusStrip is the line at the bottom of every screen: hub connection,
// queued scans, last sync, kiosk and checkpoint, clock warning.
type statusStrip struct {
	k     *Kiosk
	root  *fyne.Container
	row   *fyne.Container
	hub   *canvas.Text
	queue *canvas.Text
	where *canvas.Text
	clock *canvas.Text
	cam   *canvas.Text // the camera, when it is away
}

func newStatusStrip(k *Kiosk) *statusStrip {
	s := &statusStrip{k: k}
	mk := func() *canvas.Text {
		t := canvas.NewText("", k.colors.Muted)
		t.TextSize = 15
		return t
	}
	s.hub, s.queue, s.where, s.clock = mk(), mk(), mk(), mk()
	s.clock.Color = ToneRed.OnLight()
	s.clock.TextStyle = fyne.TextStyle{Bold: true}
	s.cam = mk()
	s.cam.Color = ToneAmber.OnLight()
	s.cam.TextStyle = fyne.TextStyle{Bold: true}
	bg := canvas.NewRectangle(color.NRGBA{R: 0xf1, G: 0xf3, B: 0xf6, A: 0xff})
	gear := widget.NewButtonWithIcon("", theme.SettingsIcon(), k.showSettings)
	gear.Importance = widget.LowImportance
	row := container.NewHBox(container.NewPadded(s.hub), s.queue, s.clock, layout.NewSpacer(), s.where, gear)
	// Only a window fed by a camera has one to report on.
	if k.camera {
		row.Objects = slices.Insert(row.Objects, 3, fyne.CanvasObject(s.cam))
	}
	s.row = row
	s.root = container.NewStack(bg, row)
	return s
}

// refresh redraws the strip from the latest sync status.
func (s *statusStrip) refresh(st SyncStatus, now time.Time) {
	k := s.k
	switch {
	case !st.Enrolled:
		s.hub.Text = "● " + k.t("hub_standalone")
		s.hub.Color = k.colors.Muted
	case st.Connected:
		s.hub.Text = "● " + k.t("hub_connected")
		s.hub.Color = ToneGreen.OnLight()
	default:
		s.hub.Text = "● " + k.t("hub_offline")
		s.hub.Color = ToneRed.OnLight()
	}
	s.queue.Text = ""
	if st.Enrolled {
		// French puts a no-break space before the colon.
		colon := ":"
		if k.lang == "fr" {
			colon = "\u00a0:"
		}
		s.queue.Text = fmt.Sprintf("%s%s %d", k.t("queued_short"), colon, st.Pending)
		if !st.LastSync.IsZero() {
			s.queue.Text += " · " + k.t("sync_short", "time", st.LastSync.In(k.loc).Format("15:04:05"))
		}
	}
	s.clock.Text = ""
	if st.ClockWrong() {
		s.clock.Text = "⚠ " + k.t("clock_warning", "minutes", fmt.Sprint(int(st.ClockOffset.Abs().Minutes())))
	}
	s.cam.Text = ""
	if msg := k.cameraMessage(); msg != "" {
		s.cam.Text = "⚠ " + msg
	}
	s.where.Text = k.checkpoint.DisplayName(kioskLang(k.lang)) + " · " + now.In(k.loc).Format("15:04")
	if k.mode == ModeDesk || k.mode == ModeOrganiser {
		// Staff name kiosks by their ids; visitors have no use for one
		// (the settings, behind the PIN, show it at their doors).
		s.where.Text = k.kioskName + " · " + s.where.Text
	}
	for _, t := range []*canvas.Text{s.hub, s.queue, s.where, s.clock, s.cam} {
		t.Refresh()
	}
	// Texts changed width: place them again, or they overlap.
	s.row.Refresh()
}
