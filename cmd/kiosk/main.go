// Command kiosk is the Accueil check-in kiosk: it scans badges, decides at
// once from its own store and records every scan. With -headless it reads
// payloads on standard input and writes one JSON verdict per line.
package main

import (
	// Before Fyne reads the locale.
	_ "github.com/accueil/accueil/cmd/kiosk/locale"

	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
