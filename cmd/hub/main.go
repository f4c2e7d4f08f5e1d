// Command hub is the Accueil hub (hub serve, hub demo) and the organisers'
// command-line tools: setting up an event, importing its roster and
// checkpoints, enrolling and revoking kiosks, exporting scans, badge QR
// codes. Run 'hub -h' for the list.
package main

import (
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
