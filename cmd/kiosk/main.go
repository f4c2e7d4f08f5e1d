// Command kiosk is the Accueil check-in kiosk: it scans badges, decides at
// once from its own store and records every scan. With -headless it reads
// payloads on standard input and writes one JSON verdict per line. Its
// logic is in kiosk/app; this only hands it the process's streams and
// signals.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/accueil/accueil/kiosk/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfiles := startProfiles()
	code := (&app.Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}).Run(ctx, os.Args[1:])
	stopProfiles()
	stop()
	os.Exit(code)
}
