package ui

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Colors of the event, configurable per event; the defaults are Cités Unies
// France's blue on white.
type Colors struct {
	Primary    color.NRGBA // header band, buttons
	OnPrimary  color.NRGBA // text on the header band
	Background color.NRGBA
	Text       color.NRGBA
	Muted      color.NRGBA
}

// DefaultColors are used when the event sets none.
var DefaultColors = Colors{
	Primary:    color.NRGBA{R: 0x12, G: 0x3b, B: 0x6e, A: 0xff},
	OnPrimary:  color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
	Background: color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff},
	Text:       color.NRGBA{R: 0x11, G: 0x18, B: 0x27, A: 0xff},
	Muted:      color.NRGBA{R: 0x4b, G: 0x55, B: 0x63, A: 0xff},
}

// ParseColor reads "#RRGGBB"; the colour must be dark enough for white
// text on it to stay readable (WCAG AA, 4.5:1).
func ParseColor(s string) (color.NRGBA, error) {
	var c color.NRGBA
	if len(s) != 7 || s[0] != '#' {
		return c, fmt.Errorf("%q is not a colour as #RRGGBB", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return c, fmt.Errorf("%q is not a colour as #RRGGBB", s)
	}
	c = color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
	if contrast := contrastRatio(c, DefaultColors.OnPrimary); contrast < 4.5 {
		return c, fmt.Errorf("%s is too light for white text (contrast %.1f:1, at least 4.5:1 is needed)", s, contrast)
	}
	return c, nil
}

// contrastRatio is WCAG 2's contrast ratio between two opaque colours,
// from 1 (same luminance) to 21 (black on white).
func contrastRatio(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is the WCAG relative luminance of c.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// kioskTheme is Fyne's light theme with the event's colours and type
// sizes readable at arm's length on a desk and from 1.5 m on a stand.
type kioskTheme struct {
	colors Colors
}

func (t kioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground:
		return t.colors.Background
	case theme.ColorNameForeground:
		return t.colors.Text
	case theme.ColorNamePrimary, theme.ColorNameFocus:
		return t.colors.Primary
	case theme.ColorNameForegroundOnPrimary:
		return t.colors.OnPrimary
	// Fyne's orange, red and green are light (the orange of a staff note
	// is 2:1 on white): the tones' dark shades read at 7:1.
	case theme.ColorNameWarning:
		return ToneAmber.OnLight()
	case theme.ColorNameError:
		return ToneRed.OnLight()
	case theme.ColorNameSuccess:
		return ToneGreen.OnLight()
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 18
	case theme.SizeNameHeadingText:
		return 28
	case theme.SizeNameSubHeadingText:
		return 22
	case theme.SizeNamePadding:
		return 6
	case theme.SizeNameInputBorder:
		return 2
	}
	return theme.DefaultTheme().Size(n)
}

// Type sizes of the self-service screens, scaled to the window.
const (
	sizeVerdict = 72
	sizeDetail  = 36
	sizeInvite  = 56
	sizeHint    = 28
	sizeHeader  = 26
	// sizeSessionTitle is a session's name at its door.
	sizeSessionTitle = 44
	// sizeSymbol is a verdict symbol's side before the window has a size.
	sizeSymbol = 240
)

// bigText makes a centred, bold text of the given size.
func bigText(s string, size float32, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.Alignment = fyne.TextAlignCenter
	return t
}

// fit shrinks a text until it fits width: names are long, screens narrow.
func fit(t *canvas.Text, size, width float32) {
	t.TextSize = size
	for t.TextSize > 14 && fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width > width {
		t.TextSize -= 2
	}
}
