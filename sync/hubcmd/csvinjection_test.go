package hubcmd

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
)

// Names that spreadsheets would run as formulas, imported through the real
// roster import and exported with the real command: no cell of the export
// or the report starts a formula, and the names still read as typed.
func TestExportNeutralisesFormulas(t *testing.T) {
	dir := newHub(t)
	hostile := []string{`=HYPERLINK("http://evil.example","Cliquez")`, "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"}
	var csvRows strings.Builder
	csvRows.WriteString("id;first_name;last_name;organisation;note\r\n")
	for i, name := range hostile {
		quoted := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		csvRows.WriteString(strings.Join([]string{"H" + string(rune('1'+i)), quoted, "Diallo", "=cmd|' /C calc'!A0", "@note"}, ";") + "\r\n")
	}
	if code, _, stderr := run("roster", "import", "-data", dir, writeFile(t, "roster.csv", csvRows.String())); code != 0 {
		t.Fatalf("roster import: %s", stderr)
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	b := hubstore.Batch{Kiosk: "=door", Epoch: "e1"}
	for i := range hostile {
		b.Scans = append(b.Scans, hubstore.Scan{Seq: int64(i + 1), Scan: kiosk.Scan{ID: "s" + string(rune('1'+i)), Checkpoint: kiosk.EntranceID,
			Direction: kiosk.In, Verdict: kiosk.VerdictAccepted, AttendeeID: "H" + string(rune('1'+i)), At: at.Add(time.Duration(i) * time.Minute)}})
	}
	// The roster import trims tabs and returns around a name, so they reach
	// the export through what a kiosk sends: its name and a refusal's
	// reason.
	b2 := hubstore.Batch{Kiosk: "\tdesk", Epoch: "\re2"}
	b2.Scans = append(b2.Scans, hubstore.Scan{Seq: 1, Scan: kiosk.Scan{ID: "-s9", Checkpoint: kiosk.EntranceID, Direction: kiosk.In,
		Verdict: kiosk.VerdictNotAllowedHere, Reason: "\rfull", AttendeeID: "H1", At: at.Add(time.Hour), FirstKiosk: "@door"}})
	if _, err := st.Ingest(context.Background(), []hubstore.Batch{b, b2}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	rows, _ := readExport(t, "-data", dir, "-out", filepath.Join(t.TempDir(), "scans.csv"))
	report := reportCSV(t, dir)
	for _, table := range [][][]string{rows, report} {
		for _, r := range table {
			for _, c := range r {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Errorf("cell %q starts a formula", c)
				}
			}
		}
	}
	var seen []string
	for _, r := range rows {
		if r[0] == "'-s9" {
			seen = r[:8]
		}
	}
	if want := []string{"'-s9", "'\tdesk", "'\re2", "1", "entrance", "in", "not_allowed_here", "'\rfull"}; strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Errorf("scan from a kiosk named with a tab: %q, want %q", seen, want)
	}
	header := rows[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	first := col("first_name")
	for i, name := range hostile {
		// The import trims spaces around a cell (tab and return included).
		want := strings.TrimSpace(name)
		if strings.ContainsRune("=+-@", rune(want[0])) {
			want = "'" + want
		}
		if got := rows[i+1][first]; got != want {
			t.Errorf("name %q exported as %q, want %q", name, got, want)
		}
	}
}
