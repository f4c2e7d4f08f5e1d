// Package badgepdf prints attendee badges as one PDF: the name large, the
// organisation and country, a colour band naming the category in French and
// English, the event in small print and the badge's QR code.
//
// The QR code is drawn as vector shapes from the code's module matrix, not
// as a bitmap, so that its edges stay sharp at any printer resolution, and
// it keeps a quiet zone of QuietZone modules that no other ink enters:
// scanners need both to find a code at a glance.
//
// Text never leaves its box: names shrink, then wrap, then lose their end to
// an ellipsis. Characters the embedded font lacks print as a white square
// rather than failing the run; Badge.Missing lets a caller warn about them.
package badgepdf

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pdfdoc"
	"github.com/accueil/accueil/kiosk/qr"
)

// Layout is how badges are placed on paper.
type Layout int

const (
	A6      Layout = iota // one badge per A6 page
	A4Sheet               // four A6 badges on an A4 sheet, with crop marks
)

// String is the layout's name on a command line (a6, a4).
func (l Layout) String() string {
	switch l {
	case A6:
		return "a6"
	case A4Sheet:
		return "a4"
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// PerPage is how many badges a page of the layout holds.
func (l Layout) PerPage() int {
	if l == A4Sheet {
		return 4
	}
	return 1
}

// Event is printed on every badge, small. NameEN and DatesEN, when set,
// are printed on the badges of English-speaking attendees.
type Event struct{ Name, NameEN, Dates, DatesEN, Venue string }

// Badge is one attendee's badge.
type Badge struct {
	ID, FirstName, LastName, Organisation, Country string
	Category                                       kiosk.Category
	Language                                       kiosk.Language
	Payload                                        string // what the QR carries: a signed token (kiosk token "AC1:...") or an outside code
}

// Missing returns the characters of the badge's printed fields that the
// embedded font has no glyph for (each once): they print as a white square.
func (b Badge) Missing() []rune {
	return pdfdoc.Missing(b.FirstName + " " + b.LastName + " " + b.Organisation + " " + b.Country)
}

// Badge size, mm: ISO A6 portrait.
const (
	Width  = 105.0
	Height = 148.0
)

// QuietZone is the blank margin around every QR code, in modules: the
// minimum the QR standard asks for.
const QuietZone = qr.QuietZone

// The QR code's place on a badge: its quiet zone's box, centred in a
// space below the text and above the category band that nothing else
// draws in. maxModule caps the module size so that small codes do not
// grow needlessly; 1 mm is easy for any phone or scanner at arm's length.
const (
	qrTop     = 72.0
	qrBottom  = 124.0
	qrMaxSide = qrBottom - qrTop
	maxModule = 1.0
)

// Geometry is where a badge's QR code lies, in mm from the badge's top-left
// corner.
type Geometry struct {
	Module  float64 // side of one module
	Modules int     // side of the code in modules, without the quiet zone
	Quiet   int     // width of the quiet zone, in modules
	X, Y    float64 // top-left corner of the quiet zone
	Side    float64 // side of the code with its quiet zone
}

// QRGeometry returns where Write draws the QR code of payload on a badge.
func QRGeometry(payload string) (Geometry, error) {
	m, err := qr.Modules(payload)
	if err != nil {
		return Geometry{}, err
	}
	return geometry(len(m)), nil
}

func geometry(n int) Geometry {
	total := n + 2*QuietZone
	module := math.Min(maxModule, qrMaxSide/float64(total))
	// Whole hundredths of a millimetre: the PDF's coordinates are written
	// with two decimals of a point, and every module must come out the
	// same size.
	module = math.Floor(module*100) / 100
	side := module * float64(total)
	return Geometry{
		Module: module, Modules: n, Quiet: QuietZone,
		X: (Width - side) / 2, Y: qrTop + (qrMaxSide-side)/2, Side: side,
	}
}

// Layout of the text, mm from the badge's top-left corner. The margin
// keeps ink off the part of the sheet most printers cannot reach.
const (
	margin    = 6.0
	textWidth = Width - 2*margin

	headerTop     = 5.0
	headerBottom  = 19.0
	ruleY         = 20.0
	nameTop       = 22.0
	nameBottom    = 54.0
	orgTop        = 55.0
	orgBottom     = 65.0
	countryTop    = 65.5
	countryBottom = 70.5
	bandTop       = 126.0
	bandBottom    = 143.0
	bandMargin    = 5.0
)

// Font sizes, in points.
const (
	nameMax     = 28.0
	nameOneLine = 14.0 // below this, a long name wraps rather than shrinks
	nameWrapMax = 20.0
	nameMin     = 10.0
	orgMax      = 11.0
	orgMin      = 7.5
	countrySize = 9.5
	headerSize  = 7.0
	subSize     = 6.0
	bandMax     = 13.0
	bandMin     = 8.0
	idSize      = 6.5
)

const ptToMM = 25.4 / 72

// lineFactor is the line height as a multiple of the font size: room for
// a capital's accent (É, Ǻ, Vietnamese Ấ) under the line above's
// descenders.
const lineFactor = 1.18

// ErrNoBadges is returned by Write for an empty list: a PDF without pages is
// no use to a printer.
var ErrNoBadges = errors.New("no badges to print")

// Write renders badges to w as one PDF.
func Write(w io.Writer, ev Event, badges []Badge, layout Layout) error {
	if len(badges) == 0 {
		return fmt.Errorf("badge pdf: %w", ErrNoBadges)
	}
	var size string
	switch layout {
	case A6:
		size = pdfdoc.A6
	case A4Sheet:
		size = pdfdoc.A4
	default:
		return fmt.Errorf("badge pdf: unknown layout %d", int(layout))
	}
	doc, err := pdfdoc.New(size)
	if err != nil {
		return fmt.Errorf("badge pdf: %w", err)
	}
	title := "Badges"
	if ev.Name != "" {
		title += " — " + ev.Name
	}
	doc.SetTitle(title, true)
	p := printer{doc: doc, ev: ev, geo: map[int]Geometry{}}
	for i, b := range badges {
		var x, y float64
		switch layout {
		case A6:
			doc.AddPage()
		case A4Sheet:
			if i%4 == 0 {
				doc.AddPage()
				cropMarks(doc)
			}
			x, y = sheetOrigin(i % 4)
		}
		if err := p.badge(x, y, b); err != nil {
			return fmt.Errorf("badge pdf: badge %q: %w", b.ID, err)
		}
	}
	if err := doc.Output(w); err != nil {
		return fmt.Errorf("badge pdf: %w", err)
	}
	return nil
}

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
