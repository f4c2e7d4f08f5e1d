// Command chaos is Accueil's proof under fire. `chaos` runs the real hub
// and six headless kiosks on loopback while processes are killed,
// connections cut, a kiosk stays offline, a clock is off, the hub is
// restored from a backup and the standby promoted; it then checks that
// the hub holds exactly the scans the kiosks printed, and prints one
// summary line. `chaos soak` runs two compressed event days and watches
// memory, goroutines, open files and database sizes. Both exit 1 when the
// product fails the check, 2 on bad flags.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := (&Main{Stdout: os.Stdout, Stderr: os.Stderr}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
