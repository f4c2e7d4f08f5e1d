package ui

import (
	"fmt"
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Symbol is the shape that says a verdict without its colour: people who
// cannot tell red from green, or who read the screen from 2 m in a bright
// hall, tell a tick from a cross.
type Symbol int

// The symbols: each verdict family has a shape of its own.
const (
	SymbolNone       Symbol = iota
	SymbolTick              // welcome, goodbye
	SymbolSamePerson        // already checked in: it is you again
	SymbolCross             // refused: see the desk
	SymbolClock             // not open yet: come back at the time shown
	SymbolRetry             // unreadable: show the badge again
	SymbolWarning           // a session room nearly full
)

// symbolSVG holds each symbol as an SVG drawing on a 100×100 box, with %[1]s
// for its colour. Shapes are filled, never stroked: Fyne's SVG painter
// does not scale stroke widths with the drawing, so a stroke is thin on
// a 300 px verdict and a blot on a 34 px banner. Rings are two circles
// drawn in opposite directions, leaving a hole by either fill rule.
var symbolSVG = map[Symbol]string{
	SymbolTick:       ring + `<path d="M22 52 L31 43 L43 55 L69 29 L78 38 L43 73 Z" fill="%[1]s"/>`,
	SymbolSamePerson: ring + `<circle cx="50" cy="37" r="13" fill="%[1]s"/><path d="M25 75 C25 60 35 54 50 54 C65 54 75 60 75 75 Z" fill="%[1]s"/>`,
	SymbolCross:      ring + `<path d="M30 38 L38 30 L50 42 L62 30 L70 38 L58 50 L70 62 L62 70 L50 58 L38 70 L30 62 L42 50 Z" fill="%[1]s"/>`,
	SymbolClock: ring + `<path d="M45.5 20 L54.5 20 L54.5 50 L45.5 50 Z" fill="%[1]s"/>` +
		`<path d="M47 46 L72 60 L67.5 68 L43 54 Z" fill="%[1]s"/><circle cx="50" cy="50" r="7" fill="%[1]s"/>`,
	SymbolRetry: `<path d="M81.2 32 A36 36 0 1 1 50 14 L50 25 A25 25 0 1 0 71.7 37.5 Z" fill="%[1]s"/>` +
		`<path d="M47 4 L47 35 L66 19.5 Z" fill="%[1]s"/>`,
	SymbolWarning: `<path fill-rule="evenodd" d="M50 6 L96 88 L4 88 Z M50 26 L18 80 L82 80 Z" fill="%[1]s"/>` +
		`<path d="M46 42 L54 42 L54 63 L46 63 Z" fill="%[1]s"/><circle cx="50" cy="71" r="4.5" fill="%[1]s"/>`,
}

// ring is the circle around most symbols: one shape family, told apart by
// what is inside.
const ring = `<path fill-rule="evenodd" fill="%[1]s" d="M3 50 A47 47 0 1 0 97 50 A47 47 0 1 0 3 50 Z ` +
	`M13 50 A37 37 0 1 1 87 50 A37 37 0 1 1 13 50 Z"/>`

// toneSymbol is the symbol of a message that has only a tone.
var toneSymbol = map[Tone]Symbol{ToneGreen: SymbolTick, ToneAmber: SymbolWarning, ToneRed: SymbolCross}

var (
	symbolMu    sync.Mutex
	symbolCache = map[string]fyne.Resource{}
)

// symbolResource is the symbol drawn in ink, as an SVG resource; nil for
// SymbolNone. Resources are kept: their names key Fyne's texture cache.
func symbolResource(s Symbol, ink color.NRGBA) fyne.Resource {
	body, ok := symbolSVG[s]
	if !ok {
		return nil
	}
	hex := fmt.Sprintf("#%02x%02x%02x", ink.R, ink.G, ink.B)
	name := fmt.Sprintf("symbol-%d-%s.svg", s, hex[1:])
	symbolMu.Lock()
	defer symbolMu.Unlock()
	if r, ok := symbolCache[name]; ok {
		return r
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">` +
		fmt.Sprintf(body, hex) + `</svg>`
	r := fyne.NewStaticResource(name, []byte(svg))
	symbolCache[name] = r
	return r
}

// newSymbolImage is an empty symbol of the given side, set by setSymbol.
func newSymbolImage(side float32) *canvas.Image {
	img := canvas.NewImageFromResource(nil)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(side))
	return img
}

// setSymbol draws s in ink into img, or hides img for SymbolNone.
func setSymbol(img *canvas.Image, s Symbol, ink color.NRGBA) {
	r := symbolResource(s, ink)
	if r == nil {
		img.Hide()
		return
	}
	img.Resource = r
	img.Show()
	img.Refresh()
}
