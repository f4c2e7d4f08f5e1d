package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/app/apptest"
	"github.com/accueil/accueil/kiosk/headless"
)

// run runs the kiosk in-process and returns its exit status, output lines
// and standard error.
func run(t *testing.T, stdin string, args ...string) (int, []headless.Line, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code := m.Run(context.Background(), args)
	return code, apptest.ParseLines(t, out.String()), errOut.String()
}

func TestHeadlessContract(t *testing.T) {
	data := t.TempDir()
	tok := apptest.DemoToken(t, "A0001")
	input := strings.Join([]string{tok, tok, "", "WZ-NOBODY", "\x00\x01binary", "AC1:AAAA", "x'; DROP TABLE scans;--"}, "\n") + "\n"
	code, lines, stderr := run(t, input, "-headless", "-data", data, "-name", "entrance-1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []struct {
		verdict kiosk.Verdict
		repeat  bool
	}{
		{kiosk.VerdictAccepted, false},
		{kiosk.VerdictAccepted, true},
		{kiosk.VerdictUnreadable, false},
		{kiosk.VerdictUnknownBadge, false},
		{kiosk.VerdictUnreadable, false},
		{kiosk.VerdictUnreadable, false},
		{kiosk.VerdictUnknownBadge, false},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines for %d scans: %+v", len(lines), len(want), lines)
	}
	for i, w := range want {
		l := lines[i]
		if l.Verdict != w.verdict || l.Repeat != w.repeat {
			t.Errorf("line %d: %s repeat=%v, want %s repeat=%v", i+1, l.Verdict, l.Repeat, w.verdict, w.repeat)
		}
		if l.Checkpoint != "entrance" || l.Direction != kiosk.In || l.Kiosk != "entrance-1" || l.ScanID == "" {
			t.Errorf("line %d lacks contract fields: %+v", i+1, l)
		}
		if _, err := time.Parse(time.RFC3339, l.At); err != nil {
			t.Errorf("line %d: at %q is not RFC 3339", i+1, l.At)
		}
	}
	if lines[0].Name != "Médéric PETIT" || lines[0].AttendeeID != "A0001" {
		t.Errorf("first line names %q (%s)", lines[0].Name, lines[0].AttendeeID)
	}

	// A second run on the same folder keeps the history: the badge is
	// already checked in, naming the first kiosk and time.
	code, lines, stderr = run(t, tok+"\n", "-headless", "-data", data)
	if code != 0 || len(lines) != 1 {
		t.Fatalf("second run: exit %d, %d lines: %s", code, len(lines), stderr)
	}
	if l := lines[0]; l.Verdict != kiosk.VerdictAlreadyCheckedIn || l.FirstKiosk != "entrance-1" || l.FirstAt == "" || l.Kiosk != "entrance-1" {
		t.Errorf("second run: %+v", l)
	}
}

func TestHeadlessCheckpointAndDirection(t *testing.T) {
	data := t.TempDir()
	tok := apptest.DemoToken(t, "A0001")
	if code, lines, stderr := run(t, tok+"\n", "-headless", "-data", data, "-direction", "out"); code != 0 || lines[0].Verdict != kiosk.VerdictAccepted || lines[0].Direction != kiosk.Out {
		t.Fatalf("exit scan: %d %+v %s", code, lines, stderr)
	}
	code, _, stderr := run(t, "", "-headless", "-data", data, "-checkpoint", "nowhere")
	if code != exitUsage || !strings.Contains(stderr, `unknown checkpoint`) || !strings.Contains(stderr, "ag-cuf") {
		t.Errorf("unknown checkpoint: exit %d, %q", code, stderr)
	}
}

func TestBadCommandLines(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"-h"}, exitOK, "Usage"},
		{"unknown flag", []string{"-frobnicate"}, exitUsage, "flag provided but not defined"},
		{"bad direction", []string{"-headless", "-direction", "sideways"}, exitUsage, "unknown direction"},
		{"stray argument", []string{"-headless", "extra"}, exitUsage, "unexpected argument"},
		{"missing roster", []string{"-headless", "-data", "DATA", "-roster", "/nonexistent/roster.csv"}, exitFailure, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, a := range tt.args {
				if a == "DATA" {
					tt.args[i] = t.TempDir()
				}
			}
			code, _, stderr := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
			if strings.Contains(stderr, "goroutine ") {
				t.Errorf("stack trace on bad input: %s", stderr)
			}
		})
	}
	var out bytes.Buffer
	if code := (&Main{Stdout: &out, Stderr: io.Discard}).Run(context.Background(), []string{"-version"}); code != 0 || !strings.HasPrefix(out.String(), "kiosk "+kiosk.Version) {
		t.Errorf("-version: %d %q", code, out.String())
	}
}

func TestRosterFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	// A French spreadsheet export: semicolons, Windows-1252, CRLF.
	latin1 := "id;Prénom;first name;last name;category\r\nX1;;H\xe9l\xe8ne;Lef\xe8vre;speaker\r\n"
	if err := os.WriteFile(good, []byte(latin1), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("id,first_name,last_name,category\nY1,Awa,Diallo,visitor\nY2,,,\nY3,Ana,Lima,astronaut\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	code, _, stderr := run(t, "", "-headless", "-data", data, "-roster", bad)
	if code != exitFailure || !strings.Contains(stderr, "line 3") || !strings.Contains(stderr, "line 4") || !strings.Contains(stderr, "nothing was imported") {
		t.Fatalf("bad roster: exit %d, %q", code, stderr)
	}
	code, lines, stderr := run(t, "Y1\n", "-headless", "-data", data, "-roster", bad, "-skip-bad")
	if code != 0 {
		t.Fatalf("-skip-bad: exit %d, %s", code, stderr)
	}
	_ = lines
	code, _, stderr = run(t, "", "-headless", "-data", data, "-roster", good)
	if code != 0 {
		t.Fatalf("French export: exit %d, %s", code, stderr)
	}
	data2 := t.TempDir()
	if code, _, stderr := run(t, "", "-headless", "-data", data2, "-roster", good); code != 0 {
		t.Fatalf("roster on a fresh folder: exit %d, %s", code, stderr)
	}
	// A badge of the demo roster is unknown: the file replaced the demo roster.
	_, lines, _ = run(t, apptest.DemoToken(t, "A0001")+"\n", "-headless", "-data", data2)
	if len(lines) != 1 || lines[0].Verdict != kiosk.VerdictUnknownBadge {
		t.Errorf("demo badge on a custom roster: %+v", lines)
	}
	_, lines, _ = run(t, apptest.DemoToken(t, "X1")+"\n", "-headless", "-data", data2)
	if len(lines) != 1 || lines[0].Name != "Hélène Lefèvre" {
		t.Errorf("accents from a Windows-1252 roster: %+v", lines)
	}
}

func TestKioskPurge(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := run(t, apptest.DemoToken(t, "A0001")+"\n", "-headless", "-data", data); code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"purged the personal data of 1500 attendees", "purged the personal data of 0 attendees"} {
		var out bytes.Buffer
		if code := (&Main{Stdout: &out, Stderr: io.Discard}).Run(context.Background(), []string{"-purge", "-data", data}); code != 0 || !strings.Contains(out.String(), want) {
			t.Errorf("kiosk -purge: %d %q", code, out.String())
		}
	}
	_, lines, _ := run(t, apptest.DemoToken(t, "A0001")+"\n", "-headless", "-data", data)
	if len(lines) != 1 || lines[0].Name != "A0001" || lines[0].Verdict != kiosk.VerdictAlreadyCheckedIn {
		t.Errorf("after purge: %+v", lines)
	}
}
