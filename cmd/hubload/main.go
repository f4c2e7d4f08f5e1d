// Command hubload measures a hub under the load of a big venue: it
// prepares a hub folder, starts the hub binary on it, and simulates kiosks
// and dashboards from this process over loopback. `make bench` runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"

	"github.com/accueil/accueil/cmd/hubload/loadtest"
)

func main() { os.Exit(run()) }

// run measures and returns the exit status, after its deferred clean-ups
// (the temporary folder, the profile) ran.
func run() (code int) {
	cfg := loadtest.Config{Out: os.Stderr}
	flag.StringVar(&cfg.HubBinary, "hub", "bin/hub", "hub binary to start")
	flag.StringVar(&cfg.KioskBinary, "kiosk", "bin/kiosk", "kiosk binary the new kiosk downloading the roster runs")
	flag.StringVar(&cfg.Dir, "data", "", "hub data folder to create (default: a temporary folder)")
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:18787", "loopback address for the hub")
	flag.IntVar(&cfg.Roster, "roster", 100_000, "attendees")
	flag.IntVar(&cfg.Senders, "senders", 200, "kiosks sending scans")
	flag.IntVar(&cfg.Scans, "scans", 100_000, "scans sent in all")
	flag.IntVar(&cfg.BatchSize, "batch", 10, "scans per batch")
	flag.IntVar(&cfg.Rate, "rate", 10_000, "scans per second of the steady phase")
	flag.IntVar(&cfg.OverRate, "over-rate", 22_000, "scans per second of a second steady phase, beyond the hub's means (0 skips it)")
	flag.IntVar(&cfg.IdleKiosks, "idle", 798, "more kiosks connected for the memory figure (senders + idle + 2 probes = 1,000)")
	flag.IntVar(&cfg.Dashboards, "dashboards", 1000, "dashboards connected")
	flag.IntVar(&cfg.Backlog, "backlog", 10_000, "scans of the kiosk that comes back")
	flag.StringVar(&cfg.HubCPUProfile, "hub-cpuprofile", "", "have the hub write its CPU profile, one `file` per phase (FILE-ingest.pprof…)")
	cpuProfile := flag.String("cpuprofile", "", "write hubload's own CPU profile to `file`")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "hubload:", err)
			return 1
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if cfg.Dir == "" {
		dir, err := os.MkdirTemp("", "hubload-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "hubload:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		cfg.Dir = dir
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := loadtest.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hubload:", err)
		return 1
	}
	fmt.Print(rep)
	return 0
}
