// Package pdfdoc starts the PDF documents Accueil prints (badges, attendance
// reports) with their fonts embedded, so that every accent of a roster
// prints on any printer and no font needs to be installed.
package pdfdoc

import (
	"fmt"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/accueil/accueil/assets"
)

// Family is the font family New registers, in regular ("") and bold ("B").
const Family = "sans"

// Page sizes New accepts (fpdf names).
const (
	A4 = "A4"
	A6 = "A6"
)

// New returns a document in millimetres, portrait, of the given page size,
// with Family registered and selected at 11 pt, automatic page breaks off
// (our layouts place everything themselves) and compression on.
func New(size string) (*fpdf.Fpdf, error) {
	if size != A4 && size != A6 {
		return nil, fmt.Errorf("pdf page size %q: want A4 or A6", size)
	}
	doc := fpdf.New("P", "mm", size, "")
	doc.SetAutoPageBreak(false, 0)
	doc.SetCompression(true)
	doc.SetCreator("Accueil", true)
	doc.AddUTF8FontFromBytes(Family, "", assets.FontRegular())
	doc.AddUTF8FontFromBytes(Family, "B", assets.FontBold())
	doc.SetFont(Family, "", 11)
	if err := doc.Error(); err != nil {
		return nil, fmt.Errorf("pdf fonts: %w", err)
	}
	return doc, nil
}

// Missing returns the characters of s the embedded font has no glyph for
// (each once, in order of appearance), so a caller can warn before a name
// prints with holes in it. Spaces and control characters are never missing.
func Missing(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || seen[r] {
			continue
		}
		seen[r] = true
		if !covered(r) {
			out = append(out, r)
		}
	}
	return out
}
