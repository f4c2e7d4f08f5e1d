package hubcmd

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/badgepdf"
	"github.com/accueil/accueil/kiosk/pdfdoc/pdftest"
	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/sync/hubstore"
)

// badgeRoster has the names a French event prints, one far too long and
// one in a script the embedded font lacks.
var badgeRoster = "id;first_name;last_name;organisation;category;country;language\n" +
	"A1;Hélène;Çağlar;Ville de Lyon;speaker;France;fr\n" +
	"A2;Nguyễn Thị;Ánh;Thành phố Đà Nẵng;delegation;Việt Nam;en\n" +
	"A3;" + strings.Repeat("Bartholomé", 30) + ";" + strings.Repeat("Lefèvre ", 37) + "X;" + strings.Repeat("Cités Unies ", 25) + ";partner;France;fr\n" +
	"A4;明;王;北京市;press;中国;en\n"

// badgeHub is a hub with badgeRoster imported.
func badgeHub(t *testing.T) string {
	t.Helper()
	dir := newHub(t)
	if code, _, stderr := run("roster", "import", "-data", dir, writeFile(t, "roster.csv", badgeRoster)); code != 0 {
		t.Fatalf("roster import: exit %d: %s", code, stderr)
	}
	return dir
}

func TestBadges(t *testing.T) {
	dir := badgeHub(t)
	empty := newHub(t)
	outDir := t.TempDir()
	out := func(name string) string { return filepath.Join(outDir, name) }
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string   // the summary
		stderr []string // in this order... or anywhere: each must appear
		file   string   // written, or must not be
	}{
		{"whole roster", []string{"-data", dir, "-out", out("all.pdf")}, 0,
			"4 badges on 4 A6 pages written to " + out("all.pdf"),
			[]string{"A4 (明 王): the font lacks", "U+738B"}, out("all.pdf")},
		{"chosen, on A4", []string{"-data", dir, "-out", out("two.pdf"), "-id", "A2", "-id", "A1", "-layout", "a4"}, 0,
			"2 badges on 1 A4 page written to " + out("two.pdf"), nil, out("two.pdf")},
		{"unknown ids", []string{"-data", dir, "-out", out("none.pdf"), "-id", "A1", "-id", "Z9", "-id", "Z8"}, 1, "",
			[]string{"no attendee with id Z9, Z8"}, ""},
		{"missing folder", []string{"-data", dir, "-out", filepath.Join(outDir, "nope", "b.pdf")}, 1, "",
			[]string{"folder " + filepath.Join(outDir, "nope") + " does not exist"}, ""},
		{"empty roster", []string{"-data", empty, "-out", out("empty.pdf")}, 1, "",
			[]string{"roster of " + empty + " is empty", "nothing written"}, ""},
		{"no -out", []string{"-data", dir}, 2, "", []string{"-out FILE.pdf is required"}, ""},
		{"bad layout", []string{"-data", dir, "-out", out("x.pdf"), "-layout", "a5"}, 2, "", []string{`-layout "a5": want a6 or a4`}, ""},
		{"no hub", []string{"-data", dir + "-nope", "-out", out("x.pdf")}, 1, "", []string{"no event in"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadDir(outDir)
			code, stdout, stderr := run(append([]string{"badges"}, tt.args...)...)
			if code != tt.code || strings.TrimSpace(stdout) != tt.stdout {
				t.Errorf("exit %d, stdout %q; want %d and %q (stderr %s)", code, stdout, tt.code, tt.stdout, stderr)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if tt.code != 0 {
				if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "hub: ") {
					t.Errorf("stderr is not one hub: line:\n%s", stderr)
				}
				if after, _ := os.ReadDir(outDir); len(after) != len(before) {
					t.Errorf("a failed run left files: %v", after)
				}
			}
			if tt.file != "" {
				if fi, err := os.Stat(tt.file); err != nil || fi.Size() < 1000 {
					t.Errorf("%s: %v", tt.file, err)
				}
			}
		})
	}
}

// The PDFs read back: names as text, accents intact, inside the page; each
// QR code, rendered at 200 dpi and read with our decoder, is a token the
// event's public key verifies, for the attendee whose name is beside it.
func TestBadgesReadBack(t *testing.T) {
	pdftest.NeedPoppler(t)
	dir := badgeHub(t)
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := st.Event(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := kiosk.ParsePublicKey(ev.PublicKeys[0].String())
	if err != nil {
		t.Fatal(err)
	}
	reader := kiosk.NewBadgeReader(ev.ID, pub)
	tests := []struct {
		layout string
		ids    []string // in page order: the roster is sorted by last name
		slots  int
	}{
		{"a6", []string{"A2", "A1", "A3", "A4"}, 1},
		{"a4", []string{"A2", "A1", "A3", "A4"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "badges.pdf")
			if code, _, stderr := run("badges", "-data", dir, "-out", path, "-layout", tt.layout); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			text := pdftest.Text(t, path)
			for _, want := range []string{"Hélène", "Çağlar", "Nguyễn Thị", "Ánh", "Thành phố Đà Nẵng", "Test 2026",
				"Intervenant · Speaker", "Délégation · Delegation", "Partenaire · Partner", "Presse · Press", "…"} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
			pageW, pageH := badgepdf.Width, badgepdf.Height
			if tt.slots == 4 {
				pageW, pageH = 210, 297
			}
			for _, w := range pdftest.Words(t, path) {
				if w.XMin < 4 || w.XMax > pageW-4 || w.YMin < 0 || w.YMax > pageH {
					t.Errorf("a word at x %.1f–%.1f, y %.1f–%.1f mm overflows the %.0f×%.0f mm page", w.XMin, w.XMax, w.YMin, w.YMax, pageW, pageH)
				}
			}
			for i, id := range tt.ids {
				page, slot := i/tt.slots+1, i%tt.slots
				img := pdftest.RenderPage(t, path, page, 200)
				dpmm := 200 / 25.4
				x0, y0 := int(float64(slot%2)*badgepdf.Width*dpmm), int(float64(slot/2)*badgepdf.Height*dpmm)
				sub := img.(interface {
					SubImage(image.Rectangle) image.Image
				}).SubImage(image.Rect(x0, y0, x0+int(badgepdf.Width*dpmm), y0+int((badgepdf.Height+1)*dpmm)))
				payload, err := qr.NewDecoder().DecodeImage(sub)
				if err != nil {
					t.Errorf("badge %d (%s): %v", i+1, id, err)
					continue
				}
				if b, v := reader.Read(payload); v != "" || b.AttendeeID != id || b.Issue != 1 {
					t.Errorf("badge %d: token for %q issue %d, verdict %q; want %s, issue 1", i+1, b.AttendeeID, b.Issue, v, id)
				}
			}
		})
	}
}

// A badge reported lost is revoked on its own: the reprint is the next
// issue. An attendee whose every badge is revoked gets none.
func TestBadgesAfterRevocation(t *testing.T) {
	pdftest.NeedPoppler(t)
	dir := badgeHub(t)
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, r := range []hubstore.Revocation{{AttendeeID: "A1", Issue: 1, Reason: "lost"}, {AttendeeID: "A2", Issue: 0, Reason: "banned"}} {
		if _, err := st.Revoke(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	ev, err := st.Event(ctx)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "b.pdf")
	code, stdout, stderr := run("badges", "-data", dir, "-out", path, "-id", "A1", "-id", "A2")
	if code != 0 || !strings.Contains(stdout, "1 badge on 1 A6 page") || !strings.Contains(stderr, "A2 (Nguyễn Thị Ánh): every badge revoked") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	payload, err := qr.NewDecoder().DecodeImage(pdftest.RenderPage(t, path, 1, 200))
	if err != nil {
		t.Fatal(err)
	}
	if b, v := kiosk.NewBadgeReader(ev.ID, ev.PublicKeys...).Read(payload); v != "" || b.AttendeeID != "A1" || b.Issue != 2 {
		t.Errorf("reprint is %+v, verdict %q; want A1 issue 2", b, v)
	}
	if code, _, stderr := run("badges", "-data", dir, "-out", path, "-id", "A2"); code != 1 || !strings.Contains(stderr, "no badge left") {
		t.Errorf("only a revoked attendee: exit %d, %s", code, stderr)
	}
}

// The demo event prints its venue, its English name for English speakers,
// and its days as the checkpoints have them.
func TestBadgesDemo(t *testing.T) {
	pdftest.NeedPoppler(t)
	dir := t.TempDir()
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := &Main{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}}
	if _, err := m.setUpDemo(context.Background(), st, dir); err != nil {
		t.Fatal(err)
	}
	st.Close()
	path := filepath.Join(t.TempDir(), "demo.pdf")
	code, stdout, stderr := run("badges", "-data", dir, "-out", path, "-layout", "a4")
	if code != 0 || !strings.Contains(stdout, "1500 badges on 375 A4 pages") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	text := pdftest.Text(t, path)
	today := badgepdf.Dates(time.Now(), time.Now(), kiosk.French)
	todayEN := badgepdf.Dates(time.Now(), time.Now(), kiosk.English)
	for _, want := range []string{"Palais des Congrès de Paris", "7th Forum for Local Authorities", "7e Forum de l'Action",
		strings.Fields(today)[1], strings.Fields(todayEN)[1]} {
		if !strings.Contains(text, want) {
			t.Errorf("demo badges lack %q", want)
		}
	}
}
