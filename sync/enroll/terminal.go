package enroll

import (
	"bufio"
	"fmt"
	"io"

	"github.com/accueil/accueil/kiosk/qr"
)

// Half-block characters: each character cell shows two modules, the upper
// and the lower, so the code keeps square modules in a terminal whose cells
// are about twice as tall as wide.
const (
	blockNone  = ' '
	blockUpper = '▀'
	blockLower = '▄'
	blockFull  = '█'
)

// WriteTerminalQR writes the QR code of text for a terminal, with its quiet
// zone, two modules per character cell. Block characters are drawn in the
// terminal's foreground colour, which on the usual dark background is light:
// so light modules are drawn as blocks and dark modules left as background,
// which gives the dark-on-light code scanners expect. (On a light-background
// terminal the code comes out inverted; the kiosk's decoder reads that too.)
func WriteTerminalQR(w io.Writer, text string) error {
	img, err := qr.Encode(text, 1) // one pixel a module, quiet zone included
	if err != nil {
		return fmt.Errorf("terminal QR: %w", err)
	}
	b := img.Bounds()
	light := func(x, y int) bool {
		// Below the last row (the height is odd) is terminal background,
		// outside the quiet zone, where dark does no harm.
		return y < b.Max.Y && img.GrayAt(x, y).Y >= 0x80
	}
	bw := bufio.NewWriter(w)
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x++ {
			ch := blockNone
			switch up, down := light(x, y), light(x, y+1); {
			case up && down:
				ch = blockFull
			case up:
				ch = blockUpper
			case down:
				ch = blockLower
			}
			bw.WriteRune(ch)
		}
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("terminal QR: %w", err)
	}
	return nil
}
