package app

import (
	"context"
	"fmt"
	"os"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/headless"
)

// runHeadless runs the kiosk without a window: payload lines in, one JSON
// verdict a line out, each written once its scan is on disk; then it waits
// up to -drain for the hub to take the queued scans.
func (m *Main) runHeadless(ctx context.Context, o options, dir kiosk.Direction) int {
	k, sync, log, err := m.openKiosk(ctx, o, nil)
	if err != nil {
		return m.fail(exitFailure, err)
	}
	defer k.Close()
	defer sync.stop()
	client := sync.current()
	cp, err := checkpoint(ctx, k, client, o.checkpoint)
	if err != nil {
		return m.fail(exitUsage, err)
	}
	st := &kiosk.Station{Reader: k.Reader, Recorder: k.Store, Kiosk: k.Name, Checkpoint: cp.ID, Direction: dir, Recorded: sync.notify,
		Now: testClock()}
	log.Info("kiosk ready", "kiosk", k.Name, "event", k.Event, "checkpoint", cp.ID, "direction", dir, "data", o.data,
		"hub", client != nil)
	in := m.Stdin
	if f, ok := in.(*os.File); ok {
		var restore func()
		in, restore = headless.PollableInput(f)
		defer restore()
	}
	if err := headless.Run(ctx, st, in, m.Stdout, log); err != nil {
		return m.fail(exitFailure, err)
	}
	if client == nil || ctx.Err() != nil {
		// Stopped by a signal: the queue stays on disk for the next run.
		return exitOK
	}
	drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.drain)
	defer cancel()
	if n := client.WaitDrained(drainCtx); n != 0 {
		fmt.Fprintf(m.Stderr, "kiosk: %d scans are still waiting for the hub; they stay on disk and go with the next run\n", n)
		return exitPending
	}
	return exitOK
}
