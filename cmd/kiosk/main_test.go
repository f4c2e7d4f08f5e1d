package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
)

// The test binary doubles as the kiosk binary: tests that need a real
// process (to kill it, or to run it as another user) start themselves with
// ACCUEIL_RUN_KIOSK=1.
func TestMain(m *testing.M) {
	if os.Getenv("ACCUEIL_RUN_KIOSK") == "1" {
		main()
		return
	}
	if dir := os.Getenv("ACCUEIL_RUN_HUB"); dir != "" {
		runTestHub(dir, os.Getenv("ACCUEIL_HUB_ADDR"))
		return
	}
	os.Exit(m.Run())
}

func kioskCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "ACCUEIL_RUN_KIOSK=1")
	return cmd
}

// run runs the kiosk in-process and returns its exit status, output lines
// and standard error.
func run(t *testing.T, stdin string, args ...string) (int, []headless.Line, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code := m.Run(context.Background(), args)
	return code, parseLines(t, out.String()), errOut.String()
}

func parseLines(t *testing.T, s string) []headless.Line {
	t.Helper()
	var lines []headless.Line
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		var l headless.Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("output line %q is not JSON: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

// demoToken signs a badge of the demo event, as `hub qr` does.
func demoToken(t testing.TB, id string) string {
	t.Helper()
	ev, err := assets.DemoEvent()
	if err != nil {
		t.Fatal(err)
	}
	key, err := kiosk.ParsePrivateKey(ev.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := key.Sign(kiosk.Token{Event: ev.ID, AttendeeID: id, Issue: 1})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestHeadlessContract(t *testing.T) {
	data := t.TempDir()
	tok := demoToken(t, "A0001")
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
	tok := demoToken(t, "A0001")
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
	_, lines, _ = run(t, demoToken(t, "A0001")+"\n", "-headless", "-data", data2)
	if len(lines) != 1 || lines[0].Verdict != kiosk.VerdictUnknownBadge {
		t.Errorf("demo badge on a custom roster: %+v", lines)
	}
	_, lines, _ = run(t, demoToken(t, "X1")+"\n", "-headless", "-data", data2)
	if len(lines) != 1 || lines[0].Name != "Hélène Lefèvre" {
		t.Errorf("accents from a Windows-1252 roster: %+v", lines)
	}
}

func TestSecondProcessRefused(t *testing.T) {
	data := t.TempDir()
	first := kioskCommand(t, "-headless", "-data", data)
	stdin, err := first.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, _ := first.StdoutPipe()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); first.Wait() }()
	// Once the first kiosk has answered a scan it holds the folder.
	fmt.Fprintln(stdin, "WZ-1")
	if !bufio.NewScanner(stdout).Scan() {
		t.Fatal("first kiosk did not answer")
	}
	second := kioskCommand(t, "-headless", "-data", data)
	out, err := second.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "in use by another process") {
		t.Fatalf("second kiosk: %v, %s", err, out)
	}
	if strings.Count(strings.TrimSpace(string(out)), "\n") > 0 {
		t.Errorf("the refusal is more than one line: %s", out)
	}
}

func TestKioskPurge(t *testing.T) {
	data := t.TempDir()
	if code, _, stderr := run(t, demoToken(t, "A0001")+"\n", "-headless", "-data", data); code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"purged the personal data of 1500 attendees", "purged the personal data of 0 attendees"} {
		var out bytes.Buffer
		if code := (&Main{Stdout: &out, Stderr: io.Discard}).Run(context.Background(), []string{"-purge", "-data", data}); code != 0 || !strings.Contains(out.String(), want) {
			t.Errorf("kiosk -purge: %d %q", code, out.String())
		}
	}
	_, lines, _ := run(t, demoToken(t, "A0001")+"\n", "-headless", "-data", data)
	if len(lines) != 1 || lines[0].Name != "A0001" || lines[0].Verdict != kiosk.VerdictAlreadyCheckedIn {
		t.Errorf("after purge: %+v", lines)
	}
}
