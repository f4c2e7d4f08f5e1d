// Command hub is the Accueil hub (hub serve, hub demo) and the organisers'
// command-line tools: setting up an event, importing its roster and
// checkpoints, enrolling and revoking kiosks, exporting scans, badge QR
// codes. Run 'hub -h' for the list. The commands live in sync/hubcmd,
// where tests run them in-process; this file only hands them the
// process's streams, arguments and signals.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/accueil/accueil/sync/hubcmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&hubcmd.Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
