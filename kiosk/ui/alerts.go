package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
)

// Alert is an arrival that matters, as the hub sends it to desks: an
// attendee with a note, or a speaker, journalist or delegation member,
// just admitted; or a speaker not yet arrived for a session about to
// start. Organisers acknowledge alerts on their dashboard, which takes
// them off the desks.
type Alert struct {
	ID         int64
	At         time.Time
	Kind       string // "arrival" or "speaker_missing"
	AttendeeID string
	Name       string
	Category   string
	Note       string
	Checkpoint string
}

// maxDeskAlerts is how many alerts the desk's band shows: the newest; the
// dashboard has them all.
const maxDeskAlerts = 3

// alertWords are the band's words: kept here rather than in the shared
// catalogue while the desk's layout is being reworked.
var alertWords = map[string]map[string]string{
	"fr": {"title": "À signaler (%d)", "arrival": "%s · %s est arrivé·e", "speaker_missing": "%s · intervenant·e attendu·e à %s, pas encore arrivé·e : %s",
		"speaker": "intervenant·e", "press": "presse", "delegation": "délégation"},
	"en": {"title": "Arrivals that matter (%d)", "arrival": "%s · %s has arrived", "speaker_missing": "%s · speaker expected at %s, not arrived yet: %s",
		"speaker": "speaker", "press": "press", "delegation": "delegation"},
}

// deskAlerts is the desk's band of alerts, under the header: hidden while
// there is none.
type deskAlerts struct {
	k     *Kiosk
	root  *fyne.Container
	title *widget.Label
	lines *fyne.Container
	shown []Alert
}

// alertsBand builds the desk's alert band (desk.go places it).
func (k *Kiosk) alertsBand() fyne.CanvasObject {
	a := &deskAlerts{k: k, title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), lines: container.NewVBox()}
	// A tint of the amber verdict, under the theme's own text colour: it
	// reads on light and dark themes alike.
	tint := ToneAmber.Color()
	tint.A = 0x38
	edge := canvas.NewRectangle(ToneAmber.Color())
	edge.SetMinSize(fyne.NewSize(6, 0))
	a.root = container.NewStack(canvas.NewRectangle(tint), container.NewBorder(nil, nil, edge, nil, container.NewVBox(a.title, a.lines)))
	a.root.Hide()
	k.alerts = a
	return a.root
}

// SetAlerts shows the alerts the hub says are pending, newest first; a
// window in another mode than desk has nowhere to show them.
func (k *Kiosk) SetAlerts(list []Alert) {
	k.do(func() {
		if k.alerts != nil {
			k.alerts.show(list)
		}
	})
}

func (a *deskAlerts) show(list []Alert) {
	a.shown = list
	if len(list) == 0 {
		a.root.Hide()
		if a.k.desk != nil {
			a.k.desk.root.Refresh()
		}
		return
	}
	words := alertWords[string(a.k.lang)]
	if words == nil {
		words = alertWords["fr"]
	}
	a.title.SetText(fmt.Sprintf(words["title"], len(list)))
	a.lines.RemoveAll()
	for _, al := range list[:min(len(list), maxDeskAlerts)] {
		a.lines.Add(alertLine(a.k, words, al))
	}
	a.root.Show()
	if a.k.desk != nil {
		a.k.desk.root.Refresh() // the band's height changed: lay the screen out again
	}
}

// alertLine is one alert: when, who (with the category) and what, then the
// roster note on a line of its own.
func alertLine(k *Kiosk, words map[string]string, al Alert) fyne.CanvasObject {
	who := al.Name
	if who == "" {
		who = al.AttendeeID
	}
	if c := words[al.Category]; c != "" {
		who += " (" + c + ")"
	}
	when := al.At.In(k.loc).Format("15:04")
	text := fmt.Sprintf(words["arrival"], when, who)
	if al.Kind == "speaker_missing" {
		text = fmt.Sprintf(words["speaker_missing"], when, k.checkpointName(al.Checkpoint), who)
	}
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	if al.Note == "" {
		return l
	}
	n := widget.NewLabel("→ " + al.Note)
	n.Wrapping = fyne.TextWrapWord
	return container.NewVBox(l, n)
}

// checkpointName is a checkpoint's name when it is the kiosk's own, its id
// otherwise (the desk knows only its own).
func (k *Kiosk) checkpointName(id string) string {
	if id == k.checkpoint.ID {
		return k.checkpoint.DisplayName(kiosk.Language(k.lang))
	}
	return id
}
