package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiles writes a CPU profile to $ACCUEIL_CPUPROFILE and an
// execution trace to $ACCUEIL_TRACE while the process runs, for measuring
// the real process as benchtable drives it. Developers' switches, not part
// of the contract: they are environment variables so that no flag or
// usage line promises them. The returned func ends both.
func startProfiles() func() {
	var stops []func()
	for _, p := range []struct {
		env   string
		start func(io.Writer) error
		stop  func()
	}{
		{"ACCUEIL_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile},
		{"ACCUEIL_TRACE", trace.Start, trace.Stop},
	} {
		path := os.Getenv(p.env)
		if path == "" {
			continue
		}
		f, err := os.Create(path)
		if err == nil {
			if err = p.start(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "kiosk: %s: %v\n", p.env, err)
			continue
		}
		stops = append(stops, func() { p.stop(); f.Close() })
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}
