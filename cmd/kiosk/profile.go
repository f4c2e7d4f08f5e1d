package main

import (
	"fmt"
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
	if path := os.Getenv("ACCUEIL_CPUPROFILE"); path != "" {
		if f := create(path); f != nil {
			if err := pprof.StartCPUProfile(f); err != nil {
				fmt.Fprintln(os.Stderr, "kiosk: cpu profile:", err)
			} else {
				stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
			}
		}
	}
	if path := os.Getenv("ACCUEIL_TRACE"); path != "" {
		if f := create(path); f != nil {
			if err := trace.Start(f); err != nil {
				fmt.Fprintln(os.Stderr, "kiosk: trace:", err)
			} else {
				stops = append(stops, func() { trace.Stop(); f.Close() })
			}
		}
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

func create(path string) *os.File {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kiosk: profile:", err)
		return nil
	}
	return f
}
