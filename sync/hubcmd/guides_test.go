package hubcmd

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
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

// guide follows a guide's commands in order, in-process for the hub's,
// keeping what they made: the folders, the codes printed, what serves.
type guide struct {
	t        *testing.T
	ctx      context.Context
	work     string
	kioskBin string
	vars     map[string]string
	codes    []string
	kiosks   int
	hub      running     // the hub serving, as the guides started it
	standby  chan string // the standby's address once it serves (promoted)
	stopSby  context.CancelFunc
	standbyA string
}

func newGuide(t *testing.T) *guide {
	work := t.TempDir()
	g := &guide{t: t, work: work, kioskBin: filepath.Join(work, "kiosk"), standby: make(chan string, 1)}
	if out, err := exec.Command("go", "build", "-o", g.kioskBin, "../../cmd/kiosk").CombinedOutput(); err != nil {
		t.Fatalf("build the kiosk: %v\n%s", err, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	g.ctx = ctx
	roster := filepath.Join(work, "inscrits.csv")
	os.WriteFile(roster, assets.DemoRosterCSV(), 0o600)
	sessions := filepath.Join(work, "sessions.csv")
	os.WriteFile(sessions, assets.DemoCheckpointsCSV(), 0o600)
	hubAddr := freePort(t)
	g.standbyA = freePort(t)
	g.vars = map[string]string{
		"HUB": filepath.Join(work, "hub"), "HUB_LISTEN": hubAddr, "HUB_ADDR": hubAddr, "BACKUPS": t.TempDir(),
		"ROSTER": roster, "SESSIONS": sessions, "STANDBY": filepath.Join(work, "standby"), "STANDBY_ADDR": g.standbyA,
		"NEWHUB": filepath.Join(work, "newhub"), "EXPORTS": t.TempDir(),
	}
	return g
}

// sameCommands checks that the French guide shows the English one's commands.
func sameCommands(t *testing.T, name string) {
	if got, want := guideCommands(t, "../../docs/fr/"+name), guideCommands(t, "../../docs/en/"+name); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("docs/fr/%s shows other commands than docs/en/%s:\n%s\n---\n%s", name, name, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// badge signs a badge of the hub in folder dir for attendee id.
func (g *guide) badge(dir, id string, issue int) string {
	st, err := hubstore.Open(dir)
	if err != nil {
		g.t.Fatal(err)
	}
	defer st.Close()
	ev, _ := st.Event(g.ctx)
	b, err := ev.PrivateKey.Sign(kiosk.Token{Event: ev.ID, AttendeeID: id, Issue: issue})
	if err != nil {
		g.t.Fatal(err)
	}
	return b
}

// scan runs the headless kiosk on folder dir with the payloads; it returns
// the verdicts, having waited for the hub to acknowledge them.
func (g *guide) scan(dir string, args []string, payloads ...string) []string {
	g.t.Helper()
	args = append([]string{"-headless", "-data", dir, "-drain", "20s"}, args...)
	c := exec.Command(g.kioskBin, args...)
	c.Stdin = strings.NewReader(strings.Join(payloads, "\n") + "\n")
	var stderr strings.Builder
	c.Stderr = &stderr
	out, err := c.Output()
	if err != nil {
		g.t.Fatalf("kiosk %v: %v\n%s%s", args, err, out, stderr.String())
	}
	var verdicts []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		var v struct{ Verdict string }
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			g.t.Fatalf("kiosk line %q: %v", sc.Text(), err)
		}
		verdicts = append(verdicts, v.Verdict)
	}
	return verdicts
}

// hubScans counts the scans the hub in folder dir holds.
func (g *guide) hubScans(dir string) int {
	st, err := hubstore.Open(dir)
	if err != nil {
		g.t.Fatal(err)
	}
	defer st.Close()
	scans, _ := st.ScansSince(g.ctx, 0, 1000)
	return len(scans)
}

// Commands the guides show that need root, a display, a printer or
// systemd, or only look: here they are checked to exist, not run.
var lookOnly = map[string]bool{"ls": true, "lpstat": true, "cancel": true, "lp": true, "timedatectl": true, "df": true, "systemctl": true}

// follow runs the commands of docs/en/NAME in order. placeholders gives the
// value of each capitalised word (CODE is the last code printed).
// hook, when given, is called before (after=false) and after each command.
func (g *guide) follow(name string, placeholders map[string]func() string, hook func(words []string, after bool)) {
	t := g.t
	assign := regexp.MustCompile(`^([A-Z_]+)=\S+`)
	for _, line := range guideCommands(t, "../../docs/en/"+name) {
		cmd, note, _ := strings.Cut(line, "#")
		cmd = strings.TrimSpace(cmd)
		if m := assign.FindStringSubmatch(cmd); m != nil {
			if _, ok := g.vars[m[1]]; !ok {
				t.Fatalf("the guide sets %s, which this test does not know", m[1])
			}
			continue
		}
		// Longest names first: $HUB_ADDR is not $HUB followed by _ADDR.
		names := slices.SortedFunc(maps.Keys(g.vars), func(a, b string) int { return len(b) - len(a) })
		for _, k := range names {
			cmd = strings.ReplaceAll(cmd, "$"+k, g.vars[k])
		}
		stdin := ""
		if echo, rest, ok := strings.Cut(cmd, " | "); ok && strings.HasPrefix(echo, "echo ") {
			stdin, cmd = strings.TrimPrefix(echo, "echo ")+"\n", rest
		}
		cmd = strings.TrimPrefix(cmd, "sudo -u accueil ")
		words := splitWords(cmd)
		for i, w := range words {
			for k, f := range placeholders {
				if re := regexp.MustCompile(`\b` + k + `\b`); re.MatchString(w) {
					w = re.ReplaceAllLiteralString(w, f())
				}
			}
			words[i] = w
		}
		t.Logf("$ %s", strings.Join(words, " "))
		if hook != nil {
			hook(words, false)
		}
		switch {
		case cmd == "sudo make install":
			mk, _ := os.ReadFile("../../Makefile")
			if !strings.Contains(string(mk), "\ninstall: build") {
				t.Error("the Makefile has no install target")
			}
		case words[0] == "curl":
			// Run when curl is installed: the counts, with the real token.
			if _, err := exec.LookPath("curl"); err != nil {
				t.Log("curl is not installed here (checked for syntax only)")
				break
			}
			// The hub is on loopback here, where it speaks plain HTTP.
			args := slices.Clone(words[1:])
			for i, w := range args {
				args[i] = strings.Replace(w, "https://127.0.0.1:", "http://127.0.0.1:", 1)
			}
			out, err := exec.Command("curl", args...).Output()
			if err != nil || !strings.Contains(string(out), `"registered"`) {
				t.Errorf("%s: %v: %s", cmd, err, out)
			}
		case lookOnly[words[0]]:
			if _, err := exec.LookPath(words[0]); err != nil {
				t.Logf("%s is not installed here (checked for syntax only)", words[0])
			}
		case words[0] == "hub" && words[1] == "serve" && strings.Contains(note, "keeps running"):
			g.hub = startHub(t, words[1:]...)
			if g.hub.addr != g.vars["HUB_ADDR"] {
				t.Fatalf("hub serves on %s, want %s", g.hub.addr, g.vars["HUB_ADDR"])
			}
		case words[0] == "hub" && words[1] == "standby" && strings.Contains(note, "keeps running"):
			args := words[1:]
			for i, w := range args {
				if w == "CODE" {
					args[i], g.codes = g.codes[len(g.codes)-1], g.codes[:len(g.codes)-1]
				}
				if w == "0.0.0.0:8787" {
					args[i] = g.standbyA // one machine here: the standby on loopback
				}
			}
			ctx, cancel := context.WithCancel(g.ctx)
			g.stopSby = cancel
			m := &Main{Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, ready: func(addr string) { g.standby <- addr }}
			go m.Run(ctx, args)
			deadline := time.Now().Add(20 * time.Second)
			for {
				if _, err := os.Stat(filepath.Join(g.vars["STANDBY"], standby.CopyFile)); err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the standby made no copy: %s", m.Stderr)
				}
				time.Sleep(50 * time.Millisecond)
			}
		case words[0] == "hub":
			var out, errOut syncBuffer
			code := (&Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}).Run(g.ctx, words[1:])
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", cmd, code, errOut.String())
			}
			if strings.Contains(note, "prints CODE") {
				g.codes = append(g.codes, strings.TrimSpace(out.String()))
			}
		case words[0] == "kiosk":
			// The window's command, run headless with the same flags, once
			// per code made: each a kiosk scanning a badge.
			for _, code := range g.codes {
				g.kiosks++
				var args []string
				for _, w := range words[1:] {
					if w == "-fullscreen" {
						continue
					}
					if w == "CODE" {
						w = code
					}
					args = append(args, w)
				}
				id := []string{"A0031", "A0035", "A0229"}[g.kiosks%3]
				dir := filepath.Join(g.work, "kiosks", fmt.Sprint(g.kiosks))
				if v := g.scan(dir, args, g.badge(g.vars["HUB"], id, 1)); len(v) != 1 || v[0] != "accepted" {
					t.Errorf("kiosk %d's first badge: %v", g.kiosks, v)
				}
			}
			g.codes = nil
		default:
			t.Fatalf("the guide shows a command this test does not know how to run: %s", cmd)
		}
		if hook != nil {
			hook(words, true)
		}
	}
}

// The set-up sheet, followed to the letter on clean folders: every command
// it shows runs, in order, and ends with a hub, a standby copying it and
// two kiosks scanning. What needs root, a display or systemd is checked for
// what can be checked here: the Makefile's target and the units exist.
func TestSetupGuide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kiosk")
	}
	sameCommands(t, "setup.md")
	g := newGuide(t)
	start := time.Now()
	g.follow("setup.md", nil, nil)
	if n := g.hubScans(g.vars["HUB"]); g.kiosks != 2 || n != 2 {
		t.Errorf("after the guide: %d kiosks, %d scans at the hub; want 2 and 2", g.kiosks, n)
	}
	t.Logf("set-up sheet followed in %s", time.Since(start).Round(100*time.Millisecond))
}

// The incidents guide, after the set-up sheet: the hub laptop dies and the
// standby is promoted; a new hub is restored from the newest automatic
// backup and served on the hub's address, and the kiosks send it what it
// lacks; a kiosk is revoked, a badge revoked, the PIN changed. Printer,
// clock and disk commands are checked to exist only.
func TestIncidentsGuide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kiosk")
	}
	sameCommands(t, "incidents.md")
	g := newGuide(t)
	g.follow("setup.md", nil, nil)
	// A third scan after the backup: the restored hub lacks it.
	kioskA := filepath.Join(g.work, "kiosks", "1")
	// The backup the set-up sheet made before opening (automatic ones come every 5 minutes).
	deadline := time.Now().Add(30 * time.Second)
	var backup string
	for backup == "" {
		files, _ := filepath.Glob(filepath.Join(g.vars["BACKUPS"], "*"))
		if len(files) > 0 {
			backup = files[len(files)-1]
		} else if time.Now().After(deadline) {
			t.Fatal("no backup on the USB stick after the set-up sheet")
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if v := g.scan(kioskA, nil, g.badge(g.vars["HUB"], "A0100", 1)); len(v) != 1 || v[0] != "accepted" {
		t.Fatalf("third scan: %v", v)
	}
	want := g.hubScans(g.vars["HUB"])
	g.follow("incidents.md", map[string]func() string{
		"FILE": func() string { return backup },
		"NAME": func() string { return "entree-1" },
		"ID":   func() string { return "A0229" },
		"JOB":  func() string { return "1" },
	}, func(words []string, after bool) {
		switch {
		case words[0] != "hub":
		case words[1] == "promote" && !after:
			g.hub.stop() // the hub laptop dies
		case words[1] == "promote":
			select {
			case addr := <-g.standby:
				if addr != g.standbyA {
					t.Errorf("the promoted standby serves on %s, want %s", addr, g.standbyA)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the promoted standby does not serve")
			}
			// The other way (B) follows: the standby is done here,
			// so that the restored hub alone answers the kiosks.
			g.stopSby()
		case words[1] == "restore" && after:
			g.vars["HUB"] = g.vars["NEWHUB"] // the hub's folder from now on
		case words[1] == "serve" && after:
			// Both kiosks scan again; the restored hub gets what the
			// backup lacked from them, and the new scans.
			g.scan(filepath.Join(g.work, "kiosks", "1"), nil, g.badge(g.vars["HUB"], "A0102", 1))
			g.scan(filepath.Join(g.work, "kiosks", "2"), nil, g.badge(g.vars["HUB"], "A0101", 1))
			if n := g.hubScans(g.vars["HUB"]); n != want+2 {
				t.Errorf("the restored hub holds %d scans, want %d", n, want+2)
			}
		}
	})
}

// The organisers' guide, after the set-up sheet: the dashboard's token, the
// projector, exports and the report, badges and a revocation, a backup,
// the token and the badge key rotated, the purge; curl asks for the counts when it is installed.
func TestOrganisersGuide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kiosk")
	}
	sameCommands(t, "organisers.md")
	g := newGuide(t)
	g.follow("setup.md", nil, nil)
	g.follow("organisers.md", map[string]func() string{
		"ID": func() string { return "A0229" },
		"TOKEN": func() string {
			_, out, _ := run("token", "-data", g.vars["HUB"])
			return strings.TrimSpace(out)
		},
	}, nil)
	for _, f := range []string{"scans.csv", "attendance.pdf", "attendance-en.csv", "ag-cuf.pdf", "ag-cuf.csv", "badges.pdf", "badge-A0229.pdf", "hub-copy.db"} {
		if fi, err := os.Stat(filepath.Join(g.vars["EXPORTS"], f)); err != nil || fi.Size() == 0 {
			t.Errorf("the organisers' guide made no %s: %v", f, err)
		}
	}
}
