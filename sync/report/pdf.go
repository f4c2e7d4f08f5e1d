package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/accueil/accueil/kiosk/pdfdoc"
)

// The report's page, in millimetres (A4 portrait).
const (
	pageW, pageH = 210.0, 297.0
	marginX      = 15.0
	marginTop    = 15.0
	// bodyBottom is where the body stops: the footer is below.
	bodyBottom = pageH - 18.0
	textW      = pageW - 2*marginX
	// Table text: size in points, line height and vertical padding in mm.
	tableFont = 8.5
	lineH     = 3.7
	padY      = 0.9
	padX      = 1.2
)

// pdfReport draws the report on an fpdf document.
type pdfReport struct {
	doc *fpdf.Fpdf
	v   *View
}

// WritePDF writes the report as an A4 PDF and returns its page count.
func (v *View) WritePDF(out io.Writer) (int, error) {
	doc, err := pdfdoc.New(pdfdoc.A4)
	if err != nil {
		return 0, err
	}
	p := &pdfReport{doc: doc, v: v}
	title := v.w.s("title") + " — " + v.eventName
	doc.SetTitle(pdfdoc.Clean(title), true)
	doc.SetLang(map[bool]string{false: "fr-FR", true: "en-GB"}[v.w.en])
	doc.SetMargins(marginX, marginTop, marginX)
	doc.AliasNbPages("{nb}")
	doc.SetFooterFunc(p.footer)
	doc.AddPage()

	doc.SetFont(pdfdoc.Family, "B", 18)
	doc.SetTextColor(20, 40, 80)
	doc.CellFormat(textW, 9, pdfdoc.Clean(v.w.s("title")), "", 1, "L", false, 0, "")
	doc.SetTextColor(0, 0, 0)
	doc.SetFont(pdfdoc.Family, "B", 12.5)
	for _, line := range pdfdoc.Wrap(p.doc, v.eventName, textW, maxLines) {
		doc.CellFormat(textW, 6, line, "", 1, "L", false, 0, "")
	}
	doc.Ln(2)
	for _, kv := range v.heading()[1:] {
		p.labelled(kv[0], kv[1])
	}
	doc.SetFont(pdfdoc.Family, "", 9)
	doc.SetTextColor(90, 90, 90)
	doc.CellFormat(textW, 5, pdfdoc.Clean(v.w.s("anonymous")), "", 1, "L", false, 0, "")
	doc.SetTextColor(0, 0, 0)

	p.section(v.w.s("summary"))
	var rows []pdfRow
	for _, kv := range v.summary() {
		rows = append(rows, pdfRow{cells: []string{kv[0], kv[1]}})
	}
	p.table([]pdfCol{{"", 140, false}, {"", 40, true}}, rows, false)

	p.section(v.w.s("by_day"))
	h := v.dayHeader()
	rows = rows[:0]
	dr := v.dayRows()
	for i, r := range dr {
		rows = append(rows, pdfRow{cells: r, total: i == len(dr)-1 && len(dr) > 1})
	}
	p.table([]pdfCol{{h[0], 42, false}, {h[1], 22, true}, {h[2], 24, true}, {h[3], 25, true}, {h[4], 25, true}, {h[5], 18, true}, {h[6], 24, true}}, rows, true)

	p.section(v.w.s("by_category"))
	h = v.categoryHeader()
	cols := []pdfCol{{h[0], 38, false}, {h[1], 22, true}}
	dayW := (textW - 38 - 22 - 24 - 22) / float64(len(v.days))
	if len(v.days) == 0 || dayW > 26 {
		dayW = 26
	}
	for _, t := range h[2 : len(h)-2] {
		cols = append(cols, pdfCol{t, dayW, true})
	}
	cols = append(cols, pdfCol{h[len(h)-2], 24, true}, pdfCol{h[len(h)-1], 22, true})
	rows = rows[:0]
	cr := v.categoryRows()
	for i, r := range cr {
		rows = append(rows, pdfRow{cells: r, total: i == len(cr)-1})
	}
	p.table(cols, rows, true)

	p.section(v.w.s("by_checkpoint"))
	w := v.w
	rows = rows[:0]
	for _, g := range v.checkpointGroups() {
		rows = append(rows, pdfRow{cells: []string{g.title}, group: true})
		for _, r := range g.rows {
			peak := w.int(r.f.PeakInside)
			if !r.f.PeakAt.IsZero() {
				peak += " (" + v.clock(r.f.PeakAt, r.day == "") + ")"
			}
			rows = append(rows, pdfRow{cells: []string{v.name(r.c), r.c.Room, v.window(r.c.Checkpoint), v.capacity(r.c.Checkpoint),
				w.int(r.f.Attendees), peak, fillIf(w, r.f.PeakInside, r.c.Capacity), w.int(r.f.RefusedTotal())}})
		}
	}
	p.table([]pdfCol{{w.s("checkpoint"), 48, false}, {w.s("room"), 27, false}, {w.s("window"), 23, false}, {w.s("capacity"), 14, true},
		{w.s("admitted_short"), 13, true}, {w.s("peak_short"), 21, true}, {w.s("fill"), 19, true}, {w.s("refused"), 15, true}}, rows, true)

	p.section(w.s("refusals"))
	if h, ref := v.refusalMatrix(); len(ref) == 0 {
		doc.SetFont(pdfdoc.Family, "", 9.5)
		doc.CellFormat(textW, 6, pdfdoc.Clean(w.s("no_refusal")), "", 1, "L", false, 0, "")
	} else {
		const nameW = 56.0
		cols := []pdfCol{{h[0], nameW, false}}
		for _, t := range h[1:] {
			cols = append(cols, pdfCol{t, (textW - nameW) / float64(len(h)-1), true})
		}
		rows = rows[:0]
		for i, r := range ref {
			rows = append(rows, pdfRow{cells: r, total: i == len(ref)-1})
		}
		p.table(cols, rows, true)
	}

	// The notes say how the figures were counted, for whoever audits them.
	doc.Ln(4)
	doc.SetFont(pdfdoc.Family, "", 8)
	doc.SetTextColor(90, 90, 90)
	notes := pdfdoc.Wrap(p.doc, w.s("notes"), textW, maxLines)
	if doc.GetY()+float64(len(notes))*3.6 > bodyBottom {
		doc.AddPage()
	}
	for _, line := range notes {
		doc.CellFormat(textW, 3.6, line, "", 1, "L", false, 0, "")
	}
	doc.SetTextColor(0, 0, 0)
	pages := doc.PageNo()
	if err := doc.Output(out); err != nil {
		return 0, fmt.Errorf("pdf: %w", err)
	}
	return pages, nil
}

// pdfCol is a table column: its title, width (mm) and alignment.
type pdfCol struct {
	title string
	w     float64
	right bool
}

// pdfRow is a table row: cells, or a group heading spanning the table, or
// a total (bold, rule above).
type pdfRow struct {
	cells []string
	group bool
	total bool
}

// section starts a titled part, on a new page when fewer than a heading
// and a few rows would fit.
func (p *pdfReport) section(title string) {
	doc := p.doc
	doc.Ln(4)
	if doc.GetY()+24 > bodyBottom {
		doc.AddPage()
	}
	doc.SetFont(pdfdoc.Family, "B", 12)
	doc.SetTextColor(20, 40, 80)
	doc.CellFormat(textW, 7, pdfdoc.Clean(title), "", 1, "L", false, 0, "")
	doc.SetTextColor(0, 0, 0)
	doc.Ln(1)
}

// labelled writes "Label: value" lines of the heading.
func (p *pdfReport) labelled(label, value string) {
	doc := p.doc
	doc.SetFont(pdfdoc.Family, "B", 9.5)
	doc.CellFormat(32, 5, pdfdoc.Clean(label), "", 0, "L", false, 0, "")
	doc.SetFont(pdfdoc.Family, "", 9.5)
	lines := pdfdoc.Wrap(p.doc, value, textW-32, maxLines)
	for i, line := range lines {
		if i > 0 {
			doc.SetX(marginX + 32)
		}
		doc.CellFormat(textW-32, 5, line, "", 1, "L", false, 0, "")
	}
}

// footer numbers the pages.
func (p *pdfReport) footer() {
	doc := p.doc
	doc.SetY(pageH - 12)
	doc.SetFont(pdfdoc.Family, "", 8)
	doc.SetTextColor(110, 110, 110)
	doc.SetDrawColor(180, 180, 180)
	doc.Line(marginX, pageH-13, pageW-marginX, pageH-13)
	left := p.v.w.s("title") + " — " + p.v.eventName
	doc.CellFormat(textW-30, 5, pdfdoc.Fit(p.doc, left, textW-32), "", 0, "L", false, 0, "")
	doc.CellFormat(30, 5, fmt.Sprintf(p.v.w.s("page"), doc.PageNo(), "{nb}"), "", 0, "R", false, 0, "")
	doc.SetTextColor(0, 0, 0)
}

// table draws rows under a header row (if withHeader), repeating the
// header at the top of each new page; long cells wrap.
func (p *pdfReport) table(cols []pdfCol, rows []pdfRow, withHeader bool) {
	doc := p.doc
	header := func() {
		if !withHeader {
			return
		}
		doc.SetFont(pdfdoc.Family, "B", tableFont)
		p.row(cols, p.titles(cols), 'h')
	}
	if withHeader && len(rows) > 0 {
		// The header never ends a page alone.
		doc.SetFont(pdfdoc.Family, "B", tableFont)
		if doc.GetY()+p.rowHeight(cols, p.titles(cols), 'h')+p.rowHeight(cols, rows[0].cells, 'r') > bodyBottom {
			doc.AddPage()
		}
	}
	header()
	for i, r := range rows {
		style, kind := "", byte('r')
		switch {
		case r.group:
			style, kind = "B", 'g'
		case r.total:
			style, kind = "B", 't'
		}
		doc.SetFont(pdfdoc.Family, style, tableFont)
		h := p.rowHeight(cols, r.cells, kind)
		need := h
		if r.group && i+1 < len(rows) {
			// A day's heading never ends a page alone.
			need += p.rowHeight(cols, rows[i+1].cells, 'r')
		}
		if doc.GetY()+need > bodyBottom {
			doc.AddPage()
			header()
			doc.SetFont(pdfdoc.Family, style, tableFont)
		}
		p.row(cols, r.cells, kind)
	}
}

// titles are the columns' titles, a header row's cells.
func (p *pdfReport) titles(cols []pdfCol) []string {
	cells := make([]string, len(cols))
	for i, c := range cols {
		cells[i] = c.title
	}
	return cells
}

// headerSize is the font size of a header cell: 7.5 pt, less if a word
// of the title would not fit the column (a word cut in two reads badly).
func (p *pdfReport) headerSize(s string, w float64) float64 {
	size := 7.5
	for ; size > 5.5; size -= 0.5 {
		p.doc.SetFontSize(size)
		fits := true
		for _, word := range strings.Fields(s) {
			if p.doc.GetStringWidth(word) > w {
				fits = false
				break
			}
		}
		if fits {
			break
		}
	}
	p.doc.SetFontSize(tableFont)
	return size
}

// rowHeight is the height of a row once its cells are wrapped.
func (p *pdfReport) rowHeight(cols []pdfCol, cells []string, kind byte) float64 {
	n := 1
	for i, c := range p.spans(cols, kind) {
		if i < len(cells) {
			if kind == 'h' {
				p.doc.SetFontSize(p.headerSize(cells[i], c.w-2*padX))
			}
			n = max(n, len(pdfdoc.Wrap(p.doc, cells[i], c.w-2*padX, maxLines)))
			p.doc.SetFontSize(tableFont)
		}
	}
	return float64(n)*lineH + 2*padY
}

// spans are the columns a row's cells fill: a group heading spans them all.
func (p *pdfReport) spans(cols []pdfCol, kind byte) []pdfCol {
	if kind != 'g' {
		return cols
	}
	return []pdfCol{{w: textW}}
}

// row draws one row: kind h (header), g (group), t (total) or r.
func (p *pdfReport) row(cols []pdfCol, cells []string, kind byte) {
	doc := p.doc
	cols = p.spans(cols, kind)
	h := p.rowHeight(cols, cells, kind)
	x, y := marginX, doc.GetY()
	switch kind {
	case 'h':
		doc.SetFillColor(228, 233, 242)
		doc.Rect(marginX, y, textW, h, "F")
	case 'g':
		doc.SetFillColor(244, 246, 250)
		doc.Rect(marginX, y, textW, h, "F")
	case 't':
		doc.SetDrawColor(60, 60, 60)
		doc.SetLineWidth(0.3)
		doc.Line(marginX, y, marginX+textW, y)
	}
	for i, c := range cols {
		if i >= len(cells) {
			break
		}
		align := "L"
		if c.right {
			align = "R"
		}
		if kind == 'h' {
			doc.SetFontSize(p.headerSize(cells[i], c.w-2*padX))
		}
		for j, line := range pdfdoc.Wrap(p.doc, cells[i], c.w-2*padX, maxLines) {
			doc.SetXY(x+padX, y+padY+float64(j)*lineH)
			doc.CellFormat(c.w-2*padX, lineH, line, "", 0, align, false, 0, "")
		}
		doc.SetFontSize(tableFont)
		x += c.w
	}
	doc.SetDrawColor(205, 210, 218)
	doc.SetLineWidth(0.15)
	doc.Line(marginX, y+h, marginX+textW, y+h)
	doc.SetXY(marginX, y+h)
}

// maxLines bounds a wrapped cell; the last line is cut with an ellipsis.
const maxLines = 4
