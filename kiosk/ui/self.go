package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
)

// selfScreen is the visitors' screen, at the entrance or at a session
// door: an invitation to scan, then the verdict filling the screen.
type selfScreen struct {
	k    *Kiosk
	root *fyne.Container

	title    *canvas.Text // event, or the session's name
	subtitle *canvas.Text // venue, or the session's time window and room
	gauge    *roomGauge   // session doors only
	invite   *canvas.Text
	hint     *canvas.Text
	langBtn  *widget.Button
	preview  *canvas.Image   // the camera's view, when there is a camera
	view     *fyne.Container // preview and aiming frame, hidden while the camera is away
	topSpace fyne.CanvasObject

	verdict       *fyne.Container
	verdictBg     *canvas.Rectangle
	verdictSymbol *canvas.Image
	verdictTitle  *canvas.Text
	verdictDetail *canvas.Text
}

func newSelfScreen(k *Kiosk) *selfScreen {
	s := &selfScreen{k: k}
	c := k.colors
	s.title = bigText("", sizeHeader, c.OnPrimary)
	s.subtitle = bigText("", sizeHeader*0.7, c.OnPrimary)
	if k.mode == ModeSession {
		// At a session door the name and the time window are what people
		// check before queueing.
		s.title.TextSize, s.subtitle.TextSize = sizeSessionTitle, sizeSessionTitle*0.75
	}
	s.subtitle.TextStyle = fyne.TextStyle{}
	s.langBtn = widget.NewButton("", k.toggleLanguage)
	header := container.NewStack(canvas.NewRectangle(c.Primary),
		container.NewPadded(container.NewBorder(nil, nil, nil, s.langBtn, container.NewVBox(s.title, s.subtitle))))

	s.invite = bigText("", sizeInvite, c.Text)
	s.hint = bigText("", sizeHint, c.Muted)
	s.hint.TextStyle = fyne.TextStyle{}
	center := container.NewVBox(layout.NewSpacer(), s.invite, s.hint)
	if k.camera {
		// The camera's view with an aiming frame: people hold the badge
		// where the frame is, and see that the kiosk sees it.
		s.preview = canvas.NewImageFromImage(nil)
		s.preview.ScaleMode = canvas.ImageScaleFastest
		s.preview.FillMode = canvas.ImageFillContain
		s.preview.SetMinSize(fyne.NewSize(480, 360))
		aim := canvas.NewRectangle(color.Transparent)
		aim.StrokeColor = k.colors.Primary
		aim.StrokeWidth = 6
		aim.CornerRadius = 12
		aim.SetMinSize(fyne.NewSize(220, 220))
		s.view = container.NewStack(s.preview, container.NewCenter(aim))
		// The spacer shows only while the view is hidden, to centre the
		// invitation then.
		s.topSpace = layout.NewSpacer()
		s.topSpace.Hide()
		center = container.NewVBox(s.topSpace, s.invite, s.view, s.hint)
	}
	if k.mode == ModeSession {
		s.gauge = newRoomGauge(k)
		center.Add(container.NewPadded(s.gauge.root))
	}
	center.Add(layout.NewSpacer())
	idle := container.NewBorder(header, k.strip.root, nil, nil, container.NewPadded(center))

	s.verdictBg = canvas.NewRectangle(ToneGreen.Color())
	s.verdictSymbol = newSymbolImage(sizeSymbol)
	s.verdictTitle = bigText("", sizeVerdict, ToneGreen.Ink())
	s.verdictDetail = bigText("", sizeDetail, ToneGreen.Ink())
	s.verdictDetail.TextStyle = fyne.TextStyle{}
	s.verdict = container.NewStack(s.verdictBg,
		container.NewVBox(layout.NewSpacer(), container.NewCenter(s.verdictSymbol), s.verdictTitle, s.verdictDetail, layout.NewSpacer()))
	s.verdict.Hide()
	s.root = container.NewStack(idle, s.verdict)
	s.refreshTexts()
	return s
}

// refreshTexts writes every text in the screen's language.
func (s *selfScreen) refreshTexts() {
	k := s.k
	s.title.Text, s.subtitle.Text = k.eventName, k.checkpoint.DisplayName(kiosk.Language(k.lang))
	if k.mode == ModeSession {
		s.title.Text = k.checkpoint.DisplayName(kiosk.Language(k.lang))
		s.subtitle.Text = k.sessionLine()
		// A long session name shrinks rather than pushing the language
		// button off the screen.
		if width := k.w.Canvas().Size().Width - s.langBtn.MinSize().Width - 40; width > 0 {
			fit(s.title, sizeSessionTitle, width)
			fit(s.subtitle, sizeSessionTitle*0.75, width)
		}
	}
	s.invite.Text = k.t("scan_your_badge")
	// Only a camera that is there now is worth pointing a badge at.
	if k.camera && k.cameraState == CameraRunning {
		s.hint.Text = k.t("show_badge_hint")
	} else {
		s.hint.Text = k.t("show_badge_hint_scanner")
	}
	s.langBtn.SetText(k.t("language_toggle"))
	s.title.Refresh()
	s.subtitle.Refresh()
	s.invite.Refresh()
	s.hint.Refresh()
	s.refreshGauge()
}

// refreshGauge shows the room's occupancy at a session door.
func (s *selfScreen) refreshGauge() {
	if s.gauge == nil {
		return
	}
	s.gauge.set(s.k.inside, s.k.checkpoint.Capacity)
}

// showFrame puts a camera frame in the preview.
func (s *selfScreen) showFrame(img image.Image) {
	if s.preview == nil {
		return
	}
	s.preview.Image = img
	s.preview.Refresh()
}

// show fills the screen with a verdict; the caller schedules hide.
func (s *selfScreen) show(v Shown) {
	size := s.root.Size()
	width := size.Width - 80
	ink := v.Tone.Ink()
	s.verdictBg.FillColor = v.Tone.Color()
	s.verdictTitle.Text, s.verdictTitle.Color = v.Title, ink
	s.verdictDetail.Text, s.verdictDetail.Color = v.Detail, ink
	// Texts grow with a screen taller than 800 px, as the symbol does:
	// read from 2 m, a 1080p screen is no closer than a 800 one.
	grow := max(size.Height/800, 1)
	if width > 0 {
		fit(s.verdictTitle, sizeVerdict*grow, width)
		fit(s.verdictDetail, sizeDetail*grow, width)
	}
	// The symbol takes about a third of the height: 260 px at 800, 350 at
	// 1080, still clear of the texts on a small screen.
	side := float32(sizeSymbol)
	if size.Height > 0 {
		side = min(max(size.Height*0.33, 120), 420)
	}
	s.verdictSymbol.SetMinSize(fyne.NewSquareSize(side))
	setSymbol(s.verdictSymbol, v.Symbol, ink)
	s.verdictBg.Refresh()
	s.verdictTitle.Refresh()
	s.verdictDetail.Refresh()
	s.verdict.Show()
	s.root.Refresh()
}

// hide clears the verdict: no personal data stays on screen.
func (s *selfScreen) hide() {
	s.verdict.Hide()
	s.verdictTitle.Text, s.verdictDetail.Text = "", ""
	s.refreshGauge()
	s.root.Refresh()
}
