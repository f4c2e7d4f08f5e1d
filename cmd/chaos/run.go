package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/accueil/accueil/sync/chaos"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailed  = 1 // the product failed the check, or the run could not be made
	exitUsage   = 2
	soakCommand = "soak"
)

// Main is the chaos command with its output streams, so tests can run it
// in-process.
type Main struct {
	Stdout, Stderr io.Writer
}

// common are the flags of both runs.
type common struct {
	hub, kiosk, dir string
	verbose         bool
	seed            uint64
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.hub, "hub", "bin/hub", "the hub `binary`")
	fs.StringVar(&c.kiosk, "kiosk", "bin/kiosk", "the kiosk `binary`")
	fs.StringVar(&c.dir, "dir", "", "work `folder` (hubs, kiosks, logs); default a temporary one, removed when the run passes")
	fs.BoolVar(&c.verbose, "v", false, "log each event of the run on standard error")
	fs.Uint64Var(&c.seed, "seed", uint64(time.Now().UnixNano()), "random seed (printed, to replay a run's choices)")
}

// workDir returns the folder to work in and whether to remove it after a
// passing run.
func (c *common) workDir(name string) (string, bool, error) {
	if c.dir != "" {
		if err := os.MkdirAll(c.dir, 0o755); err != nil {
			return "", false, fmt.Errorf("-dir: %w", err)
		}
		return c.dir, false, nil
	}
	dir, err := os.MkdirTemp("", "accueil-"+name+"-")
	if err != nil {
		return "", false, fmt.Errorf("work folder: %w", err)
	}
	return dir, true, nil
}

func (c *common) logger(w io.Writer) *slog.Logger {
	if !c.verbose {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// Run runs the command and returns its exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == soakCommand {
		return m.soak(ctx, args[1:])
	}
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	var c common
	c.register(fs)
	cfg := chaos.Config{}
	fs.DurationVar(&cfg.Duration, "duration", 2*time.Minute, "how long the chaos lasts (set-up and the final drain come on top)")
	fs.IntVar(&cfg.Kiosks, "kiosks", 6, "headless kiosks (at least 2: the last goes offline, the one before has a wrong clock)")
	fs.Float64Var(&cfg.Rate, "rate", 4, "scans per second on each kiosk")
	fs.DurationVar(&cfg.BackupAge, "backup-age", 2*time.Minute, "age of the backup the hub is restored from (shortened to fit -duration)")
	fs.DurationVar(&cfg.ClockOffset, "clock-offset", 10*time.Minute, "how far off one kiosk's clock is")
	fs.DurationVar(&cfg.Drain, "drain", 90*time.Second, "the kiosks' -drain at the end")
	standby := fs.String("standby", "auto", "run a standby and promote it: auto (when 'hub standby' exists), on or off")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage:\n  chaos [-duration 2m] [-kiosks 6] [-rate 4] [-hub bin/hub] [-kiosk bin/kiosk] [-dir DIR] [-v]\n  chaos soak -h\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		return m.fail(exitUsage, fmt.Errorf("unexpected argument %q (see chaos -h)", fs.Arg(0)))
	}
	if cfg.Duration < 10*time.Second || cfg.Kiosks < 2 || cfg.Rate <= 0 || cfg.Rate > 100 {
		return m.fail(exitUsage, fmt.Errorf("want -duration of at least 10s, -kiosks of at least 2 and -rate in (0, 100]"))
	}
	switch *standby {
	case "auto":
		cfg.Standby = hasStandby(c.hub)
	case "on", "off":
		cfg.Standby = *standby == "on"
	default:
		return m.fail(exitUsage, fmt.Errorf("-standby %q: want auto, on or off", *standby))
	}
	dir, remove, err := c.workDir("chaos")
	if err != nil {
		return m.fail(exitFailed, err)
	}
	cfg.Bin = chaos.Binaries{Hub: c.hub, Kiosk: c.kiosk}
	cfg.Dir, cfg.Seed, cfg.Log = dir, c.seed, c.logger(m.Stderr)
	res, err := chaos.Run(ctx, cfg)
	if err != nil {
		return m.fail(exitFailed, fmt.Errorf("%w (seed %d; logs in %s/logs)", err, c.seed, dir))
	}
	fmt.Fprintln(m.Stdout, res.Summary())
	if !res.OK() {
		for _, e := range res.Examples {
			fmt.Fprintln(m.Stderr, "chaos: "+e)
		}
		fmt.Fprintf(m.Stderr, "chaos: FAILED (seed %d; hubs, kiosks and logs kept in %s)\n", c.seed, dir)
		return exitFailed
	}
	if remove {
		os.RemoveAll(dir)
	}
	return exitOK
}

// hasStandby reports whether the hub binary has `hub standby` and `hub
// promote` (they came after the first chaos runs).
func hasStandby(hub string) bool {
	out, _ := exec.Command(hub, "-h").CombinedOutput()
	return strings.Contains(string(out), "hub standby") && strings.Contains(string(out), "hub promote")
}

func (m *Main) fail(code int, err error) int {
	fmt.Fprintf(m.Stderr, "chaos: %v\n", err)
	return code
}
