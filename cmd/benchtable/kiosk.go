package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/kiosk/sqlite/sqlitetest"
)

//go:embed peer/kiosk_peer.py
var kioskPeer []byte

// benchEvent is the event of the scan path's badges.
const benchEvent = "bench"

// writePeer puts the Python peer kiosk in dir and returns its path.
func writePeer(dir string) (string, error) {
	path := filepath.Join(dir, "kiosk_peer.py")
	return path, os.WriteFile(path, kioskPeer, 0o600)
}

// rosterImport times a French Excel roster into a fresh headless kiosk,
// the whole process (start, schema, import, exit), against the Python peer
// doing the same job; each side runs c.runs times, alternately, and keeps
// its median.
func rosterImport(ctx context.Context, c config) ([]row, error) {
	tmp, err := os.MkdirTemp("", "benchtable-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	csvPath := filepath.Join(tmp, "roster.csv")
	if err := writeFrenchRoster(csvPath, c.roster); err != nil {
		return nil, err
	}
	peer, err := writePeer(tmp)
	if err != nil {
		return nil, err
	}
	var ours, theirs, oursCPU, theirsCPU []time.Duration
	for i := range c.runs {
		dir := filepath.Join(tmp, fmt.Sprintf("kiosk%d", i))
		d, dc, err := timed(ctx, c.kiosk, "-headless", "-data", dir, "-roster", csvPath)
		if err != nil {
			return nil, err
		}
		if err := checkImported(dir, c.roster); err != nil {
			return nil, err
		}
		ours, oursCPU = append(ours, d), append(oursCPU, dc)
		p, pc, err := timed(ctx, c.python, peer, "import", filepath.Join(tmp, fmt.Sprintf("peer%d.db", i)), csvPath)
		if err != nil {
			return nil, err
		}
		theirs, theirsCPU = append(theirs, p), append(theirsCPU, pc)
		fmt.Fprintf(c.log, "benchtable: import %d: kiosk %s (CPU %s), peer %s (CPU %s)\n", i+1, d.Round(time.Millisecond),
			dc.Round(time.Millisecond), p.Round(time.Millisecond), pc.Round(time.Millisecond))
	}
	o, p := median(ours), median(theirs)
	oc, pc := median(oursCPU), median(theirsCPU)
	return []row{{
		figure: fmt.Sprintf("%s-attendee French-Excel roster (CP1252, `;`, CRLF, notes) into a headless kiosk, whole process (CPU time)", thousands(c.roster)),
		ours:   fmt.Sprintf("%s (CPU %s)", secs(o), secs(oc)), peer: fmt.Sprintf("Python + sqlite3 script: %s (CPU %s)", secs(p), secs(pc)),
		ratio: fmt.Sprintf("%s (CPU %s)", ratio(o.Seconds(), p.Seconds()), ratio(oc.Seconds(), pc.Seconds())),
		goal:  "≤ x1.0, ≤ 1 s", holds: holds(o <= p && o <= time.Second),
	}}, nil
}

// checkImported makes sure a timed import really stored the roster.
func checkImported(dir string, want int) error {
	st, err := sqlite.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.CountAttendees(context.Background())
	if err != nil {
		return err
	}
	if n != want {
		return fmt.Errorf("the kiosk imported %d attendees, not %d", n, want)
	}
	return nil
}

// timed runs a command with no input and returns how long it took, and
// the CPU time it used: on a shared machine the wall time says more about
// the neighbours than about the program.
func timed(ctx context.Context, name string, args ...string) (wall, cpu time.Duration, err error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, lastLines(stderr.String(), 3))
	}
	return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// scanPath times payload line in → JSON verdict line out, through a
// running headless kiosk holding c.roster attendees and c.history earlier
// scans, against the Python peer on the same data; one scan at a time,
// each waiting for its line, as a visitor does, the two kiosks in turn.
func scanPath(ctx context.Context, c config) ([]row, error) {
	per := c.scans + 100
	if c.runs*per > c.roster {
		return nil, fmt.Errorf("%d rounds of %d scans (and 100 to warm up) need as many attendees; the roster has %d", c.runs, c.scans, c.roster)
	}
	tmp, err := os.MkdirTemp("", "benchtable-scan-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	key, err := kiosk.GenerateKey()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(c.log, "benchtable: preparing two stores of %d attendees and %d earlier scans\n", c.roster, c.history)
	kioskDir := filepath.Join(tmp, "kiosk")
	if err := prepareKiosk(ctx, kioskDir, key.Public(), c); err != nil {
		return nil, err
	}
	peer, err := writePeer(tmp)
	if err != nil {
		return nil, err
	}
	peerDB := filepath.Join(tmp, "peer.db")
	if err := preparePeer(ctx, tmp, peer, peerDB, c); err != nil {
		return nil, err
	}
	// Rounds of fresh processes, each with badges not yet scanned: the
	// ratio of one round moved by ±10 % from one round to the next with
	// the same builds, so the table gives the pooled rounds'.
	payloads, err := badgePayloads(key, c.roster, c.runs*per)
	if err != nil {
		return nil, err
	}
	var ours, theirs []time.Duration
	for r := range c.runs {
		ourCmd := exec.CommandContext(ctx, c.kiosk, "-headless", "-data", kioskDir)
		peerCmd := exec.CommandContext(ctx, c.python, peer, "scan", peerDB, benchEvent, key.Public().String())
		o, t, err := scanLatencies(ctx, payloads[r*per:(r+1)*per], ourCmd, peerCmd)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(c.log, "benchtable: scan round %d: kiosk p50 %s, peer p50 %s, %s; CPU a scan, start-up included: kiosk %s, peer %s\n",
			r+1, msec(percentile(o, 50)), msec(percentile(t, 50)), ratio(percentile(o, 50).Seconds(), percentile(t, 50).Seconds()),
			cpuPer(ourCmd, per), cpuPer(peerCmd, per))
		ours, theirs = append(ours, o...), append(theirs, t...)
	}
	o, p := percentile(ours, 50), percentile(theirs, 50)
	verifies := "signatures verified"
	if _, err := output(ctx, c.python, "-c", "import cryptography"); err != nil {
		verifies = "signatures NOT verified: no cryptography module"
	}
	return []row{{
		figure: fmt.Sprintf("payload line → durable JSON verdict, p50 (p99), through the real process, %d rounds of %d scans", c.runs, c.scans),
		ours:   fmt.Sprintf("%s (%s)", msec(o), msec(percentile(ours, 99))),
		peer:   fmt.Sprintf("Python + sqlite3 script (%s): %s (%s)", verifies, msec(p), msec(percentile(theirs, 99))),
		ratio:  ratio(o.Seconds(), p.Seconds()), goal: "≤ x1.0", holds: holds(o <= p),
	}}, nil
}

// prepareKiosk fills a kiosk's data folder and gives it the bench event's
// key, as enrollment would.
func prepareKiosk(ctx context.Context, dir string, pub kiosk.PublicKey, c config) error {
	if err := sqlitetest.Populate(ctx, dir, c.roster, c.history); err != nil {
		return fmt.Errorf("prepare kiosk: %w", err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.SetSettings(ctx, map[string]string{kiosk.SettingEvent: benchEvent, kiosk.SettingEventName: "Bench",
		kiosk.SettingPublicKeys: pub.String(), kiosk.SettingName: "bench", kiosk.SettingEpoch: "bench"})
}

// preparePeer gives the peer the same attendees and scan history.
func preparePeer(ctx context.Context, tmp, peer, db string, c config) error {
	f, err := os.Create(filepath.Join(tmp, "same.csv"))
	if err != nil {
		return err
	}
	if err := sqlitetest.WriteRosterCSV(f, sqlitetest.Attendees(c.roster)); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if _, err := output(ctx, c.python, peer, "import", db, f.Name()); err != nil {
		return err
	}
	_, err = output(ctx, c.python, peer, "history", db, fmt.Sprint(c.history))
	return err
}

// badgePayloads signs n badges of distinct attendees of sqlitetest's roster.
func badgePayloads(key kiosk.PrivateKey, roster, n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		// 7919 is prime: the ids are distinct and spread over the roster.
		id := fmt.Sprintf("P%06d", (i*7919)%roster+1)
		p, err := key.Sign(kiosk.Token{Event: benchEvent, AttendeeID: id, Issue: 1})
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// kioskProcess is a running headless kiosk, ours or the peer, fed one
// payload at a time.
type kioskProcess struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startKiosk(cmd *exec.Cmd) (*kioskProcess, error) {
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &kioskProcess{cmd: cmd, in: in, out: bufio.NewReader(stdout)}, nil
}

// stop ends the input and lets the process exit by itself for a moment
// (a profiled kiosk writes its profile then), and kills it after that.
func (k *kioskProcess) stop() {
	k.in.Close()
	done := make(chan struct{})
	go func() {
		_ = k.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = k.cmd.Process.Kill()
		<-done
	}
}

// scan times one payload until its verdict line, checks the line and
// returns its verdict.
func (k *kioskProcess) scan(payload string) (time.Duration, string, error) {
	start := time.Now()
	if _, err := io.WriteString(k.in, payload+"\n"); err != nil {
		return 0, "", fmt.Errorf("write payload: %w", err)
	}
	line, err := k.out.ReadBytes('\n')
	if err != nil {
		return 0, "", fmt.Errorf("no verdict: %w", err)
	}
	d := time.Since(start)
	var v struct{ Verdict, Error string }
	if err := json.Unmarshal(line, &v); err != nil || v.Verdict == "" {
		return 0, "", fmt.Errorf("not a verdict line: %q", line)
	}
	if v.Verdict != "accepted" && v.Verdict != "already_checked_in" {
		return 0, "", fmt.Errorf("verdict %q", v.Verdict)
	}
	return d, v.Verdict, nil
}

// scanLatencies feeds the same payloads to two kiosk processes in turn,
// one scan each alternately, so that a shared machine's changing load
// weighs on both alike; the first 100 warm them up and are not counted.
// The two must give the same verdict to every payload: an accepted entry
// writes presence that a repeat does not, so a difference would time
// unlike work.
func scanLatencies(ctx context.Context, payloads []string, a, b *exec.Cmd) (la, lb []time.Duration, err error) {
	ka, err := startKiosk(a)
	if err != nil {
		return nil, nil, err
	}
	defer ka.stop()
	kb, err := startKiosk(b)
	if err != nil {
		return nil, nil, err
	}
	defer kb.stop()
	for i, p := range payloads {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		da, va, err := ka.scan(p)
		if err != nil {
			return nil, nil, fmt.Errorf("kiosk, payload %d: %w", i+1, err)
		}
		db, vb, err := kb.scan(p)
		if err != nil {
			return nil, nil, fmt.Errorf("peer, payload %d: %w", i+1, err)
		}
		if va != vb {
			return nil, nil, fmt.Errorf("payload %d: the kiosk says %s, the peer %s: they would not be doing the same work", i+1, va, vb)
		}
		if i >= 100 {
			la, lb = append(la, da), append(lb, db)
		}
	}
	return la, lb, nil
}

// cpuPer is the CPU time an ended process used, per item of its n.
func cpuPer(cmd *exec.Cmd, n int) string {
	if cmd.ProcessState == nil {
		return "unknown"
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return fmt.Sprintf("%d µs", cpu.Microseconds()/int64(n))
}

func median(d []time.Duration) time.Duration { return percentile(d, 50) }

func percentile(d []time.Duration, p float64) time.Duration {
	return sqlitetest.Latencies(d).Percentile(p)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
func msec(d time.Duration) string {
	return fmt.Sprintf("%.3f ms", float64(d)/float64(time.Millisecond))
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
