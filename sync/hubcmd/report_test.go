package hubcmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/accueil/accueil/kiosk/pdfdoc/pdftest"

	"github.com/accueil/accueil/sync/hubstore"
)

// reportCSV runs hub export -report to a CSV file and returns its rows.
func reportCSV(t *testing.T, dir string, args ...string) [][]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.csv")
	code, stdout, stderr := run(append([]string{"export", "-data", dir, "-report", "-out", out}, args...)...)
	if code != 0 || !strings.Contains(stdout, "wrote the attendance report (CSV") {
		t.Fatalf("report: exit %d: %q %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Errorf("no BOM")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// row finds the first row starting with the given cells.
func row(rows [][]string, start ...string) []string {
	for _, r := range rows {
		if len(r) >= len(start) && strings.Join(r[:len(start)], "\x00") == strings.Join(start, "\x00") {
			return r
		}
	}
	return nil
}

func TestReportCSV(t *testing.T) {
	dir := exportHub(t)
	fr := reportCSV(t, dir)
	en := reportCSV(t, dir, "-lang", "en")
	tests := []struct {
		name  string
		rows  [][]string
		start []string
		want  string // the whole row, joined by |
	}{
		{"title", fr, []string{"Rapport de fréquentation"}, "Rapport de fréquentation"},
		{"event", fr, []string{"Événement"}, "Événement|Forum 2026"},
		{"registered", fr, []string{"Inscrits"}, "Inscrits|2"},
		{"attended", fr, []string{"Personnes venues (admises à l’accueil au moins une fois)"}, "Personnes venues (admises à l’accueil au moins une fois)|1"},
		{"rate", fr, []string{"Taux de présence"}, "Taux de présence|50,0\u00a0%"},
		{"doubles", fr, []string{"Doubles entrées"}, "Doubles entrées|1"},
		{"day", fr, []string{"2026-11-26"}, "2026-11-26|1|1|09:30|2|1|1"},
		{"category", fr, []string{"Délégation"}, "Délégation|1|1|1|100,0\u00a0%"},
		{"speaker", fr, []string{"Intervenant"}, "Intervenant|1|0|0|0,0\u00a0%"},
		{"session", fr, []string{"2026-11-26", "plen"},
			"2026-11-26|plen|Plénière d'ouverture|Amphithéâtre Havane|2026-11-26 10:30|2026-11-26 12:00|700|2|2|0|2|2026-11-26 10:31|0,3\u00a0%|0|0|0|0|0|0|0|0|0|0|0|0|0"},
		{"entrance", fr, []string{"2026-11-26", "entrance"},
			"2026-11-26|entrance|Accueil|||||1|2|0|1|2026-11-26 09:30||1|1|0|1|0|0|0|0|0|0|0|0|0"},
		{"english title", en, []string{"Attendance report"}, "Attendance report"},
		{"english rate", en, []string{"Attendance rate"}, "Attendance rate|50.0%"},
		{"english session", en, []string{"2026-11-26", "plen"},
			"2026-11-26|plen|Opening plenary|Amphithéâtre Havane|2026-11-26 10:30|2026-11-26 12:00|700|2|2|0|2|2026-11-26 10:31|0.3%|0|0|0|0|0|0|0|0|0|0|0|0|0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := row(tt.rows, tt.start...)
			if got := strings.Join(r, "|"); got != tt.want {
				t.Errorf("row\n got %q\nwant %q", got, tt.want)
			}
		})
	}
	// Funders get counts: no name, organisation or id of the roster.
	for _, r := range fr {
		line := strings.Join(r, "|")
		for _, personal := range []string{"Hélène", "Lefèvre", "Cités Unies", "A1", "Éléonore"} {
			if strings.Contains(line, personal) {
				t.Errorf("the report names %q: %q", personal, line)
			}
		}
	}
}

// pdfText is the text of a PDF, as pdftotext reads it keeping the layout.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	pdftest.NeedPoppler(t)
	return pdftest.Text(t, path, "-layout")
}

func TestReportPDF(t *testing.T) {
	dir := exportHub(t)
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"fr", []string{"Rapport de fréquentation", "Forum 2026", "Plénière d'ouverture", "Amphithéâtre", "jeudi 26 novembre 2026",
			"Europe/Paris", "Synthèse", "Taux de présence", "50,0 %", "Délégation", "Doubles entrées", "page 1 / ", "aucun nom", "badge inconnu"}},
		{"en", []string{"Attendance report", "Opening plenary", "Thursday 26 November 2026", "50.0%", "Delegation", "page 1 of ", "unknown badge"}},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.pdf")
			code, stdout, stderr := run("export", "-data", dir, "-report", "-out", out, "-lang", tt.lang)
			if code != 0 || !strings.Contains(stdout, "(PDF, ") {
				t.Fatalf("exit %d: %q %s", code, stdout, stderr)
			}
			text := pdfText(t, out)
			flat := strings.Join(strings.Fields(strings.ReplaceAll(text, "\u00a0", " ")), " ")
			for _, w := range tt.want {
				if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) && !strings.Contains(text, w) {
					t.Errorf("the PDF lacks %q:\n%s", w, text)
				}
			}
			// The session's line: capacity 700, 2 admitted, peak 2 at 10:31.
			if !strings.Contains(flat, "700 2 2 (10:31)") {
				t.Errorf("the session's figures are not in the PDF:\n%s", text)
			}
		})
	}
}

// The demo event's report spans pages: each repeats the table's header and
// carries its number. ACCUEIL_REPORT_PDF=FILE keeps the PDF to look at.
func TestReportDemoPages(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "hub")
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := &Main{Stdout: new(bytes.Buffer), Stderr: new(bytes.Buffer)}
	if _, err := m.setUpDemo(ctx, st, dir); err != nil {
		t.Fatal(err)
	}
	if err := fillScans(ctx, st, 8000, rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out := filepath.Join(t.TempDir(), "report.pdf")
	if keep := os.Getenv("ACCUEIL_REPORT_PDF"); keep != "" {
		out = keep
	}
	code, stdout, stderr := run("export", "-data", dir, "-report", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	text := pdfText(t, out)
	pages := strings.Split(text, "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	if len(pages) < 2 || !strings.Contains(stdout, "PDF, "+plural(len(pages), "page")) {
		t.Fatalf("%d pages (%s)", len(pages), stdout)
	}
	for i, p := range pages {
		if !strings.Contains(p, "page "+strconv.Itoa(i+1)+" / "+strconv.Itoa(len(pages))) {
			t.Errorf("page %d is not numbered", i+1)
		}
	}
	var withHeader int
	for _, p := range pages {
		if strings.Contains(p, "Session / point de contrôle") {
			withHeader++
		}
	}
	if withHeader < 2 {
		t.Errorf("the sessions' header shows on %d pages, want it repeated", withHeader)
	}
	for _, w := range []string{"Aménagement durable des", "Focus pays : Haïti", "Salle 342 B", "Espace Havane"} {
		if !strings.Contains(text, w) {
			t.Errorf("the demo report lacks %q", w)
		}
	}
}
