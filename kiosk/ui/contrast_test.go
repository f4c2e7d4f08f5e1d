package ui

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/i18n"
)

// Every verdict's text and symbol reach WCAG AAA (7:1) on its background,
// computed from the colours themselves; TestScreenshots measures the same
// on the rendered pixels.
func TestVerdictContrast(t *testing.T) {
	cat, err := i18n.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []i18n.Lang{"fr", "en"} {
		for _, v := range kiosk.Verdicts {
			for _, reason := range []string{"", kiosk.ReasonBeforeOpening} {
				shown := Present(cat, lang, kiosk.Result{Scan: kiosk.Scan{Verdict: v, Reason: reason, Direction: kiosk.In}}, shotSession, paris)
				name := fmt.Sprintf("%s/%s/%s", lang, v, reason)
				t.Run(name, func(t *testing.T) {
					ratio := contrastRatio(shown.Tone.Color(), shown.Tone.Ink())
					t.Logf("%s on %s: %.2f:1", hexColor(shown.Tone.Ink()), hexColor(shown.Tone.Color()), ratio)
					if ratio < 7 {
						t.Errorf("%.2f:1, want at least 7:1", ratio)
					}
					if shown.Symbol == SymbolNone {
						t.Error("no symbol: the colour would be the only signal")
					}
				})
			}
		}
	}
	// The tones as text on the light status strip and the white screen.
	for _, tone := range []Tone{ToneGreen, ToneAmber, ToneRed} {
		for _, bg := range []color.NRGBA{{R: 0xf1, G: 0xf3, B: 0xf6, A: 0xff}, DefaultColors.Background} {
			if r := contrastRatio(tone.OnLight(), bg); r < 7 {
				t.Errorf("tone %d as text on %s: %.2f:1", tone, hexColor(bg), r)
			}
		}
	}
}

func TestContrastRatio(t *testing.T) {
	tests := []struct {
		a, b color.NRGBA
		want float64
	}{
		{color.NRGBA{A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}, 21},
		{color.NRGBA{R: 0x77, G: 0x77, B: 0x77, A: 0xff}, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}, 4.48},
		{color.NRGBA{R: 0x12, G: 0x3b, B: 0x6e, A: 0xff}, color.NRGBA{R: 0x12, G: 0x3b, B: 0x6e, A: 0xff}, 1},
	}
	for _, tt := range tests {
		t.Run(hexColor(tt.a)+"/"+hexColor(tt.b), func(t *testing.T) {
			if got := contrastRatio(tt.a, tt.b); got < tt.want-0.01 || got > tt.want+0.01 {
				t.Errorf("got %.3f, want %.2f", got, tt.want)
			}
		})
	}
}

// sampledContrast reads a verdict screen's pixels: the background is the
// commonest colour, the ink the commonest of those far from it (text and
// symbol strokes are solid; their anti-aliased edges are rarer blends).
func sampledContrast(img image.Image) (bg, ink color.NRGBA, ratio float64) {
	counts := map[color.NRGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)]++
		}
	}
	bg = commonest(counts, func(color.NRGBA) bool { return true })
	ink = commonest(counts, func(c color.NRGBA) bool { return contrastRatio(c, bg) > 2 })
	return bg, ink, contrastRatio(bg, ink)
}

func commonest(counts map[color.NRGBA]int, keep func(color.NRGBA) bool) color.NRGBA {
	var best color.NRGBA
	n := -1
	for c, k := range counts {
		if keep(c) && (k > n || k == n && hexColor(c) < hexColor(best)) {
			best, n = c, k
		}
	}
	return best
}

func hexColor(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
