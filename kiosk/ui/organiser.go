package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/accueil/accueil/kiosk"
)

// Counts is what the organiser screen shows: the hub's live counts.
type Counts struct {
	Version     int64
	Registered  int
	CheckedIn   int
	ByCategory  map[string][2]int // category → registered, checked in
	Checkpoints []CheckpointCount
	Kiosks      []KioskCount
	DoubleEntry int
	ReceivedAt  time.Time
}

// CheckpointCount is one checkpoint's line.
type CheckpointCount struct {
	ID, Name, NameEN  string
	CheckedIn, Inside int
	Capacity          int
}

// KioskCount is one kiosk's line.
type KioskCount struct {
	Name     string
	Online   bool
	LastSeen time.Time
	Pending  int
	ClockOff bool
}

// countsEvery bounds how often the organiser screen redraws: the hub may
// push ten times a second, people read once a second at best.
const countsEvery = 500 * time.Millisecond

// organiserScreen shows the live counts from the hub.
type organiserScreen struct {
	k      *Kiosk
	root   *fyne.Container
	big    *canvas.Text
	sub    *canvas.Text
	cats   *widget.Label
	cps    *widget.Label
	kiosks *widget.Label
	latest Counts
	shown  int64
	last   time.Time
	queued bool
}

func newOrganiserScreen(k *Kiosk) *organiserScreen {
	o := &organiserScreen{k: k}
	o.big = bigText("— / —", 96, k.colors.Primary)
	// Until the hub's first counts arrive (a kiosk not enrolled, or a hub
	// out of reach), the screen says what it waits for, not zeros.
	o.sub = bigText(k.t("waiting_counts"), 24, k.colors.Muted)
	o.sub.TextStyle = fyne.TextStyle{}
	mono := func() *widget.Label {
		l := widget.NewLabel("")
		l.TextStyle = fyne.TextStyle{Monospace: true}
		return l
	}
	o.cats, o.cps, o.kiosks = mono(), mono(), mono()
	title := func(key string) *widget.Label {
		return widget.NewLabelWithStyle(k.t(key), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	header := container.NewStack(canvas.NewRectangle(k.colors.Primary),
		container.NewPadded(bigText(k.eventName, sizeHeader*0.8, k.colors.OnPrimary)))
	left := container.NewVBox(o.big, o.sub, title("by_category"), o.cats, title("kiosks_online"), o.kiosks)
	right := container.NewVBox(title("by_checkpoint"), o.cps)
	body := container.NewGridWithColumns(2, container.NewVScroll(left), container.NewVScroll(right))
	o.root = container.NewBorder(header, k.strip.root, nil, nil, container.NewPadded(body))
	return o
}

// update takes new counts; it redraws at most every countsEvery, always
// with the newest counts.
func (o *organiserScreen) update(c Counts) {
	if c.Version < o.latest.Version || c.ReceivedAt.IsZero() && c.Version == 0 {
		return // stale, or no counts yet
	}
	o.latest = c
	wait := countsEvery - time.Since(o.last)
	if wait <= 0 {
		o.redraw()
		return
	}
	if !o.queued {
		o.queued = true
		time.AfterFunc(wait, func() { o.k.do(func() { o.queued = false; o.redraw() }) })
	}
}

func (o *organiserScreen) redraw() {
	c, k := o.latest, o.k
	if c.Version == o.shown && !o.last.IsZero() {
		return
	}
	o.shown, o.last = c.Version, time.Now()
	o.big.Text = fmt.Sprintf("%d / %d", c.CheckedIn, c.Registered)
	o.sub.Text = k.t("arrived_registered", "arrived", fmt.Sprint(c.CheckedIn), "registered", fmt.Sprint(c.Registered))
	var b strings.Builder
	for _, cat := range kiosk.Categories {
		v := c.ByCategory[string(cat)]
		fmt.Fprintf(&b, "%-14s %5d / %5d\n", k.t("category_"+string(cat)), v[1], v[0])
	}
	o.cats.SetText(strings.TrimRight(b.String(), "\n"))
	b.Reset()
	cps := slices.Clone(c.Checkpoints)
	for i := range cps {
		if k.lang == "en" && cps[i].NameEN != "" {
			cps[i].Name = cps[i].NameEN
		}
	}
	slices.SortFunc(cps, func(a, b CheckpointCount) int { return strings.Compare(a.Name, b.Name) })
	for _, cp := range cps {
		capacity := k.t("unlimited")
		warn := ""
		if cp.Capacity > 0 {
			capacity = fmt.Sprint(cp.Capacity)
			if cp.Inside*10 >= cp.Capacity*9 {
				warn = " ⚠"
			}
		}
		name := []rune(cp.Name)
		if len(name) > 28 {
			name = append(name[:27], '…')
		}
		fmt.Fprintf(&b, "%-28s %4d / %s%s\n", string(name), cp.Inside, capacity, warn)
	}
	o.cps.SetText(strings.TrimRight(b.String(), "\n"))
	b.Reset()
	for _, ks := range c.Kiosks {
		state := "●"
		if !ks.Online {
			state = "○ " + k.t("offline_since", "time", ks.LastSeen.In(k.loc).Format("15:04"))
		}
		clockWarn := ""
		if ks.ClockOff {
			clockWarn = " ⚠"
		}
		fmt.Fprintf(&b, "%-20s %s  %d%s\n", ks.Name, state, ks.Pending, clockWarn)
	}
	o.kiosks.SetText(strings.TrimRight(b.String(), "\n"))
	o.big.Refresh()
	o.sub.Refresh()
}

// SetCounts gives the organiser screen the hub's newest counts; it may be
// called from any goroutine. The screen is looked up on the UI goroutine:
// a change of language replaces it there, and counts handed to the old one
// would be lost.
func (k *Kiosk) SetCounts(c Counts) {
	k.do(func() {
		if k.organiser != nil {
			k.organiser.update(c)
		}
	})
}
