package badgepdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pdfdoc"
	"github.com/accueil/accueil/kiosk/qr"
)

// The A4 sheet: two columns of two A6 badges. Two A6 are exactly as wide as
// A4, and half a millimetre shorter, so the badges touch: the outer edges
// are the paper's and two cuts (x = sheetCutX, y = sheetCutY) separate them.
const (
	sheetWidth  = 210.0
	sheetHeight = 297.0
	sheetTop    = (sheetHeight - 2*Height) / 2
	sheetCutX   = Width
	sheetCutY   = sheetTop + Height
	markLength  = 4.0
	markWidth   = 0.15
)

func sheetOrigin(slot int) (x, y float64) {
	return float64(slot%2) * Width, sheetTop + float64(slot/2)*Height
}

// cropMarks draws short lines on the two cut lines, at the paper's edges
// and as a cross at the centre: all of them on a cut, so nothing of them
// is left on a trimmed badge, and all within the badges' blank margins.
func cropMarks(doc *fpdf.Fpdf) {
	doc.SetDrawColor(0, 0, 0)
	doc.SetLineWidth(markWidth)
	doc.Line(sheetCutX, 0, sheetCutX, markLength)
	doc.Line(sheetCutX, sheetHeight-markLength, sheetCutX, sheetHeight)
	doc.Line(0, sheetCutY, markLength, sheetCutY)
	doc.Line(sheetWidth-markLength, sheetCutY, sheetWidth, sheetCutY)
	doc.Line(sheetCutX-markLength, sheetCutY, sheetCutX+markLength, sheetCutY)
	doc.Line(sheetCutX, sheetCutY-markLength, sheetCutX, sheetCutY+markLength)
}

// printer draws badges on one document.
type printer struct {
	doc *fpdf.Fpdf
	ev  Event
	geo map[int]Geometry // by code side in modules
}

// badge draws one badge with its top-left corner at (x, y).
func (p *printer) badge(x, y float64, b Badge) error {
	modules, err := qr.Modules(b.Payload)
	if err != nil {
		return err
	}
	doc := p.doc
	doc.SetTextColor(0, 0, 0)

	// The event, small, in the attendee's language when it has a name in it.
	name := p.ev.Name
	if b.Language == kiosk.English && p.ev.NameEN != "" {
		name = p.ev.NameEN
	}
	dates := p.ev.Dates
	if b.Language == kiosk.English && p.ev.DatesEN != "" {
		dates = p.ev.DatesEN
	}
	sub := joinNonEmpty(" · ", dates, p.ev.Venue)
	// Measured first, to sit in the middle of the header whether the
	// event's name takes one line or two.
	nameLines, nameH := p.measure("B", headerSize, 2, name, textWidth)
	subLines, subH := p.measure("", subSize, 2, sub, textWidth)
	top := y + headerTop + (headerBottom-headerTop-nameH-subH-0.3)/2
	doc.SetFont(pdfdoc.Family, "B", headerSize)
	p.lines(x+margin, top, textWidth, nameH, headerSize, nameLines)
	doc.SetTextColor(80, 80, 80)
	doc.SetFont(pdfdoc.Family, "", subSize)
	p.lines(x+margin, top+nameH+0.3, textWidth, subH, subSize, subLines)
	doc.SetDrawColor(180, 180, 180)
	doc.SetLineWidth(0.2)
	doc.Line(x+margin, y+ruleY, x+Width-margin, y+ruleY)

	doc.SetTextColor(0, 0, 0)
	p.name(x+margin, y+nameTop, textWidth, nameBottom-nameTop, clean(b.FirstName), clean(b.LastName))
	p.fitBlock(x+margin, y+orgTop, textWidth, orgBottom-orgTop, "", orgMax, orgMin, clean(b.Organisation))
	doc.SetTextColor(80, 80, 80)
	p.block(x+margin, y+countryTop, textWidth, "", countrySize, 1, clean(b.Country))

	p.qr(x, y, modules)
	p.band(x, y, b)
	return nil
}

// qr draws the code's dark modules as one filled path of rectangles, a run
// of dark modules in a row being one rectangle: one fill for the whole code
// leaves no hairline seams between modules when a viewer smooths edges, and
// runs keep the file small. The quiet zone is left unpainted paper.
func (p *printer) qr(x, y float64, modules [][]bool) {
	g, ok := p.geo[len(modules)]
	if !ok {
		g = geometry(len(modules))
		p.geo[len(modules)] = g
	}
	doc := p.doc
	doc.SetFillColor(0, 0, 0)
	ox := x + g.X + float64(g.Quiet)*g.Module
	oy := y + g.Y + float64(g.Quiet)*g.Module
	for r, row := range modules {
		y0, y1 := oy+float64(r)*g.Module, oy+float64(r+1)*g.Module
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			x0, x1 := ox+float64(start)*g.Module, ox+float64(c)*g.Module
			doc.MoveTo(x0, y0)
			doc.LineTo(x1, y0)
			doc.LineTo(x1, y1)
			doc.LineTo(x0, y1)
			doc.ClosePath()
		}
	}
	doc.DrawPath("F")
}

// band is the category's colour across the badge's foot, with its name in
// French and English and, small, the attendee's id for the desk.
func (p *printer) band(x, y float64, b Badge) {
	c := categoryOf(b.Category)
	doc := p.doc
	doc.SetFillColor(c.r, c.g, c.b)
	doc.Rect(x+bandMargin, y+bandTop, Width-2*bandMargin, bandBottom-bandTop, "F")
	doc.SetTextColor(255, 255, 255)
	w := Width - 2*bandMargin - 4
	p.fitBlock(x+bandMargin+2, y+bandTop+2, w, 9, "B", bandMax, bandMin, c.label)
	p.block(x+bandMargin+2, y+bandTop+11.5, w, "", idSize, 1, clean(b.ID))
}

type category struct {
	label   string
	r, g, b int
}

// categories: colours far apart in hue and dark enough for white text;
// the words say the same for those who do not tell colours apart.
var categories = map[kiosk.Category]category{
	kiosk.CategoryVisitor:    {"Visiteur · Visitor", 31, 95, 168},
	kiosk.CategorySpeaker:    {"Intervenant · Speaker", 192, 41, 43},
	kiosk.CategoryPress:      {"Presse · Press", 30, 132, 73},
	kiosk.CategoryDelegation: {"Délégation · Delegation", 108, 52, 131},
	kiosk.CategoryPartner:    {"Partenaire · Partner", 202, 111, 30},
	kiosk.CategoryStaff:      {"Organisation · Staff", 33, 33, 33},
}

func categoryOf(c kiosk.Category) category {
	if cat, ok := categories[c]; ok {
		return cat
	}
	// An empty category is a visitor (the roster's rule); an unknown one
	// still gets a band, grey, with its own word.
	if c == "" {
		return categories[kiosk.CategoryVisitor]
	}
	return category{clean(string(c)), 110, 110, 110}
}

// name draws the first name and, below it, the last name, bold, centred,
// as large as the box allows: first each on one line, shrinking down to
// nameOneLine; then wrapped; at nameMin, what still does not fit ends in
// an ellipsis.
func (p *printer) name(x, y, w, h float64, first, last string) {
	parts := nonEmpty(first, last)
	if len(parts) == 0 {
		return
	}
	doc := p.doc
	for size := nameMax; size >= nameOneLine; size-- {
		doc.SetFont(pdfdoc.Family, "B", size)
		lh := size * ptToMM * lineFactor
		if float64(len(parts))*lh > h {
			continue
		}
		fits := true
		for _, s := range parts {
			if doc.GetStringWidth(s) > w {
				fits = false
				break
			}
		}
		if fits {
			p.lines(x, y, w, h, size, parts)
			return
		}
	}
	for size := nameWrapMax; size >= nameMin; size-- {
		doc.SetFont(pdfdoc.Family, "B", size)
		lh := size * ptToMM * lineFactor
		var lines []string
		for _, s := range parts {
			lines = append(lines, wrap(doc, s, w)...)
		}
		if float64(len(lines))*lh <= h {
			p.lines(x, y, w, h, size, lines)
			return
		}
	}
	// Absurd lengths: share the lines the box holds at nameMin, the last
	// name getting what the first does not use.
	doc.SetFont(pdfdoc.Family, "B", nameMin)
	room := int(h / (nameMin * ptToMM * lineFactor))
	var lines []string
	for i, s := range parts {
		quota := room / len(parts)
		if i == len(parts)-1 {
			quota = room - len(lines)
		}
		lines = append(lines, truncateLines(doc, wrap(doc, s, w), quota, w)...)
	}
	p.lines(x, y, w, h, nameMin, lines)
}

// fitBlock draws s centred in a box, at the largest size from max down to
// min at which it wraps into the box; at min, cut with an ellipsis.
func (p *printer) fitBlock(x, y, w, h float64, style string, max, min float64, s string) {
	if s == "" {
		return
	}
	doc := p.doc
	for size := max; size >= min; size -= 0.5 {
		doc.SetFont(pdfdoc.Family, style, size)
		lines := wrap(doc, s, w)
		if float64(len(lines))*size*ptToMM*lineFactor <= h {
			p.lines(x, y, w, h, size, lines)
			return
		}
	}
	doc.SetFont(pdfdoc.Family, style, min)
	room := max1(int(h / (min * ptToMM * lineFactor)))
	p.lines(x, y, w, h, min, truncateLines(doc, wrap(doc, s, w), room, w))
}

// block draws s centred from y down, in at most maxLines lines at size,
// cut with an ellipsis beyond.
func (p *printer) block(x, y, w float64, style string, size float64, maxLines int, s string) {
	lines, h := p.measure(style, size, maxLines, s, w)
	p.lines(x, y, w, h, size, lines)
}

// measure selects the font and returns the lines s takes in width w, at
// most maxLines (cut with an ellipsis beyond), and their height.
func (p *printer) measure(style string, size float64, maxLines int, s string, w float64) ([]string, float64) {
	if s == "" {
		return nil, 0
	}
	p.doc.SetFont(pdfdoc.Family, style, size)
	lines := truncateLines(p.doc, wrap(p.doc, s, w), maxLines, w)
	return lines, float64(len(lines)) * size * ptToMM * lineFactor
}

// lines draws lines centred horizontally in w and, together, vertically in
// h, in the current font at size.
func (p *printer) lines(x, y, w, h, size float64, lines []string) {
	lh := size * ptToMM * lineFactor
	top := y + (h-float64(len(lines))*lh)/2
	for i, l := range lines {
		// The baseline sits so that capitals and descenders share the line
		// evenly: DejaVu's capitals are 0.73 em tall.
		base := top + float64(i)*lh + lh/2 + 0.33*size*ptToMM
		p.doc.Text(x+(w-p.doc.GetStringWidth(l))/2, base, l)
	}
}

// wrap breaks s into lines no wider than w in the current font: at spaces
// and after hyphens, and inside a word only when the word alone is wider.
func wrap(doc *fpdf.Fpdf, s string, w float64) []string {
	var lines []string
	line := ""
	for _, seg := range segments(s) {
		if cand := line + seg; doc.GetStringWidth(strings.TrimRight(cand, " ")) <= w {
			line = cand
			continue
		}
		if l := strings.TrimRight(line, " "); l != "" {
			lines = append(lines, l)
		}
		line = ""
		seg = strings.TrimLeft(seg, " ")
		for doc.GetStringWidth(strings.TrimRight(seg, " ")) > w {
			n := fitPrefix(doc, seg, w, "")
			lines = append(lines, seg[:n])
			seg = seg[n:]
		}
		line = seg
	}
	if l := strings.TrimRight(line, " "); l != "" {
		lines = append(lines, l)
	}
	return lines
}

// segments cuts s after each space and each hyphen.
func segments(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == ' ' || r == '-' {
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// fitPrefix returns the byte length of the longest prefix of s that, with
// suffix after it, is no wider than w; at least one character, so that
// wrapping always moves on.
func fitPrefix(doc *fpdf.Fpdf, s string, w float64, suffix string) int {
	lo, hi := 0, utf8.RuneCountInString(s) // lo fits, hi+1 does not
	idx := make([]int, 0, hi+1)
	for i := range s {
		idx = append(idx, i)
	}
	idx = append(idx, len(s))
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if doc.GetStringWidth(s[:idx[mid]]+suffix) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		lo = 1
	}
	return idx[lo]
}

const ellipsis = "…"

// truncateLines keeps at most n lines, the last one ending in an ellipsis
// when text was dropped.
func truncateLines(doc *fpdf.Fpdf, lines []string, n int, w float64) []string {
	if len(lines) <= n {
		return lines
	}
	if n <= 0 {
		return nil
	}
	out := append([]string(nil), lines[:n]...)
	last := out[n-1]
	k := fitPrefix(doc, last, w, ellipsis)
	if k == len(last) && doc.GetStringWidth(last+ellipsis) > w {
		k = 0
	}
	out[n-1] = strings.TrimRight(last[:k], " -") + ellipsis
	return out
}

// tofu replaces characters the font lacks: a visible hole, not a blank,
// so that a misprinted name is noticed at the desk.
const tofu = '□'

// clean makes a roster field printable: one line, single spaces, no
// control characters, and characters the font lacks replaced with tofu.
func clean(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	missing := pdfdoc.Missing(s)
	if len(missing) == 0 {
		return s
	}
	lack := make(map[rune]bool, len(missing))
	for _, r := range missing {
		lack[r] = true
	}
	return strings.Map(func(r rune) rune {
		if lack[r] {
			return tofu
		}
		return r
	}, s)
}

func joinNonEmpty(sep string, parts ...string) string {
	return strings.Join(nonEmpty(parts...), sep)
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, s := range parts {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}
