package attendance

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pdfdoc"
	"github.com/accueil/accueil/kiosk/qr"
)

// qrSide is the printed QR code's side in mm: a statement of a dozen
// sessions makes a code of about 110 modules, each then half a millimetre,
// which phone cameras and the kiosks' decoder read from paper.
const qrSide = 60.0

// WritePDF writes the certificate as one A4 page.
func (c Certificate) WritePDF(out io.Writer) error {
	doc, err := pdfdoc.New(pdfdoc.A4)
	if err != nil {
		return err
	}
	l := c.Lang
	doc.SetTitle(pdfdoc.Clean(say(l, "cert_title")+" — "+c.Name), true)
	doc.SetLang(map[bool]string{false: "fr-FR", true: "en-GB"}[l == kiosk.English])
	doc.SetMargins(margin+5, margin, margin+5)
	doc.AddPage()
	w := textW - 10
	center := func(size float64, style, text string, h float64) {
		doc.SetFont(pdfdoc.Family, style, size)
		for _, line := range pdfdoc.Wrap(doc, text, w, 3) {
			doc.CellFormat(w, h, line, "", 1, "C", false, 0, "")
		}
	}
	doc.SetY(28)
	doc.SetTextColor(20, 40, 80)
	center(24, "B", say(l, "cert_title"), 11)
	doc.SetTextColor(0, 0, 0)
	doc.Ln(8)
	center(12, "", sayf(l, "cert_attests", c.Organiser), 7)
	doc.Ln(3)
	center(20, "B", c.Name, 10)
	if c.Organisation != "" {
		center(13, "", c.Organisation, 7)
	}
	doc.Ln(3)
	center(12, "", say(l, "cert_took"), 7)
	center(14, "B", c.EventName, 8)
	center(12, "", c.daysText(), 7)
	doc.Ln(6)
	c.sessionTable(doc, w)
	c.closing(doc, w)
	if err := doc.Output(out); err != nil {
		return fmt.Errorf("write certificate: %w", err)
	}
	return nil
}

// daysText lists the days attended: "les 4 et 5 juillet 2016" is written
// in full for each day, which stays right across months.
func (c Certificate) daysText() string {
	var days []string
	for _, d := range c.Days {
		t, err := time.ParseInLocation("2006-01-02", d, c.Zone)
		if err != nil {
			continue
		}
		days = append(days, longDate(c.Lang, t))
	}
	key := "cert_days"
	if len(days) == 1 {
		key = "cert_day"
	}
	list := strings.Join(days, ", ")
	if n := len(days); n > 1 {
		list = strings.Join(days[:n-1], ", ") + say(c.Lang, "cert_and") + days[n-1]
	}
	return sayf(c.Lang, key, list)
}

// sessionTable lists the sessions attended with their times and durations,
// and the total.
func (c Certificate) sessionTable(doc *fpdf.Fpdf, w float64) {
	l := c.Lang
	x0 := doc.GetX()
	if len(c.Sessions) == 0 {
		doc.SetFont(pdfdoc.Family, "", 10.5)
		doc.CellFormat(w, 6, pdfdoc.Clean(say(l, "no_session")), "", 1, "C", false, 0, "")
		return
	}
	cols := []float64{w - 24 - 30 - 24, 24, 30, 24}
	doc.SetFont(pdfdoc.Family, "B", 9.5)
	doc.SetFillColor(220, 226, 236)
	for i, k := range []string{"session", "date", "times", "duration"} {
		doc.CellFormat(cols[i], 6.5, pdfdoc.Clean(say(l, k)), "1", 0, "L", true, 0, "")
	}
	doc.Ln(-1)
	doc.SetFont(pdfdoc.Family, "", 9)
	// A page holds about twenty sessions; more are cut with a count, the
	// QR code still holding them all.
	const most = 20
	for i, s := range c.Sessions {
		if i == most {
			doc.SetX(x0)
			doc.CellFormat(w, 6, fmt.Sprintf("… (+%d)", len(c.Sessions)-most), "1", 1, "L", false, 0, "")
			break
		}
		name := s.ID
		if cp, ok := c.sessions[s.ID]; ok {
			name = cp.DisplayName(l)
		}
		day, from, _ := strings.Cut(s.In, " ")
		to := ""
		if _, t, ok := strings.Cut(s.Out, " "); ok {
			to = t
		}
		doc.SetX(x0)
		doc.CellFormat(cols[0], 6, pdfdoc.Fit(doc, name, cols[0]-2), "1", 0, "L", false, 0, "")
		doc.CellFormat(cols[1], 6, shortDate(l, day), "1", 0, "L", false, 0, "")
		doc.CellFormat(cols[2], 6, sayf(l, "times_fmt", from, orDash(to)), "1", 0, "L", false, 0, "")
		doc.CellFormat(cols[3], 6, duration(l, s.Minutes), "1", 1, "R", false, 0, "")
	}
	doc.SetX(x0)
	doc.SetFont(pdfdoc.Family, "B", 9.5)
	doc.CellFormat(w-cols[3], 6.5, pdfdoc.Clean(say(l, "total")), "1", 0, "R", false, 0, "")
	doc.CellFormat(cols[3], 6.5, duration(l, c.Minutes), "1", 1, "R", false, 0, "")
}

// closing puts the organiser's signature line on the left and the QR
// code of the signed statement on the right, at the foot of the page.
func (c Certificate) closing(doc *fpdf.Fpdf, w float64) {
	l := c.Lang
	x0 := margin + 5
	top := pageH - margin - qrSide - 12
	doc.SetXY(x0, top)
	doc.SetFont(pdfdoc.Family, "", 10.5)
	issued, _ := time.ParseInLocation("2006-01-02", c.Issued, c.Zone)
	doc.CellFormat(w-qrSide-8, 6, pdfdoc.Clean(sayf(l, "issued", longDate(l, issued))), "", 2, "L", false, 0, "")
	doc.SetFont(pdfdoc.Family, "B", 10.5)
	doc.CellFormat(w-qrSide-8, 6, pdfdoc.Fit(doc, sayf(l, "for_org", c.Organiser), w-qrSide-8), "", 2, "L", false, 0, "")
	doc.Line(x0, top+34, x0+70, top+34)
	doc.SetXY(x0, top+38)
	doc.SetFont(pdfdoc.Family, "", 7.5)
	doc.SetTextColor(90, 90, 90)
	for _, line := range pdfdoc.Wrap(doc, say(l, "qr_caption"), w-qrSide-8, 3) {
		doc.CellFormat(w-qrSide-8, 3.4, line, "", 2, "L", false, 0, "")
	}
	doc.SetTextColor(0, 0, 0)
	if err := drawQR(doc, c.Payload, x0+w-qrSide, top); err != nil {
		doc.SetError(err)
	}
}

// drawQR places the payload's QR code, drawn by the project's encoder
// (level M, 4-module quiet zone), as an exact-pixel PNG.
func drawQR(doc *fpdf.Fpdf, payload string, x, y float64) error {
	img, err := qr.Encode(payload, 4)
	if err != nil {
		return fmt.Errorf("certificate QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return fmt.Errorf("certificate QR code: %w", err)
	}
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	doc.RegisterImageOptionsReader("qr", opt, &buf)
	doc.ImageOptions("qr", x, y, qrSide, qrSide, false, opt, 0, "")
	return doc.Error()
}

// shortDate writes "04/07/2016" in French, "4 Jul 2016" in English.
func shortDate(l kiosk.Language, day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	if l == kiosk.English {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
