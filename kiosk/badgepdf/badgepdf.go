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
