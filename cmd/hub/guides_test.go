package main

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/standby"
)

// guideCommands returns the command lines of a guide's ```sh blocks.
func guideCommands(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "```sh"):
			in = true
		case strings.HasPrefix(line, "```"):
			in = false
		case in && strings.TrimSpace(line) != "" && !strings.HasPrefix(strings.TrimSpace(line), "#"):
			out = append(out, line)
		}
	}
	return out
}

// splitWords splits a command line as a shell would, for the simple
// quoting the guides use.
func splitWords(s string) []string {
	var words []string
	var cur strings.Builder
	quoted, any := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any || cur.Len() > 0 {
				words = append(words, cur.String())
			}
			cur.Reset()
			any = false
		default:
			cur.WriteRune(r)
		}
	}
	if any || cur.Len() > 0 {
		words = append(words, cur.String())
	}
	return words
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The set-up sheet, followed to the letter on clean folders: every command
// it shows runs, in order, and ends with a hub, a standby copying it and
// two kiosks scanning. What needs root, a display or systemd is checked for
// what can be checked here: the Makefile's target and the units exist.
func TestSetupGuide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kiosk")
	}
	for _, lang := range []string{"en", "fr"} {
		if got, want := guideCommands(t, "../../docs/"+lang+"/setup.md"), guideCommands(t, "../../docs/en/setup.md"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("docs/%s/setup.md shows other commands than docs/en/setup.md", lang)
		}
	}
	work := t.TempDir()
	kioskBin := filepath.Join(work, "kiosk")
	if out, err := exec.Command("go", "build", "-o", kioskBin, "../kiosk").CombinedOutput(); err != nil {
		t.Fatalf("build the kiosk: %v\n%s", err, out)
	}
	roster := filepath.Join(work, "inscrits.csv")
	os.WriteFile(roster, assets.DemoRosterCSV(), 0o600)
	sessions := filepath.Join(work, "sessions.csv")
	os.WriteFile(sessions, assets.DemoCheckpointsCSV(), 0o600)
	hubAddr, standbyAddr := freePort(t), freePort(t)
	vars := map[string]string{
		"HUB": filepath.Join(work, "hub"), "HUB_LISTEN": hubAddr, "HUB_ADDR": hubAddr, "BACKUPS": t.TempDir(),
		"ROSTER": roster, "SESSIONS": sessions, "STANDBY": filepath.Join(work, "standby"), "STANDBY_ADDR": standbyAddr,
	}
	assign := regexp.MustCompile(`^([A-Z_]+)=\S+`)
	start := time.Now()
	var codes []string
	kiosks := 0
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, line := range guideCommands(t, "../../docs/en/setup.md") {
		cmd, note, _ := strings.Cut(line, "#")
		cmd = strings.TrimSpace(cmd)
		if m := assign.FindStringSubmatch(cmd); m != nil {
			if _, ok := vars[m[1]]; !ok {
				t.Fatalf("the guide sets %s, which this test does not know", m[1])
			}
			continue
		}
		// Longest names first: $HUB_ADDR is not $HUB followed by _ADDR.
		names := slices.SortedFunc(maps.Keys(vars), func(a, b string) int { return len(b) - len(a) })
		for _, k := range names {
			cmd = strings.ReplaceAll(cmd, "$"+k, vars[k])
		}
		stdin := ""
		if echo, rest, ok := strings.Cut(cmd, " | "); ok && strings.HasPrefix(echo, "echo ") {
			stdin, cmd = strings.TrimPrefix(echo, "echo ")+"\n", rest
		}
		cmd = strings.TrimPrefix(cmd, "sudo -u accueil ")
		words := splitWords(cmd)
		t.Logf("$ %s", cmd)
		switch {
		case cmd == "sudo make install":
			mk, _ := os.ReadFile("../../Makefile")
			if !strings.Contains(string(mk), "\ninstall: build") {
				t.Error("the Makefile has no install target")
			}
		case words[0] == "hub" && words[1] == "serve" && strings.Contains(note, "keeps running"):
			h := startHub(t, words[1:]...)
			if h.addr != hubAddr {
				t.Fatalf("hub serves on %s, want %s", h.addr, hubAddr)
			}
		case words[0] == "hub" && words[1] == "standby" && strings.Contains(note, "keeps running"):
			args := words[1:]
			for i, w := range args {
				if w == "CODE" {
					args[i], codes = codes[len(codes)-1], codes[:len(codes)-1]
				}
				if w == "0.0.0.0:8787" {
					args[i] = standbyAddr // one machine here: the standby on loopback
				}
			}
			m := &Main{Stdout: &syncBuffer{}, Stderr: &syncBuffer{}}
			go m.Run(ctx, args)
			deadline := time.Now().Add(20 * time.Second)
			for {
				if _, err := os.Stat(filepath.Join(vars["STANDBY"], standby.CopyFile)); err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the standby made no copy: %s", m.Stderr)
				}
				time.Sleep(50 * time.Millisecond)
			}
		case words[0] == "hub":
			var out, errOut syncBuffer
			code := (&Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}).Run(ctx, words[1:])
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", cmd, code, errOut.String())
			}
			if strings.Contains(note, "prints CODE") {
				codes = append(codes, strings.TrimSpace(out.String()))
			}
		case words[0] == "kiosk":
			// The window's command, run headless with the same flags, once
			// per code made: each a kiosk scanning a badge.
			for _, code := range codes {
				kiosks++
				args := []string{"-headless", "-data", filepath.Join(work, "kiosks", string(rune('a'+kiosks))), "-drain", "10s"}
				for _, w := range words[1:] {
					if w == "-fullscreen" {
						continue
					}
					if w == "CODE" {
						w = code
					}
					args = append(args, w)
				}
				st, err := hubstore.Open(vars["HUB"])
				if err != nil {
					t.Fatal(err)
				}
				ev, _ := st.Event(ctx)
				st.Close()
				badge, _ := ev.PrivateKey.Sign(kiosk.Token{Event: ev.ID, AttendeeID: []string{"A0031", "A0035", "A0229"}[kiosks%3], Issue: 1})
				c := exec.Command(kioskBin, args...)
				c.Stdin = strings.NewReader(badge + "\n")
				var stderr strings.Builder
				c.Stderr = &stderr
				out, err := c.Output()
				if err != nil {
					t.Fatalf("kiosk %v: %v\n%s%s", args, err, out, stderr.String())
				}
				var verdict struct{ Verdict string }
				line, _, _ := bufio.NewReader(strings.NewReader(string(out))).ReadLine()
				if err := json.Unmarshal(line, &verdict); err != nil || verdict.Verdict != "accepted" {
					t.Errorf("kiosk %d's first badge: %s", kiosks, out)
				}
			}
			codes = nil
		default:
			t.Fatalf("the guide shows a command this test does not know how to run: %s", cmd)
		}
	}
	st, err := hubstore.Open(vars["HUB"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	scans, _ := st.ScansSince(ctx, 0, 100)
	if kiosks != 2 || len(scans) != 2 {
		t.Errorf("after the guide: %d kiosks, %d scans at the hub; want 2 and 2", kiosks, len(scans))
	}
	t.Logf("set-up sheet followed in %s", time.Since(start).Round(100*time.Millisecond))
}
