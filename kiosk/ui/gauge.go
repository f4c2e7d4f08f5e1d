package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// nearlyFull is the share of seats taken from which a session door warns.
const nearlyFull = 0.9

// roomGauge is the session door's occupancy: what it counts in words, a bar
// whose empty part is an outline (not a slab that reads as full), and,
// near or at capacity, a symbol and a word as well as a colour.
type roomGauge struct {
	k      *Kiosk
	root   *fyne.Container
	text   *canvas.Text
	bar    *fyne.Container
	track  *canvas.Rectangle
	fill   *canvas.Rectangle
	ratio  float32
	symbol *canvas.Image
	state  *canvas.Text
	line   *fyne.Container // symbol and word
	status *fyne.Container
}

func newRoomGauge(k *Kiosk) *roomGauge {
	g := &roomGauge{k: k}
	g.text = bigText("", sizeHint*1.3, k.colors.Text)
	g.track = canvas.NewRectangle(color.Transparent)
	g.track.StrokeColor = k.colors.Muted
	g.track.StrokeWidth = 3
	g.track.CornerRadius = 8
	g.fill = canvas.NewRectangle(k.colors.Primary)
	g.fill.CornerRadius = 5
	g.bar = container.New(g, g.track, g.fill)
	g.symbol = newSymbolImage(44)
	g.state = bigText("", sizeHint*1.2, k.colors.Text)
	g.symbol.Hide()
	// The status line keeps its height when empty: the screen does not
	// jump when the room nears capacity.
	g.line = container.NewHBox(g.symbol, g.state)
	g.status = container.NewStack(canvas.NewRectangle(color.Transparent), container.NewCenter(g.line))
	g.status.Objects[0].(*canvas.Rectangle).SetMinSize(fyne.NewSize(0, 48))
	g.root = container.NewVBox(g.text, g.bar, g.status)
	return g
}

// Layout draws the fill over the track's inside, as long as the share.
func (g *roomGauge) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	g.track.Resize(size)
	g.track.Move(fyne.NewPos(0, 0))
	inset := g.track.StrokeWidth + 3
	w := (size.Width - 2*inset) * g.ratio
	g.fill.Resize(fyne.NewSize(max(w, 0), size.Height-2*inset))
	g.fill.Move(fyne.NewPos(inset, inset))
}

// MinSize is a bar thick enough to see from the queue.
func (g *roomGauge) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(240, 40) }

// set shows in people inside out of capacity (0: no limit).
func (g *roomGauge) set(in, capacity int) {
	k := g.k
	g.state.Text = ""
	g.symbol.Hide()
	defer g.layoutStatus()
	if capacity <= 0 {
		g.text.Text = k.t("inside_count", "inside", fmt.Sprint(in))
		g.bar.Hide()
		g.text.Refresh()
		return
	}
	g.text.Text = k.t("inside_capacity", "inside", fmt.Sprint(in), "capacity", fmt.Sprint(capacity))
	g.ratio = min(float32(in)/float32(capacity), 1)
	g.fill.FillColor = k.colors.Primary
	switch {
	case in >= capacity:
		g.showState(ToneRed, SymbolCross, k.t("room_full"))
	case float32(in) >= nearlyFull*float32(capacity):
		g.showState(ToneAmber, SymbolWarning, k.t("room_nearly_full"))
	}
	g.bar.Show()
	g.text.Refresh()
	g.fill.Refresh()
	g.bar.Refresh()
}

func (g *roomGauge) showState(tone Tone, sym Symbol, word string) {
	// The light tone is the one that stands out on the white screen.
	ink := tone.OnLight()
	g.fill.FillColor = ink
	g.state.Text, g.state.Color = word, ink
	setSymbol(g.symbol, sym, ink)
}

// layoutStatus lays the status line out again: its parts changed size.
func (g *roomGauge) layoutStatus() {
	g.state.Refresh()
	g.line.Refresh()
	g.status.Refresh()
}
