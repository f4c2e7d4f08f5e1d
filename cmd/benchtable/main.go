// Command benchtable runs every speed figure of the kiosk and the hub beside
// its peer, in the same run, and prints one Markdown table: figure, Accueil,
// peer, ratio, goal and whether the goal holds. `make bench` runs it.
//
// The peers: a minimal Python + sqlite3 headless kiosk (peer/kiosk_peer.py,
// whose header says what it does and does not do) for the roster import and
// the scan path; the machine's own limits (one durable commit, a batched
// durable insert) for the hub's ingest; zxing-cpp and zbar as qrbench runs
// them for the camera.
//
//	benchtable [-kiosk bin/kiosk] [-hubload bin/hubload -hub bin/hub] [-qrbench bin/qrbench] [-roster 100000] [-scans 2000]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// config is what the command line chose.
type config struct {
	kiosk, hub, hubload, qrbench, python string
	roster, history, scans, runs         int
	only                                 string
	log                                  io.Writer
}

// row is one line of the table.
type row struct {
	figure, ours, peer, ratio, goal, holds string
}

// measurement fills rows; a failed one leaves its rows saying why, so one
// broken figure does not hide the others.
type measurement struct {
	name string
	run  func(ctx context.Context, c config) ([]row, error)
}

func run(ctx context.Context, args []string, out, log io.Writer) error {
	var c config
	fs := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fs.SetOutput(log)
	fs.StringVar(&c.kiosk, "kiosk", "bin/kiosk", "kiosk binary")
	fs.StringVar(&c.hub, "hub", "bin/hub", "hub binary, for hubload")
	fs.StringVar(&c.hubload, "hubload", "bin/hubload", "hubload binary (empty: skip the hub's rows)")
	fs.StringVar(&c.qrbench, "qrbench", "bin/qrbench", "qrbench binary (empty: skip the camera row)")
	fs.StringVar(&c.python, "python", "python3", "Python interpreter for the peer kiosk")
	fs.IntVar(&c.roster, "roster", 100_000, "attendees in the roster")
	fs.IntVar(&c.history, "history", 100_000, "earlier scans on disk for the scan path")
	fs.IntVar(&c.scans, "scans", 2000, "scans timed through each kiosk")
	fs.IntVar(&c.runs, "runs", 3, "roster imports timed for each side (the median is kept), and rounds of -scans scans (pooled)")
	fs.StringVar(&c.only, "only", "", "run only these measurements, comma-separated: import, scan, limits, hub, camera")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (see benchtable -h)", fs.Arg(0))
	}
	if c.roster < 1 || c.scans < 1 || c.runs < 1 || c.history < 0 {
		return errors.New("-roster, -scans and -runs must be at least 1, -history at least 0")
	}
	c.log = log
	all := []measurement{
		{"import", rosterImport},
		{"scan", scanPath},
		{"limits", physicalLimits},
		{"hub", hubFigures},
		{"camera", cameraFigure},
	}
	var rows []row
	for _, m := range all {
		if c.only != "" && !slices.Contains(strings.Split(c.only, ","), m.name) {
			continue
		}
		fmt.Fprintf(log, "benchtable: measuring %s\n", m.name)
		r, err := m.run(ctx, c)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(log, "benchtable: %s: %v\n", m.name, err)
			r = append(r, row{figure: m.name, ours: "failed: " + oneLine(err.Error()), holds: "—"})
		}
		rows = append(rows, r...)
	}
	fmt.Fprintln(out, "| figure | Accueil | peer in the same run | ratio | goal | holds? |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s |\n", r.figure, dash(r.ours), dash(r.peer), dash(r.ratio), dash(r.goal), dash(r.holds))
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "|", "/")
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func holds(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// ratio says how many times the peer's figure ours is, for figures where
// less is better.
func ratio(ours, peer float64) string {
	if peer <= 0 {
		return ""
	}
	return fmt.Sprintf("x%.2f", ours/peer)
}

// output runs a command and returns its standard output, with its standard
// error in the error when it fails.
func output(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return string(b), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, lastLines(stderr.String(), 3))
	}
	return string(b), nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " / ")
}
