package enroll_test

import (
	"bytes"
	"errors"
	"image"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/sync/enroll"
)

func TestWriteTerminalQR(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"LAN TLS code", lanCode().String()},
		{"loopback code", loopbackCode().String()},
		{"short text", "A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := enroll.WriteTerminalQR(&buf, tt.text); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if !strings.HasSuffix(out, "\n") {
				t.Fatal("output does not end with a newline")
			}
			rows := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			width := utf8.RuneCountInString(rows[0])
			for i, row := range rows {
				if n := utf8.RuneCountInString(row); n != width {
					t.Fatalf("row %d is %d characters wide, row 0 is %d", i, n, width)
				}
				for _, r := range row {
					if !strings.ContainsRune(" ▀▄█", r) {
						t.Fatalf("row %d holds %q, not a half block or space", i, r)
					}
				}
			}
			// Two modules per cell vertically: the image is odd-sized.
			if len(rows) != (width+1)/2 {
				t.Errorf("%d rows for a %d-module-wide code, want %d", len(rows), width, (width+1)/2)
			}
			// The quiet zone is light, so drawn as full blocks on all sides.
			if rows[0] != strings.Repeat("█", width) {
				t.Errorf("top row %q is not all light quiet zone", rows[0])
			}
			// What a phone sees on a dark terminal must read back as text.
			got, err := qr.NewDecoder().DecodeImage(terminalImage(rows, width, 4))
			if err != nil {
				t.Fatalf("decoding the terminal rendering: %v", err)
			}
			if got != tt.text {
				t.Errorf("decoded %q, want %q", got, tt.text)
			}
		})
	}

	t.Run("empty text", func(t *testing.T) {
		if err := enroll.WriteTerminalQR(&bytes.Buffer{}, ""); err == nil {
			t.Error("no error for empty text")
		}
	})
	t.Run("write error", func(t *testing.T) {
		if err := enroll.WriteTerminalQR(failWriter{}, "A"); err == nil {
			t.Error("write error not reported")
		}
	})
}

// terminalImage paints the rows as a dark-background terminal shows them:
// block halves in a light foreground, the rest dark. Each module is px
// pixels square.
func terminalImage(rows []string, width, px int) image.Image {
	img := image.NewGray(image.Rect(0, 0, width*px, 2*len(rows)*px))
	for cy, row := range rows {
		cx := 0
		for _, r := range row {
			up := r == '▀' || r == '█'
			down := r == '▄' || r == '█'
			for half, light := range []bool{up, down} {
				if !light {
					continue
				}
				for y := (2*cy + half) * px; y < (2*cy+half+1)*px; y++ {
					for x := cx * px; x < (cx+1)*px; x++ {
						img.Pix[y*img.Stride+x] = 0xff
					}
				}
			}
			cx++
		}
	}
	return img
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
