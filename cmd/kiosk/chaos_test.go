package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accueil/accueil/kiosk/app/apptest"

	"github.com/accueil/accueil/assets"
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
	"github.com/accueil/accueil/kiosk/roster"
	"github.com/accueil/accueil/sync/chaos"
	"github.com/accueil/accueil/sync/enroll"
	"github.com/accueil/accueil/sync/hub"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// runTestHub is the hub process of the chaos test: a real hub server on a
// real store, started by re-executing the test binary so that the test can
// kill it with SIGKILL.
func runTestHub(dir, addr string) {
	st, err := hubstore.Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv, err := hub.New(context.Background(), hub.Config{Store: st, Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_ = http.Serve(ln, srv.Handler())
}

// setUpDemoHub prepares a hub folder with the demo event and one
// enrollment per kiosk name; it returns their tokens.
func setUpDemoHub(t *testing.T, dir string, names []string) []string {
	t.Helper()
	ctx := context.Background()
	st, err := hubstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ev, _ := assets.DemoEvent()
	priv, _ := kiosk.ParsePrivateKey(ev.PrivateKey)
	pub, _ := kiosk.ParsePublicKey(ev.PublicKeys[0])
	if err := st.SetEvent(ctx, hubstore.Event{ID: ev.ID, Name: ev.Name, TimeZone: ev.TimeZone, PrivateKey: priv,
		PublicKeys: []kiosk.PublicKey{pub}}); err != nil {
		t.Fatal(err)
	}
	parsed, err := roster.ReadAttendees(strings.NewReader(string(assets.DemoRosterCSV())), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportAttendees(ctx, parsed.Attendees, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveCheckpoints(ctx, nil); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	for _, n := range names {
		tok, _ := enroll.NewToken()
		if err := st.AddEnrollment(ctx, n, protocol.RoleSelf, enroll.HashToken(tok)); err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	return tokens
}

type hubProcess struct {
	t    *testing.T
	dir  string
	addr string
	cmd  *exec.Cmd
}

func (h *hubProcess) start() {
	h.t.Helper()
	exe, _ := os.Executable()
	h.cmd = exec.Command(exe)
	h.cmd.Env = append(os.Environ(), "ACCUEIL_RUN_HUB="+h.dir, "ACCUEIL_HUB_ADDR="+h.addr)
	out, _ := h.cmd.StdoutPipe()
	h.cmd.Stderr = os.Stderr
	if err := h.cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		h.t.Fatalf("hub did not start: %q", line)
	}
}

func (h *hubProcess) kill() {
	h.cmd.Process.Signal(syscall.SIGKILL)
	h.cmd.Wait()
}

// newFlakyProxy forwards TCP to the hub and cuts connections at random,
// as a venue network does (the proxy of make chaos).
func newFlakyProxy(t *testing.T, target string) *chaos.Proxy {
	p, err := chaos.NewProxy(target, 7)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Three headless kiosks scan 2,000 badges each while the hub is killed
// with SIGKILL and restarted, and connections are cut at random. At the
// end the hub holds exactly the scans the kiosks reported: none lost, none
// twice, and its counts match the truth computed from the kiosks' lines.
func TestChaosHubKilledWhileKiosksScan(t *testing.T) {
	if testing.Short() {
		t.Skip("chaos test is long")
	}
	const perKiosk = 2000
	names := []string{"door-1", "door-2", "door-3"}
	hubDir := t.TempDir()
	tokens := setUpDemoHub(t, hubDir, names)
	h := &hubProcess{t: t, dir: hubDir, addr: freeAddr(t)}
	h.start()
	proxy := newFlakyProxy(t, h.addr)

	type kioskRun struct {
		lines  []headless.Line
		err    error
		code   int
		stderr strings.Builder
	}
	runs := make([]kioskRun, len(names))
	var wg sync.WaitGroup
	for i := range names {
		code := enroll.Code{Hub: proxy.Addr(), Token: tokens[i]}.String()
		cmd := kioskCommand(t, "-headless", "-data", t.TempDir(), "-enroll", code, "-drain", "90s")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = &runs[i].stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(2)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			// Each door sees the whole roster in its own order, then some
			// people again: admissions, refusals and double entries.
			order := append(r.Perm(1500), r.Perm(1500)...)
			for n := 0; n < perKiosk; n++ {
				payload := apptest.DemoToken(t, fmt.Sprintf("A%04d", order[n]+1))
				if r.IntN(100) < 3 {
					payload = fmt.Sprintf("WZ-NOBODY-%d", r.IntN(50))
				}
				fmt.Fprintln(stdin, payload)
				time.Sleep(time.Duration(r.IntN(4)) * time.Millisecond)
			}
			stdin.Close()
		}(uint64(i + 1))
		go func(i int) {
			defer wg.Done()
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				var l headless.Line
				if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
					runs[i].err = err
					continue
				}
				runs[i].lines = append(runs[i].lines, l)
			}
			err := cmd.Wait()
			if ee, ok := err.(*exec.ExitError); ok {
				runs[i].code = ee.ExitCode()
			} else if err != nil {
				runs[i].err = err
			}
		}(i)
	}

	// Chaos while the kiosks scan: random cuts, and the hub killed and
	// restarted three times.
	chaosDone := make(chan struct{})
	go func() {
		defer close(chaosDone)
		for round := range 3 {
			for range 5 {
				time.Sleep(150 * time.Millisecond)
				proxy.CutSome()
			}
			h.kill()
			proxy.CutAll()
			time.Sleep(time.Duration(200+100*round) * time.Millisecond)
			h.start()
		}
	}()
	<-chaosDone
	wg.Wait()
	h.kill()

	truth := map[string]headless.Line{}
	for i, r := range runs {
		if r.err != nil || r.code != 0 {
			t.Fatalf("%s: exit %d, %v\n%s", names[i], r.code, r.err, r.stderr.String())
		}
		if len(r.lines) != perKiosk {
			t.Fatalf("%s: %d lines for %d scans", names[i], len(r.lines), perKiosk)
		}
		for _, l := range r.lines {
			if l.Verdict == "" {
				t.Fatalf("%s: scan failed: %s", names[i], l.Error)
			}
			if !l.Repeat {
				truth[l.ScanID] = l
			}
		}
	}
	st, err := hubstore.Open(hubDir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, err := st.ScansSince(context.Background(), 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(truth) {
		t.Errorf("hub stored %d scans, kiosks made %d", len(stored), len(truth))
	}
	seen := map[string]bool{}
	for _, s := range stored {
		l, ok := truth[s.ID]
		if !ok || seen[s.ID] {
			t.Errorf("hub scan %s: in truth %v, duplicate %v", s.ID, ok, seen[s.ID])
			continue
		}
		seen[s.ID] = true
		if string(s.Verdict) != string(l.Verdict) || s.Kiosk != l.Kiosk || s.AttendeeID != l.AttendeeID {
			t.Errorf("scan %s: hub has %s/%s/%s, kiosk said %s/%s/%s", s.ID, s.Verdict, s.Kiosk, s.AttendeeID, l.Verdict, l.Kiosk, l.AttendeeID)
		}
	}
	// The hub's counts from its store equal the truth.
	admitted := map[string]bool{}
	byVerdict := map[string]int{}
	for _, l := range truth {
		byVerdict[string(l.Verdict)]++
		if l.Verdict == kiosk.VerdictAccepted && l.Direction == kiosk.In {
			admitted[l.AttendeeID] = true
		}
	}
	srv, err := hub.New(context.Background(), hub.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c := srv.Counts()
	if c.CheckedIn != len(admitted) {
		t.Errorf("hub counts %d checked in, kiosks admitted %d attendees", c.CheckedIn, len(admitted))
	}
	for v, n := range byVerdict {
		if c.ByVerdict[v] != n {
			t.Errorf("verdict %s: hub %d, kiosks %d", v, c.ByVerdict[v], n)
		}
	}
	t.Logf("%d scans, %d attendees admitted, %d double entries, verdicts %v", len(truth), len(admitted), c.DoubleEntries, byVerdict)
}
