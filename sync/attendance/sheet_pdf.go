package attendance

import (
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pdfdoc"
)

// The A4 page, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 15.0
	textW        = pageW - 2*margin
	bodyBottom   = pageH - 20.0
)

// The sheet's columns: member, organisation, votes, attendance and a box
// to sign in, tall enough for a signature.
var sheetCols = [...]struct {
	key   string
	w     float64
	align string
}{{"member", 42, "L"}, {"organisation", 50, "L"}, {"votes", 12, "R"}, {"status", 38, "L"}, {"signature", 38, "L"}}

const rowH = 9.0

// WritePDF writes the sheet as an A4 PDF and returns its page count.
func (sh Sheet) WritePDF(out io.Writer) (int, error) {
	doc, err := pdfdoc.New(pdfdoc.A4)
	if err != nil {
		return 0, err
	}
	l := sh.Lang
	title := say(l, "sheet_title") + " — " + sh.Meeting.DisplayName(l)
	doc.SetTitle(pdfdoc.Clean(title), true)
	doc.SetLang(map[bool]string{false: "fr-FR", true: "en-GB"}[l == kiosk.English])
	doc.SetMargins(margin, margin, margin)
	doc.AliasNbPages("{nb}")
	doc.SetFooterFunc(func() { footer(doc, l, title) })
	doc.AddPage()

	doc.SetFont(pdfdoc.Family, "B", 17)
	doc.SetTextColor(20, 40, 80)
	doc.CellFormat(textW, 8, pdfdoc.Clean(say(l, "sheet_title")), "", 1, "L", false, 0, "")
	doc.SetFont(pdfdoc.Family, "B", 13)
	for _, line := range pdfdoc.Wrap(doc, sh.Meeting.DisplayName(l), textW, 2) {
		doc.CellFormat(textW, 6.5, line, "", 1, "L", false, 0, "")
	}
	doc.SetTextColor(0, 0, 0)
	doc.Ln(1.5)
	labelled(doc, say(l, "event"), sh.EventName)
	if !sh.Meeting.StartsAt.IsZero() {
		when := longDate(l, sh.Meeting.StartsAt.In(sh.Zone)) + ", " + clock(sh.Meeting.StartsAt.In(sh.Zone))
		if !sh.Meeting.EndsAt.IsZero() {
			when += "–" + clock(sh.Meeting.EndsAt.In(sh.Zone))
		}
		labelled(doc, say(l, "when"), when)
	}
	if sh.Meeting.Room != "" {
		labelled(doc, say(l, "room"), sh.Meeting.Room)
	}
	labelled(doc, say(l, "quorum_rule"), sh.quorumText())
	doc.Ln(2)
	sh.totals(doc)
	doc.Ln(3)

	sh.header(doc)
	for _, line := range sh.Lines {
		if doc.GetY()+rowH > bodyBottom {
			doc.AddPage()
			sh.header(doc)
		}
		sh.row(doc, line)
	}
	sh.signatures(doc)
	pages := doc.PageNo()
	if err := doc.Output(out); err != nil {
		return 0, fmt.Errorf("write sheet: %w", err)
	}
	return pages, nil
}

// totals is the box of figures organisers read first: members and votes
// by attendance, and whether the quorum was reached.
func (sh Sheet) totals(doc *fpdf.Fpdf) {
	l := sh.Lang
	doc.SetFillColor(238, 242, 248)
	top := doc.GetY()
	doc.Rect(margin, top, textW, 31, "F")
	doc.SetXY(margin+3, top+2)
	doc.SetFont(pdfdoc.Family, "B", 10.5)
	doc.CellFormat(textW-6, 6, pdfdoc.Clean(say(l, "totals")), "", 1, "L", false, 0, "")
	item := func(key string, members, votes int) {
		doc.SetX(margin + 3)
		doc.SetFont(pdfdoc.Family, "", 10)
		doc.CellFormat(60, 5, pdfdoc.Clean(say(l, key)), "", 0, "L", false, 0, "")
		doc.CellFormat(textW-66, 5, membersVotes(l, members, votes), "", 1, "L", false, 0, "")
	}
	pm, pv := sh.Count(Present)
	rm, rv := sh.Count(Represented)
	am, av := sh.Count(Absent)
	item("t_present", pm, pv)
	item("t_represented", rm, rv)
	item("t_absent", am, av)
	item("t_counted", pm+rm, pv+rv)
	doc.SetX(margin + 3)
	doc.SetFont(pdfdoc.Family, "B", 10.5)
	if sh.Quorum.ReachedAt.IsZero() {
		doc.SetTextColor(150, 30, 30)
	} else {
		doc.SetTextColor(20, 100, 40)
	}
	doc.CellFormat(textW-6, 6, pdfdoc.Clean(sh.reachedText()), "", 1, "L", false, 0, "")
	doc.SetTextColor(0, 0, 0)
	doc.SetY(top + 31)
}

func (sh Sheet) header(doc *fpdf.Fpdf) {
	doc.SetFont(pdfdoc.Family, "B", 9)
	doc.SetFillColor(220, 226, 236)
	for _, c := range sheetCols {
		doc.CellFormat(c.w, 6.5, pdfdoc.Clean(say(sh.Lang, c.key)), "1", 0, c.align, true, 0, "")
	}
	doc.Ln(-1)
}

func (sh Sheet) row(doc *fpdf.Fpdf, line Line) {
	doc.SetFont(pdfdoc.Family, "", 8.5)
	cells := [...]string{line.Member.Name(), line.Member.Organisation, number(sh.Lang, line.Member.Votes), sh.statusText(line), ""}
	x, y := doc.GetXY()
	for i, c := range sheetCols {
		doc.Rect(x, y, c.w, rowH, "D")
		text := pdfdoc.Wrap(doc, cells[i], c.w-2, 2)
		if c.align == "R" {
			text = []string{cells[i]}
		}
		ty := y + (rowH-float64(len(text))*3.6)/2
		for j, t := range text {
			doc.SetXY(x+1, ty+float64(j)*3.6)
			doc.CellFormat(c.w-2, 3.6, t, "", 0, c.align, false, 0, "")
		}
		x += c.w
	}
	// A struck-through signature box: only members present sign.
	if line.Status != Present {
		doc.SetDrawColor(170, 170, 170)
		doc.Line(x-sheetCols[4].w+3, y+rowH/2, x-3, y+rowH/2)
		doc.SetDrawColor(0, 0, 0)
	}
	doc.SetXY(margin, y+rowH)
}

// signatures closes the sheet with the chair's and the secretary's
// signature lines, on a page of their own when they do not fit.
func (sh Sheet) signatures(doc *fpdf.Fpdf) {
	l := sh.Lang
	if doc.GetY()+52 > bodyBottom {
		doc.AddPage()
	}
	doc.Ln(5)
	doc.SetFont(pdfdoc.Family, "", 8)
	doc.SetTextColor(90, 90, 90)
	for _, line := range pdfdoc.Wrap(doc, say(l, "rules"), textW, 3) {
		doc.CellFormat(textW, 3.6, line, "", 1, "L", false, 0, "")
	}
	doc.SetTextColor(0, 0, 0)
	doc.Ln(4)
	doc.SetFont(pdfdoc.Family, "", 10)
	doc.CellFormat(textW, 6, pdfdoc.Clean(say(l, "signed_at")), "", 1, "L", false, 0, "")
	doc.Ln(3)
	y := doc.GetY()
	half := textW / 2
	for i, key := range []string{"chair", "secretary"} {
		x := margin + float64(i)*half
		doc.SetXY(x, y)
		doc.SetFont(pdfdoc.Family, "B", 10)
		doc.CellFormat(half-6, 6, pdfdoc.Clean(say(l, key)), "", 2, "L", false, 0, "")
		doc.SetFont(pdfdoc.Family, "", 9)
		doc.CellFormat(half-6, 5, pdfdoc.Clean(say(l, "signature")+" :"), "", 0, "L", false, 0, "")
		doc.Line(x, y+28, x+half-8, y+28)
	}
	doc.SetXY(margin, y+32)
	doc.SetFont(pdfdoc.Family, "", 7.5)
	doc.SetTextColor(110, 110, 110)
	doc.CellFormat(textW, 4, pdfdoc.Clean(sayf(l, "made", sh.MadeAt.In(sh.Zone).Format("2006-01-02 15:04"))), "", 1, "L", false, 0, "")
	doc.SetTextColor(0, 0, 0)
}

// labelled writes a "Label  value" line of a heading.
func labelled(doc *fpdf.Fpdf, label, value string) {
	doc.SetFont(pdfdoc.Family, "B", 9.5)
	doc.CellFormat(28, 5, pdfdoc.Clean(label), "", 0, "L", false, 0, "")
	doc.SetFont(pdfdoc.Family, "", 9.5)
	for i, line := range pdfdoc.Wrap(doc, value, textW-28, 3) {
		if i > 0 {
			doc.SetX(margin + 28)
		}
		doc.CellFormat(textW-28, 5, line, "", 1, "L", false, 0, "")
	}
}

// footer numbers the pages under a rule.
func footer(doc *fpdf.Fpdf, l kiosk.Language, title string) {
	doc.SetY(pageH - 13)
	doc.SetFont(pdfdoc.Family, "", 8)
	doc.SetTextColor(110, 110, 110)
	doc.SetDrawColor(180, 180, 180)
	doc.Line(margin, pageH-14, pageW-margin, pageH-14)
	doc.CellFormat(textW-30, 5, pdfdoc.Fit(doc, title, textW-32), "", 0, "L", false, 0, "")
	doc.CellFormat(30, 5, fmt.Sprintf(say(l, "page"), doc.PageNo(), "{nb}"), "", 0, "R", false, 0, "")
	doc.SetTextColor(0, 0, 0)
	doc.SetDrawColor(0, 0, 0)
}
