package hubcmd

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/pdfdoc/pdftest"
	"github.com/accueil/accueil/kiosk/qr"
	"github.com/accueil/accueil/sync/hubstore"
)

// meetingHub is a hub whose General Meeting took place: members with
// votes and a proxy, check-ins at its door (one undone), an exit, and
// sessions for certificates.
func meetingHub(t *testing.T) string {
	t.Helper()
	dir := newHub(t)
	roster := "id,first_name,last_name,organisation,language,votes,proxy_for\n" +
		"M1,Anne,Martin,Ville de Lyon,fr,5,M2\n" +
		"M2,John,Smith,Nantes Métropole,en,3,\n" +
		"M3,Léa,Dubois,=cmd|' /C calc'!A0,fr,2,\n" +
		"M4,Éric,Petit,Ville de Grenoble,fr,10,\n" +
		"V1,Paul,Visiteur,,en,,\n"
	if code, _, stderr := run("roster", "import", "-data", dir, writeFile(t, "roster.csv", roster)); code != 0 {
		t.Fatalf("roster import: %s", stderr)
	}
	cps := "id,name,name_en,kind,room,starts_at,ends_at,quorum,speakers\n" +
		"entrance,Accueil,Entrance,entrance,,,,,\n" +
		"ag,Assemblée générale,General Meeting,session,Salle 352,2016-07-05 14:00,2016-07-05 16:00,1/4,M1\n" +
		"plen,Plénière,Plenary,session,Havane,2016-07-05 09:30,2016-07-05 11:00,,\n"
	if code, _, stderr := run("checkpoints", "import", "-data", dir, writeFile(t, "cps.csv", cps)); code != 0 {
		t.Fatalf("checkpoints import: %s", stderr)
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	paris, _ := time.LoadLocation("Europe/Paris")
	var seq int64
	sc := func(id, att, cp string, dir kiosk.Direction, hhmm string) hubstore.Scan {
		seq++
		at, _ := time.ParseInLocation("2006-01-02 15:04", "2016-07-05 "+hhmm, paris)
		return hubstore.Scan{Seq: seq, Scan: kiosk.Scan{ID: id, Kiosk: "door", Checkpoint: cp, Direction: dir,
			Verdict: kiosk.VerdictAccepted, AttendeeID: att, At: at}}
	}
	undo := sc("u1", "M4", "ag", kiosk.Out, "14:20")
	undo.Reason, undo.Undoes = kiosk.ReasonUndo, "s6"
	if _, err := st.Ingest(context.Background(), []hubstore.Batch{{Kiosk: "door", Epoch: "e", Scans: []hubstore.Scan{
		sc("s1", "M1", "entrance", kiosk.In, "09:02"),
		sc("s2", "M1", "plen", kiosk.In, "09:31"),
		sc("s3", "M1", "plen", kiosk.Out, "10:59"),
		sc("s4", "M1", "ag", kiosk.In, "14:05"),
		sc("s5", "M1", "ag", kiosk.Out, "15:10"), // leaves: still present, still holds M2's proxy
		sc("s6", "M4", "ag", kiosk.In, "14:15"),  // undone: counts for nothing
		undo,
		sc("s7", "M3", "ag", kiosk.In, "14:42"),
		sc("s8", "V1", "plen", kiosk.In, "09:40"), // no scan out: to the session's end
	}}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAttendanceSheet(t *testing.T) {
	dir := meetingHub(t)
	out := filepath.Join(t.TempDir(), "ag.csv")
	code, stdout, stderr := run("export", "-data", dir, "-sheet", "ag", "-out", out)
	if code != 0 || !strings.Contains(stdout, "4 voting members, 2 present with 7 votes, 1 represented with 3 votes, 5 required") {
		t.Fatalf("exit %d: %q %s", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"attendee_id", "first_name", "last_name", "organisation", "votes", "status", "first_at", "proxy_holder_id", "proxy_holder_name"},
		{"M3", "Léa", "Dubois", "'=cmd|' /C calc'!A0", "2", "present", "2016-07-05 14:42", "", ""},
		{"M1", "Anne", "Martin", "Ville de Lyon", "5", "present", "2016-07-05 14:05", "", ""},
		{"M4", "Éric", "Petit", "Ville de Grenoble", "10", "absent", "", "", ""},
		{"M2", "John", "Smith", "Nantes Métropole", "3", "represented", "", "M1", "Anne Martin"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}

	pdftest.NeedPoppler(t)
	for _, tc := range []struct{ lang, want string }{
		{"fr", "Quorum atteint à 14:05"},
		{"en", "Quorum reached at 14:05"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			pdf := filepath.Join(t.TempDir(), "ag.pdf")
			if code, stdout, stderr := run("export", "-data", dir, "-sheet", "ag", "-out", pdf, "-lang", tc.lang); code != 0 {
				t.Fatalf("exit %d: %q %s", code, stdout, stderr)
			}
			text := strings.Join(strings.Fields(pdftest.Text(t, pdf)), " ")
			for _, w := range []string{tc.want, "Anne Martin", "Nantes Métropole", "Dubois"} {
				if !strings.Contains(text, w) {
					t.Errorf("sheet lacks %q:\n%s", w, text)
				}
			}
			if tc.lang == "fr" {
				for _, w := range []string{"Représenté·e par Anne Martin", "Présent·e à 14:42", "Absent·e", "1/4 des voix, soit 5 voix sur 20",
					"Le ou la président·e de séance", "2 membres, 7 voix"} {
					if !strings.Contains(text, w) {
						t.Errorf("French sheet lacks %q:\n%s", w, text)
					}
				}
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown checkpoint", []string{"-sheet", "nope", "-out", out}, 1, `unknown checkpoint "nope" (meetings: ag)`},
		{"not a meeting", []string{"-sheet", "plen", "-out", out}, 1, `checkpoint "plen" has no quorum`},
		{"other extension", []string{"-sheet", "ag", "-out", filepath.Join(t.TempDir(), "ag.xlsx")}, 2, `not ".xlsx"`},
		{"no -out", []string{"-sheet", "ag"}, 2, "-out FILE.pdf or FILE.csv is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(append([]string{"export", "-data", dir}, tc.args...)...)
			if code != tc.code || !strings.Contains(lastLine(stderr), tc.want) {
				t.Errorf("exit %d, %q; want %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

func TestSpeakersCheckedOnImport(t *testing.T) {
	dir := meetingHub(t)
	cps := "id,name,kind,speakers\nplen,Plénière,session,M1 X9\n"
	code, _, stderr := run("checkpoints", "import", "-data", dir, writeFile(t, "cps.csv", cps))
	if code != 1 || !strings.Contains(stderr, `line 2: column speakers: "X9" is not on the roster`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestCertificates(t *testing.T) {
	dir := meetingHub(t)
	out := filepath.Join(t.TempDir(), "new", "certs") // made when missing
	code, stdout, stderr := run("certificates", "-data", dir, "-out", out)
	if code != 0 || !strings.Contains(stdout, "wrote 3 certificates") {
		t.Fatalf("exit %d: %q %s", code, stdout, stderr)
	}
	// M2 was never admitted (only represented), M4's one check-in was undone.
	var names []string
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "M1.pdf M3.pdf V1.pdf" {
		t.Errorf("certificates: %v", names)
	}
	code, stdout, stderr = run("certificates", "-data", dir, "-out", out, "-id", "M2", "-id", "M4", "-id", "V1", "-lang", "auto")
	if code != 0 || !strings.Contains(stdout, "wrote 1 certificate") || !strings.Contains(stderr, "no certificate for M2: never admitted") ||
		!strings.Contains(stderr, "no certificate for M4") {
		t.Errorf("-id: exit %d: %q %s", code, stdout, stderr)
	}
	if code, _, stderr := run("certificates", "-data", dir, "-out", out, "-id", "X9"); code != 1 || !strings.Contains(stderr, `no attendee "X9"`) {
		t.Errorf("unknown id: exit %d: %s", code, stderr)
	}

	pdftest.NeedPoppler(t)
	text := strings.Join(strings.Fields(pdftest.Text(t, filepath.Join(out, "M1.pdf"))), " ")
	for _, w := range []string{"Attestation de présence", "Anne Martin", "Ville de Lyon", "Test 2026", "le mardi 5 juillet 2016",
		"Plénière", "09:31 – 10:59", "1 h 28", "Assemblée générale", "14:05 – 15:10", "1 h 05", "Durée totale des sessions", "2 h 33"} {
		if !strings.Contains(text, w) {
			t.Errorf("certificate lacks %q:\n%s", w, text)
		}
	}
	// -lang auto: V1 asked for English; no scan out, so to the session's end.
	text = strings.Join(strings.Fields(pdftest.Text(t, filepath.Join(out, "V1.pdf"))), " ")
	for _, w := range []string{"Certificate of attendance", "Paul Visiteur", "on Tuesday 5 July 2016", "Plenary", "09:40 – 11:00", "1 h 20 min"} {
		if !strings.Contains(text, w) {
			t.Errorf("English certificate lacks %q:\n%s", w, text)
		}
	}

	// The QR code, read off the printed page by the kiosks' own decoder,
	// holds a statement hub certificates verify accepts.
	payload, err := qr.Decode(pdftest.RenderPage(t, filepath.Join(out, "M1.pdf"), 1, 200))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run("certificates", "verify", "-data", dir, payload)
	if code != 0 || stdout != "valid\n" || !strings.Contains(stderr, "Anne Martin (M1)") || !strings.Contains(stderr, "2 sessions 153 min") {
		t.Errorf("verify: exit %d, %q %s", code, stdout, stderr)
	}
	changed := []byte(payload)
	changed[len(payload)/3] ^= 1
	for _, tc := range []struct{ name, payload, want string }{
		{"changed", string(changed), "invalid: "},
		{"a badge", "AC1:ABCDEF", "invalid: not an Accueil certificate"},
		{"cut short", payload[:40], "invalid: unreadable payload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run("certificates", "verify", "-data", dir, tc.payload)
			if code != 1 || !strings.HasPrefix(stdout, tc.want) || strings.Count(stdout, "\n") != 1 {
				t.Errorf("exit %d, %q %s; want 1 and %q", code, stdout, stderr, tc.want)
			}
		})
	}
}

// After hub purge, nothing naming people is made any more.
func TestPurgeEndsSheetsAndCertificates(t *testing.T) {
	dir := meetingHub(t)
	if code, _, stderr := run("purge", "-data", dir); code != 0 {
		t.Fatal(stderr)
	}
	for _, args := range [][]string{
		{"export", "-data", dir, "-sheet", "ag", "-out", filepath.Join(t.TempDir(), "ag.pdf")},
		{"certificates", "-data", dir, "-out", t.TempDir()},
	} {
		code, _, stderr := run(args...)
		if code != 1 || !strings.Contains(stderr, "personal data purged") {
			t.Errorf("%s after purge: exit %d, %s", args[0], code, stderr)
		}
	}
}
