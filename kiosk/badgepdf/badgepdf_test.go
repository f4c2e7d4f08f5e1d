package badgepdf_test

import (
	"bytes"
	"errors"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
	"github.com/accueil/accueil/kiosk/pdfdoc/pdftest"
	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/kiosk/roster"
)

// testKey is fixed, so that runs print the same codes.
const testKey = "ed25519-private:QWNjdWVpbCB0ZXN0IGtleSwgbm90IGZvciBldmVudHM="

const testEvent = "faic2016"

var forum = badgepdf.Event{
	Name:   "7e Forum de l'Action Internationale des Collectivités",
	NameEN: "7th Forum for Local Authorities' International Action",
	Dates:  "4–5 juillet 2016",
	Venue:  "Palais des Congrès de Paris — Espace Havane",
}

func key(t testing.TB) kiosk.PrivateKey {
	t.Helper()
	k, err := kiosk.ParsePrivateKey(testKey)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func sign(t testing.TB, id string) string {
	t.Helper()
	tok, err := key(t).Sign(kiosk.Token{Event: testEvent, AttendeeID: id, Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// maxToken is the longest token Sign accepts (attendee ids longer than any
// roster allows): the biggest code a badge can carry.
func maxToken(t testing.TB) string {
	t.Helper()
	longest := ""
	for n := 1; n <= 255; n++ {
		tok, err := key(t).Sign(kiosk.Token{Event: testEvent, AttendeeID: strings.Repeat("A", n), Issue: 1})
		if errors.Is(err, kiosk.ErrTokenTooLong) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		longest = tok
	}
	if len(longest) < 150 {
		t.Fatalf("longest token is %d bytes: the key or the token format changed", len(longest))
	}
	return longest
}

func writePDF(t *testing.T, badges []badgepdf.Badge, layout badgepdf.Layout) string {
	t.Helper()
	var buf bytes.Buffer
	if err := badgepdf.Write(&buf, forum, badges, layout); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output starts with %q, not a PDF header", buf.Bytes()[:min(buf.Len(), 16)])
	}
	path := filepath.Join(t.TempDir(), "badges.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const dpi = 200

func px(mm float64) int { return int(mm / 25.4 * dpi) }

func crop(img image.Image, r image.Rectangle) image.Image {
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
}

// people are names a French event prints: accents, cedillas, Vietnamese
// stacked diacritics, a lone last name.
func people(t testing.TB) []badgepdf.Badge {
	return []badgepdf.Badge{
		{ID: "A0001", FirstName: "Hélène", LastName: "Çağlar", Organisation: "Ville de Lyon", Country: "France", Category: kiosk.CategorySpeaker, Payload: sign(t, "A0001")},
		{ID: "A0002", FirstName: "Nguyễn Thị", LastName: "Ánh", Organisation: "Thành phố Đà Nẵng", Country: "Việt Nam", Category: kiosk.CategoryDelegation, Language: kiosk.English, Payload: sign(t, "A0002")},
		{ID: "A0003", FirstName: "Jean-Baptiste", LastName: "Lefèvre-Dupont de la Tour d'Auvergne", Organisation: "Cités Unies France", Country: "France", Category: kiosk.CategoryStaff, Payload: sign(t, "A0003")},
		{ID: "A0004", LastName: "Ouédraogo", Organisation: "Commune de Ouagadougou", Country: "Burkina Faso", Category: kiosk.CategoryPress, Payload: "WZ-7K3Q9P2M"},
		{ID: "A0005", FirstName: "Zoë", LastName: "Brontë", Category: kiosk.CategoryPartner, Payload: sign(t, "A0005")},
	}
}

// The badges read back: their names as text, accents intact, and their QR
// codes, decoded from a 200 dpi rendering with our own decoder, give the
// payloads, whose tokens verify with the event's public key.
func TestReadBack(t *testing.T) {
	pdftest.NeedPoppler(t)
	badges := people(t)
	reader := kiosk.NewBadgeReader(testEvent, key(t).Public())
	tests := []struct {
		layout badgepdf.Layout
		pages  int
	}{
		{badgepdf.A6, 5},
		{badgepdf.A4Sheet, 2},
	}
	for _, tt := range tests {
		t.Run(tt.layout.String(), func(t *testing.T) {
			path := writePDF(t, badges, tt.layout)
			text := pdftest.Text(t, path)
			for _, want := range []string{"Hélène", "Çağlar", "Nguyễn Thị", "Ánh", "Thành phố Đà Nẵng", "Ouédraogo",
				"Intervenant · Speaker", "Délégation · Delegation", "Presse · Press", "Organisation · Staff", "Partenaire · Partner",
				"7e Forum de l'Action", "7th Forum for Local"} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
			if n := strings.Count(text, "\f"); n != tt.pages {
				t.Errorf("%d pages, want %d", n, tt.pages)
			}
			for i, b := range badges {
				page, slot := i+1, 0
				if tt.layout == badgepdf.A4Sheet {
					page, slot = i/4+1, i%4
				}
				img := pdftest.RenderPage(t, path, page, dpi)
				x, y := slot%2*px(badgepdf.Width), slot/2*px(badgepdf.Height)
				got, err := qr.NewDecoder().DecodeImage(crop(img, image.Rect(x, y, x+px(badgepdf.Width), y+px(badgepdf.Height)+px(1))))
				if err != nil {
					t.Errorf("badge %s: %v", b.ID, err)
					continue
				}
				if got != b.Payload {
					t.Errorf("badge %s decodes to %q, want %q", b.ID, got, b.Payload)
					continue
				}
				if !strings.HasPrefix(got, kiosk.TokenPrefix) {
					continue // the outside code
				}
				if badge, v := reader.Read(got); v != "" || badge.AttendeeID != b.ID {
					t.Errorf("badge %s: token reads as %q, verdict %q", b.ID, badge.AttendeeID, v)
				}
			}
		})
	}
}

// Text of absurd length stays inside its badge: it shrinks, wraps, then
// ends in an ellipsis.
func TestNoOverflow(t *testing.T) {
	pdftest.NeedPoppler(t)
	long := strings.Repeat("Abcdéfghij", 30)
	words := strings.TrimSpace(strings.Repeat("Wolfeschlegelsteinhausen Bergerdorff ", 8))
	badges := []badgepdf.Badge{
		{ID: "L1", FirstName: long, LastName: long, Organisation: long, Country: long, Payload: sign(t, "L1")},
		{ID: "L2", FirstName: words, LastName: words, Organisation: words, Country: words, Category: kiosk.CategoryDelegation, Payload: sign(t, "L2")},
		{ID: "L3", FirstName: "Al", LastName: long, Category: kiosk.Category("vip"), Payload: maxToken(t)},
		{ID: strings.Repeat("I", 300), FirstName: "Ève", LastName: "Ng", Payload: "X"},
	}
	for _, layout := range []badgepdf.Layout{badgepdf.A6, badgepdf.A4Sheet} {
		t.Run(layout.String(), func(t *testing.T) {
			path := writePDF(t, badges, layout)
			words := pdftest.Words(t, path)
			if len(words) == 0 {
				t.Fatal("no words read back")
			}
			ellipses := 0
			for _, w := range words {
				if strings.Contains(w.Text, "…") {
					ellipses++
				}
				// The badge the word is on, by its centre.
				bx, by := 0.0, 0.0
				if layout == badgepdf.A4Sheet {
					bx = float64(int((w.XMin+w.XMax)/2/badgepdf.Width)) * badgepdf.Width
					by = 0.5 + float64(int(((w.YMin+w.YMax)/2-0.5)/badgepdf.Height))*badgepdf.Height
				}
				// Ink stays 4 mm inside the badge, clear of the cut and of
				// the edge most printers cannot reach.
				const m = 4.0
				if w.XMin < bx+m || w.XMax > bx+badgepdf.Width-m || w.YMin < by+m || w.YMax > by+badgepdf.Height-m {
					t.Errorf("word %.20q at x %.1f–%.1f, y %.1f–%.1f mm leaves its badge (%.1f, %.1f)", w.Text, w.XMin, w.XMax, w.YMin, w.YMax, bx, by)
				}
			}
			if ellipses < 5 {
				t.Errorf("%d words end in an ellipsis; want the long fields cut", ellipses)
			}
			text := pdftest.Text(t, path)
			if !strings.Contains(text, "Ève") || !strings.Contains(text, "vip") {
				t.Errorf("short fields lost among the long ones:\n%s", text)
			}
		})
	}
}

// The QR code of the longest token has modules a printer and a phone both
// handle, and a quiet zone of at least four modules that no ink enters.
func TestGeometry(t *testing.T) {
	tests := []struct{ name, payload string }{
		{"longest token", maxToken(t)},
		{"roster token", sign(t, "A0001")},
		{"outside code", "WZ-7K3Q9P2M"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := badgepdf.QRGeometry(tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d modules of %.2f mm, code %.1f mm with its quiet zone", g.Modules, g.Module, g.Side)
			if g.Module < 0.5 || g.Module > 1.0 {
				t.Errorf("module %.2f mm, want 0.5–1 mm", g.Module)
			}
			if tt.name == "longest token" && g.Module < 0.8 {
				t.Errorf("module %.2f mm for the longest token, want at least 0.8 mm on A6", g.Module)
			}
			if g.Quiet < 4 {
				t.Errorf("quiet zone %d modules, want at least 4", g.Quiet)
			}
			if want := g.Module * float64(g.Modules+2*g.Quiet); abs(g.Side-want) > 0.001 {
				t.Errorf("side %.2f mm, want %.2f", g.Side, want)
			}
			if g.X < 5 || g.X+g.Side > badgepdf.Width-5 || g.Y < 5 || g.Y+g.Side > badgepdf.Height-5 {
				t.Errorf("code at (%.1f, %.1f) %.1f mm square leaves the badge's printable area", g.X, g.Y, g.Side)
			}
			if _, err := exec.LookPath("pdftoppm"); err != nil {
				t.Skip("pdftoppm not found: install poppler-utils to check the quiet zone's pixels")
			}
			// Long text everywhere, to tempt it into the quiet zone.
			long := strings.Repeat("Wolfeschlegelsteinhausen ", 12)
			path := writePDF(t, []badgepdf.Badge{{ID: long, FirstName: long, LastName: long, Organisation: long, Country: long,
				Category: kiosk.CategorySpeaker, Payload: tt.payload}}, badgepdf.A6)
			img := pdftest.RenderPage(t, path, 1, dpi)
			outer := image.Rect(px(g.X), px(g.Y), px(g.X+g.Side), px(g.Y+g.Side))
			q := float64(g.Quiet) * g.Module
			// The code itself, give or take the pixel its smoothed edges
			// spill into.
			inner := image.Rect(px(g.X+q)-1, px(g.Y+q)-1, px(g.X+g.Side-q)+2, px(g.Y+g.Side-q)+2)
			dark := 0
			for y := outer.Min.Y; y < outer.Max.Y; y++ {
				for x := outer.Min.X; x < outer.Max.X; x++ {
					if (image.Point{x, y}).In(inner) {
						continue
					}
					if r, gg, b, _ := img.At(x, y).RGBA(); r+gg+b < 3*0xf000 {
						dark++
					}
				}
			}
			if dark > 0 {
				t.Errorf("%d ink pixels in the quiet zone", dark)
			}
			if got, err := qr.NewDecoder().DecodeImage(img); err != nil || got != tt.payload {
				t.Errorf("decoded %q, %v", got, err)
			}
		})
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func TestWriteErrors(t *testing.T) {
	good := people(t)[:1]
	tests := []struct {
		name   string
		badges []badgepdf.Badge
		layout badgepdf.Layout
		want   string
	}{
		{"no badges", nil, badgepdf.A6, "no badges"},
		{"unknown layout", good, badgepdf.Layout(7), "unknown layout"},
		{"empty payload", []badgepdf.Badge{{ID: "A9", FirstName: "Jo"}}, badgepdf.A6, `"A9"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := badgepdf.Write(io.Discard, forum, tt.badges, tt.layout)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
	if err := badgepdf.Write(io.Discard, forum, nil, badgepdf.A6); !errors.Is(err, badgepdf.ErrNoBadges) {
		t.Errorf("no badges: %v, want ErrNoBadges", err)
	}
}

// A name in a script the font lacks prints, with holes, and Missing says
// which characters: the command warns, the run goes on.
func TestMissingGlyphs(t *testing.T) {
	badges := []badgepdf.Badge{
		{ID: "C1", FirstName: "明", LastName: "王", Organisation: "北京市", Payload: sign(t, "C1")},
		{ID: "C2", FirstName: "Ana 🙂", LastName: "Silva", Payload: sign(t, "C2")},
		{ID: "C3", FirstName: "Hélène", LastName: "Çağlar", Payload: sign(t, "C3")},
	}
	tests := []struct {
		badge badgepdf.Badge
		want  string
	}{
		{badges[0], "明王北京市"},
		{badges[1], "🙂"},
		{badges[2], ""},
	}
	for _, tt := range tests {
		t.Run(tt.badge.ID, func(t *testing.T) {
			if got := string(tt.badge.Missing()); got != tt.want {
				t.Errorf("Missing() = %q, want %q", got, tt.want)
			}
		})
	}
	if err := badgepdf.Write(io.Discard, forum, badges, badgepdf.A6); err != nil {
		t.Fatal(err)
	}
}

// demoBadges is the demo event's roster, 1,500 people, with their tokens.
func demoBadges(b testing.TB) []badgepdf.Badge {
	ev, err := assets.DemoEvent()
	if err != nil {
		b.Fatal(err)
	}
	k, err := kiosk.ParsePrivateKey(ev.PrivateKey)
	if err != nil {
		b.Fatal(err)
	}
	parsed, err := roster.ReadAttendees(bytes.NewReader(assets.DemoRosterCSV()), nil)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]badgepdf.Badge, len(parsed.Attendees))
	for i, a := range parsed.Attendees {
		tok, err := k.Sign(kiosk.Token{Event: ev.ID, AttendeeID: a.ID, Issue: 1})
		if err != nil {
			b.Fatal(err)
		}
		out[i] = badgepdf.Badge{ID: a.ID, FirstName: a.FirstName, LastName: a.LastName, Organisation: a.Organisation,
			Country: a.Country, Category: a.Category, Language: a.Language, Payload: tok}
	}
	return out
}

// BenchmarkBadges prints the demo roster, 1,500 badges; the goal is under
// 10 s on the venue's laptop.
func BenchmarkBadges(b *testing.B) {
	badges := demoBadges(b)
	for _, layout := range []badgepdf.Layout{badgepdf.A6, badgepdf.A4Sheet} {
		b.Run(layout.String(), func(b *testing.B) {
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if err := badgepdf.Write(&buf, forum, badges, layout); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(len(badges)), "badges")
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}
