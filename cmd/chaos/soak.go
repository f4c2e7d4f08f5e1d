package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"time"

	"github.com/accueil/accueil/sync/chaos"
)

// soak runs `chaos soak`: two event days compressed, resources watched.
func (m *Main) soak(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("chaos soak", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	var c common
	c.register(fs)
	cfg := chaos.SoakConfig{}
	fs.IntVar(&cfg.Scans, "scans", 50000, "scans in all (two event days)")
	fs.Float64Var(&cfg.Rate, "rate", 20, "scans per second, all kiosks together")
	fs.IntVar(&cfg.Kiosks, "kiosks", 4, "headless kiosks")
	fs.DurationVar(&cfg.Every, "every", 5*time.Second, "time between two samples of memory, goroutines, open files and databases")
	fs.DurationVar(&cfg.WindowEvery, "window-every", 2*time.Second, "time between two badges typed into the window kiosk")
	window := fs.String("window", "auto", "a kiosk window fed by xdotool: auto (on $DISPLAY, else under an Xvfb of its own when installed), on or off")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage:\n  chaos soak [-scans 50000] [-rate 20] [-kiosks 4] [-window auto|on|off] [-hub bin/hub] [-kiosk bin/kiosk] [-dir DIR] [-v]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		return m.fail(exitUsage, fmt.Errorf("soak: unexpected argument %q (see chaos soak -h)", fs.Arg(0)))
	}
	if cfg.Scans < 1 || cfg.Rate <= 0 || cfg.Rate > 500 || cfg.Kiosks < 1 || cfg.Every < 100*time.Millisecond {
		return m.fail(exitUsage, fmt.Errorf("soak: want -scans and -kiosks of at least 1, -rate in (0, 500] and -every of at least 100ms"))
	}
	if *window != "auto" && *window != "on" && *window != "off" {
		return m.fail(exitUsage, fmt.Errorf("soak: -window %q: want auto, on or off", *window))
	}
	cfg.Bin = chaos.Binaries{Hub: c.hub, Kiosk: c.kiosk}
	if _, err := os.Stat(c.kiosk); err != nil {
		return m.fail(exitFailed, fmt.Errorf("soak: binary %s not found: run make build first", c.kiosk))
	}
	if *window != "off" {
		display, stop, err := findDisplay()
		switch {
		case err != nil && *window == "on":
			return m.fail(exitFailed, fmt.Errorf("soak: -window on: %w", err))
		case err != nil:
			fmt.Fprintf(m.Stderr, "chaos soak: no window kiosk: %v\n", err)
		default:
			defer stop()
			cfg.Display = display
		}
	}
	dir, remove, err := c.workDir("soak")
	if err != nil {
		return m.fail(exitFailed, err)
	}
	cfg.Dir, cfg.Seed, cfg.Log = dir, c.seed, c.logger(m.Stderr)
	res, err := chaos.Soak(ctx, cfg)
	if err != nil {
		return m.fail(exitFailed, fmt.Errorf("soak: %w (seed %d; logs in %s/logs)", err, c.seed, dir))
	}
	fmt.Fprintln(m.Stdout, res.Summary())
	if !res.OK() {
		for _, e := range append(res.Over, append(res.CountsDiff, res.Examples...)...) {
			fmt.Fprintln(m.Stderr, "chaos soak: "+e)
		}
		fmt.Fprintf(m.Stderr, "chaos soak: FAILED (seed %d; hub, kiosks and logs kept in %s)\n", c.seed, dir)
		return exitFailed
	}
	if remove {
		os.RemoveAll(dir)
	}
	return exitOK
}

// findDisplay returns $DISPLAY, or starts an Xvfb of its own; xdotool is
// needed either way.
func findDisplay() (string, func(), error) {
	if _, err := exec.LookPath("xdotool"); err != nil {
		return "", nil, errors.New("xdotool is not installed (Debian package xdotool)")
	}
	if d := os.Getenv("DISPLAY"); d != "" {
		return d, func() {}, nil
	}
	if _, err := exec.LookPath("Xvfb"); err != nil {
		return "", nil, errors.New("no $DISPLAY and Xvfb is not installed (Debian package xvfb)")
	}
	for range 20 {
		n := 100 + rand.IntN(400)
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		x := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
		if err := x.Start(); err != nil {
			return "", nil, fmt.Errorf("start Xvfb: %w", err)
		}
		stop := func() { _ = x.Process.Kill(); _ = x.Wait() }
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			probe := exec.Command("xdotool", "getdisplaygeometry")
			probe.Env = append(os.Environ(), "DISPLAY="+display)
			if probe.Run() == nil {
				return display, stop, nil
			}
		}
		stop()
	}
	return "", nil, errors.New("no free display for Xvfb: it did not start")
}
