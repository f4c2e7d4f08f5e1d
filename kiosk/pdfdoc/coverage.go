package pdfdoc

import (
	"sync"

	"golang.org/x/image/font/sfnt"

	"github.com/accueil/accueil/assets"
)

var (
	coverOnce sync.Once
	cover     map[rune]bool
	coverMu   sync.Mutex
	font      *sfnt.Font
	fontBuf   sfnt.Buffer
)

// covered reports whether the regular font has a glyph for r (the bold one
// covers the same set). Answers are cached: a roster repeats its letters.
func covered(r rune) bool {
	coverOnce.Do(func() {
		f, err := sfnt.Parse(assets.FontRegular())
		if err == nil {
			font = f
		}
		cover = map[rune]bool{}
	})
	coverMu.Lock()
	defer coverMu.Unlock()
	if ok, known := cover[r]; known {
		return ok
	}
	ok := false
	if font != nil {
		if g, err := font.GlyphIndex(&fontBuf, r); err == nil && g != 0 {
			ok = true
		}
	}
	cover[r] = ok
	return ok
}
