package hubcmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hubstore"
)

// newHub sets up an event in a fresh data folder.
func newHub(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hub")
	if code, _, stderr := run("init", "-data", dir, "-event", "test26", "-name", "Test 2026"); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	return dir
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// lastLine is what a failing command says last: its one-line error.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestInit(t *testing.T) {
	dir := newHub(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"same event again", []string{"init", "-data", dir, "-event", "test26", "-name", "X"}, 1, `already holds event "test26"`},
		{"another event", []string{"init", "-data", dir, "-event", "other", "-name", "X"}, 1, `holds event "test26"`},
		{"bad id", []string{"init", "-data", dir + "2", "-event", "a b", "-name", "X"}, 2, "only letters"},
		{"long id", []string{"init", "-data", dir + "2", "-event", strings.Repeat("e", 200), "-name", "X"}, 2, "200 characters, at most "},
		{"no name", []string{"init", "-data", dir + "2", "-event", "e"}, 2, "-name NAME is required"},
		{"bad zone", []string{"init", "-data", dir + "2", "-event", "e", "-name", "X", "-time-zone", "Mars/Base"}, 2, "not an IANA time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != tt.code || !strings.Contains(lastLine(stderr), tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ev, err := st.Event(context.Background())
	if err != nil || ev.Name != "Test 2026" || ev.TimeZone != "Europe/Paris" || len(ev.PublicKeys) != 1 {
		t.Fatalf("event %+v, %v", ev, err)
	}
	tok, err := ev.PrivateKey.Sign(kiosk.Token{Event: ev.ID, AttendeeID: "A1", Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, v := kiosk.NewBadgeReader(ev.ID, ev.PublicKeys[0]).Read(tok); v != "" {
		t.Errorf("a badge signed with the new key reads %q", v)
	}
}

func TestImports(t *testing.T) {
	dir := newHub(t)
	good := "id;first_name;last_name;category\nA1;Awa;Diallo;speaker\nA2;Jean;Dupont;press\n"
	bad := "id,first_name,last_name,category,badge_colour\nA1,Awa,Diallo,speaker,red\nA2,Jean,Dupont,nope,blue\nA3,,,visitor,green\nA4,Léa,Martin,,\n"
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string
		stderr   []string
		imported int // attendees in the store afterwards
	}{
		{"bad rows import nothing", []string{"roster", "import", "-data", dir, writeFile(t, "bad.csv", bad)}, 1, "",
			[]string{"line 3: ", `unknown category "nope"`, "line 4: ", `unknown column "badge_colour"`, "2 bad rows", "nothing imported"}, 0},
		{"skip bad rows", []string{"roster", "import", "-data", dir, writeFile(t, "bad.csv", bad), "-skip-bad"}, 0,
			"imported 2 attendees (2 new or changed), roster version 1", []string{"line 3: ", "skipping 2 bad rows"}, 2},
		{"good file", []string{"roster", "import", "-data", dir, writeFile(t, "good.csv", good)}, 0,
			"imported 2 attendees (1 new or changed), roster version 2", nil, 3},
		{"missing file", []string{"roster", "import", "-data", dir, filepath.Join(dir, "nope.csv")}, 1, "", []string{"no such file"}, 3},
		{"not a csv", []string{"roster", "import", "-data", dir, writeFile(t, "x.csv", "PK\x03\x04zip")}, 1, "", []string{"not a CSV"}, 3},
		{"no hub", []string{"roster", "import", "-data", dir + "-nope", writeFile(t, "good.csv", good)}, 1, "", []string{"no event in", "hub init"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(tt.args...)
			if code != tt.code || strings.TrimSpace(stdout) != tt.stdout {
				t.Errorf("exit %d, stdout %q; want %d and %q (stderr %s)", code, stdout, tt.code, tt.stdout, stderr)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if tt.code != 0 && !strings.HasPrefix(lastLine(stderr), "hub: ") {
				t.Errorf("last line %q is not a hub: error", lastLine(stderr))
			}
			st, err := hubstore.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			cats, err := st.RosterIndex(context.Background())
			if err != nil || len(cats) != tt.imported {
				t.Errorf("%d attendees stored (%v), want %d", len(cats), err, tt.imported)
			}
		})
	}
	if _, err := os.Stat(dir + "-nope"); !os.IsNotExist(err) {
		t.Errorf("a command on a mistyped -data made the folder: %v", err)
	}

	cps := "id,name,kind,room,starts_at,ends_at,capacity\nentrance,Accueil,entrance,,,,\nplen,Plénière,session,Havane,2026-11-26 09:00,2026-11-26 10:30,300\n"
	code, stdout, stderr := run("checkpoints", "import", "-data", dir, writeFile(t, "cps.csv", cps))
	if code != 0 || !strings.Contains(stdout, "imported 2 checkpoints") {
		t.Fatalf("checkpoints import: exit %d, %q %s", code, stdout, stderr)
	}
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.Checkpoints(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var plen kiosk.Checkpoint
	for _, c := range list {
		if c.ID == "plen" {
			plen = c
		}
	}
	if plen.Capacity != 300 || plen.StartsAt.UTC().Format(time.RFC3339) != "2026-11-26T08:00:00Z" {
		t.Errorf("plen stored as %+v (want 09:00 Paris time, capacity 300)", plen)
	}
	badCps := "id,name,kind\nx,X,lounge\n"
	code, _, stderr = run("checkpoints", "import", "-data", dir, writeFile(t, "cps.csv", badCps))
	if code != 1 || !strings.Contains(stderr, "line 2: ") || !strings.Contains(lastLine(stderr), "nothing imported") {
		t.Errorf("bad checkpoints: exit %d, %s", code, stderr)
	}
}

func TestKiosksAndToken(t *testing.T) {
	ctx := context.Background()
	dir := newHub(t)
	code, stdout, stderr := run("kiosk", "add", "-data", dir, "door-1", "-role", "desk")
	if code != 0 {
		t.Fatalf("kiosk add: exit %d: %s", code, stderr)
	}
	if strings.Count(stdout, "\n") != 1 {
		t.Fatalf("kiosk add printed %q: want the code alone on one line", stdout)
	}
	parsed, err := enroll.Parse(stdout)
	if err != nil {
		t.Fatalf("kiosk add printed %q: %v", stdout, err)
	}
	if parsed.Hub != defaultAddr || parsed.TLS {
		t.Errorf("code without serve.json: %+v", parsed)
	}
	if !strings.Contains(stderr, "no 'hub serve' has run") || !strings.Contains(stderr, "█") {
		t.Errorf("stderr lacks the note or the QR:\n%s", stderr)
	}

	// A code follows what the last hub serve wrote.
	fp := strings.Repeat("ab", 32)
	if err := writeServeInfo(dir, serveInfo{Hub: "192.168.1.10:8787", TLS: true, Fingerprint: fp}); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ = run("kiosk", "add", "-data", dir, "-role", "organiser", "boss")
	if c, err := enroll.Parse(stdout); err != nil || c.Hub != "192.168.1.10:8787" || !c.TLS || c.Fingerprint != fp {
		t.Errorf("code %+v, %v", c, err)
	}

	// The kiosk spends its code, as the hub does on POST /api/v1/enroll.
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Enroll(ctx, enroll.HashToken(parsed.Token), "credential-hash"); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ = run("kiosk", "list", "-data", dir)
	if !strings.Contains(stdout, "NAME") || !regexpLine(stdout, "door-1", "desk", "active", "never") {
		t.Errorf("kiosk list:\n%s", stdout)
	}
	if code, _, stderr := run("kiosk", "revoke", "-data", dir, "door-1"); code != 0 {
		t.Fatalf("revoke: exit %d: %s", code, stderr)
	}
	_, stdout, _ = run("kiosk", "list", "-data", dir)
	if !regexpLine(stdout, "door-1", "desk", "revoked") {
		t.Errorf("kiosk list after revoke:\n%s", stdout)
	}
	if code, _, stderr := run("kiosk", "revoke", "-data", dir, "door-1"); code != 1 || !strings.Contains(stderr, "no active kiosk") {
		t.Errorf("revoke twice: exit %d: %s", code, stderr)
	}

	code, stdout, _ = run("token", "-data", dir)
	want, _ := st.DashboardToken(ctx)
	if code != 0 || stdout != want+"\n" || want == "" {
		t.Errorf("token printed %q, want %q", stdout, want)
	}
}

// regexpLine reports whether one line of out holds every word, in order.
func regexpLine(out string, words ...string) bool {
	for line := range strings.SplitSeq(out, "\n") {
		rest, ok := line, true
		for _, w := range words {
			i := strings.Index(rest, w)
			if i < 0 {
				ok = false
				break
			}
			rest = rest[i+len(w):]
		}
		if ok {
			return true
		}
	}
	return false
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	dir := newHub(t)
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 8, 30, 11, 400_000_000, time.UTC)
	sc := hubstore.Scan{Scan: kiosk.Scan{ID: "s1", Checkpoint: "entrance", Direction: kiosk.In, Verdict: kiosk.VerdictAccepted,
		AttendeeID: "A1", At: at}, Seq: 1}
	// door-2, offline from door-1, admitted the same badge a minute later.
	sc2 := sc
	sc2.ID, sc2.At = "s2", at.Add(time.Minute)
	if _, err := st.Ingest(ctx, []hubstore.Batch{{Kiosk: "door-1", Epoch: "e1", Scans: []hubstore.Scan{sc}},
		{Kiosk: "door-2", Epoch: "e1", Scans: []hubstore.Scan{sc2}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out := filepath.Join(t.TempDir(), "scans.csv")
	code, stdout, stderr := run("export", "-data", dir, "-out", out)
	if code != 0 || !strings.Contains(stdout, "exported 2 scans to") {
		t.Fatalf("export: exit %d: %q %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFFscan_id,kiosk,epoch,seq,checkpoint,direction,verdict,reason,attendee_id,kiosk_time,hub_time,first_at,first_kiosk,double_entry_of,undoes,")) {
		t.Errorf("export starts with %q", b[:min(len(b), 120)])
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %q, %v", rows, err)
	}
	if rows[1][13] != "" || rows[2][13] != "s1" {
		t.Errorf("double entry not marked: %q / %q", rows[1][13], rows[2][13])
	}
	r := rows[1]
	if r[0] != "s1" || r[1] != "door-1" || r[2] != "e1" || r[3] != "1" || r[6] != "accepted" || r[8] != "A1" ||
		r[9] != "2026-11-26T08:30:11.400Z" || !strings.HasSuffix(r[10], "Z") || len(r[10]) != len(r[9]) || r[11] != "" {
		t.Errorf("row %q", r)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	code, _, stderr = run("export", "-data", dir, "-out", filepath.Join(t.TempDir(), "missing", "scans.csv"))
	if code != 1 || !strings.Contains(stderr, "does not exist") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("export to a missing folder: exit %d, %q", code, stderr)
	}
}

// Every command refuses a bad command line with exit 2 and one line.
func TestBadCommandLines(t *testing.T) {
	dir := newHub(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "-data DIR is required"},
		{[]string{"serve", "-data", dir, "-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"serve", "-data", dir, "extra"}, `unexpected argument "extra"`},
		{[]string{"serve", "-data", dir, "-addr", "nowhere"}, "not host:port"},
		{[]string{"serve", "-data", dir, "-tls-cert", "c.pem"}, "-tls-cert and -tls-key go together"},
		{[]string{"serve", "-data", dir, "-public-addr", "10.0.0.1:8787"}, "loopback"},
		{[]string{"serve", "-data", dir, "-addr", "0.0.0.0:8787", "-public-addr", "a b:1"}, "-public-addr"},
		{[]string{"demo"}, "-data DIR is required"},
		{[]string{"demo", "-data", dir, "-addr", "x"}, "not host:port"},
		{[]string{"init", "-event", "e", "-name", "n"}, "-data DIR is required"},
		{[]string{"init", "-data", dir}, "an event id is required"},
		{[]string{"roster"}, "missing subcommand"},
		{[]string{"roster", "export"}, `unknown subcommand "export"`},
		{[]string{"roster", "import", "-data", dir}, "FILE.csv is required"},
		{[]string{"roster", "import", "f.csv"}, "-data DIR is required"},
		{[]string{"roster", "import", "-data", dir, "a.csv", "b.csv"}, `unexpected argument "b.csv"`},
		{[]string{"roster", "import", "-data", dir, "a.csv", "-skip-bad=maybe"}, "invalid boolean"},
		{[]string{"checkpoints", "import", "-data", dir}, "FILE.csv is required"},
		{[]string{"checkpoints", "-data", dir}, "missing subcommand"},
		{[]string{"kiosk"}, "missing subcommand"},
		{[]string{"kiosk", "remove", "x"}, `unknown subcommand "remove"`},
		{[]string{"kiosk", "add", "-data", dir}, "NAME is required"},
		{[]string{"kiosk", "add", "x"}, "-data DIR is required"},
		{[]string{"kiosk", "add", "-data", dir, "x", "-role", "boss"}, `unknown -role "boss"`},
		{[]string{"kiosk", "add", "-data", dir, strings.Repeat("k", 65)}, "use 1 to 64 printable characters"},
		{[]string{"kiosk", "add", "-data", dir, "tab\tname"}, "use 1 to 64 printable characters"},
		{[]string{"kiosk", "list"}, "-data DIR is required"},
		{[]string{"kiosk", "list", "-data", dir, "x"}, `unexpected argument "x"`},
		{[]string{"kiosk", "revoke", "-data", dir}, "NAME is required"},
		{[]string{"token"}, "-data DIR is required"},
		{[]string{"token", "-data"}, "flag needs an argument: -data"},
		{[]string{"export", "-data", dir}, "-out FILE.csv is required"},
		{[]string{"export", "-out", "x.csv"}, "-data DIR is required"},
		{[]string{"qr", "-out"}, "flag needs an argument"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(tt.args...)
			if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 ||
				!strings.HasPrefix(stderr, "hub: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and one line with %q", code, stdout, stderr, tt.want)
			}
		})
	}
	// -h is help, not a mistake.
	for _, args := range [][]string{{"serve", "-h"}, {"roster", "import", "-h"}, {"kiosk", "add", "-h"}, {"export", "-h"}, {"-h"}} {
		code, stdout, _ := run(args...)
		if code != 0 || !strings.Contains(stdout, "Usage") {
			t.Errorf("%v: exit %d, %q", args, code, stdout)
		}
	}
	_, stdout, _ := run("-h")
	for _, c := range []string{"serve", "demo", "init", "roster import", "checkpoints import", "kiosk add", "kiosk list",
		"kiosk revoke", "token", "export", "qr"} {
		if !strings.Contains(stdout, "hub "+c+" ") {
			t.Errorf("usage lacks %q", c)
		}
	}
}

func TestPurgeTwice(t *testing.T) {
	dir := newHub(t)
	for i, want := range []string{"purged the personal data of", "purged the personal data of 0 attendees"} {
		code, out, stderr := run("purge", "-data", dir)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("purge %d: exit %d, %q %s", i+1, code, out, stderr)
		}
	}
}
