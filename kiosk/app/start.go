package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/boot"
	"github.com/accueil/accueil/sync/hubclient"
	"github.com/accueil/accueil/sync/protocol"
)

// openKiosk prepares the data folder and starts syncing with the hub, as
// both the headless kiosk and the window do.
func (m *Main) openKiosk(ctx context.Context, o options, onCounts func(protocol.Counts)) (*boot.Kiosk, *syncer, *slog.Logger, error) {
	log := slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	k, err := boot.Open(ctx, boot.Options{Dir: o.data, Name: o.name, RosterFile: o.roster, SkipBad: o.skipBad,
		Enroll: o.enroll, Enroller: enrollWithHub, Progress: progressBar(m.Stderr), Log: log})
	if err != nil {
		return nil, nil, nil, err
	}
	sync := &syncer{k: k, checkpoint: o.checkpoint, log: log, onCounts: onCounts}
	if err := sync.start(ctx); err != nil {
		k.Close()
		return nil, nil, nil, err
	}
	if sync.current() != nil {
		waitFirstRoster(ctx, k, log)
	}
	return k, sync, log, nil
}

// waitFirstRoster holds a kiosk that just joined a hub until the roster
// arrives, so that its first visitors are not refused as unknown; if the
// hub cannot be reached, the kiosk starts anyway and says so.
func waitFirstRoster(ctx context.Context, k *boot.Kiosk, log *slog.Logger) {
	deadline := time.Now().Add(30 * time.Second)
	logged := false
	for time.Now().Before(deadline) && ctx.Err() == nil {
		st, err := k.Store.SyncState(ctx)
		if err != nil || st.RosterVersion > 0 {
			return
		}
		if !logged {
			log.Info("waiting for the roster from the hub")
			logged = true
		}
		time.Sleep(100 * time.Millisecond)
	}
	log.Warn("no roster from the hub yet: badges are checked against what this kiosk has")
}

// checkpoint finds the checkpoint to scan for. A kiosk that just joined a
// hub learns the checkpoints from it: give the first sync a few seconds.
func checkpoint(ctx context.Context, k *boot.Kiosk, client *hubclient.Client, id string) (kiosk.Checkpoint, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		cp, err := k.Store.Checkpoint(ctx, id)
		if err == nil {
			return cp, nil
		}
		if client == nil || time.Now().After(deadline) || !errors.Is(err, kiosk.ErrUnknownCheckpoint) {
			return kiosk.Checkpoint{}, fmt.Errorf("%w (known checkpoints: %s)", err, knownCheckpoints(ctx, k))
		}
		select {
		case <-ctx.Done():
			return kiosk.Checkpoint{}, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func knownCheckpoints(ctx context.Context, k *boot.Kiosk) string {
	cps, err := k.Store.Checkpoints(ctx)
	if err != nil {
		return "unavailable"
	}
	ids := make([]string, len(cps))
	for i, c := range cps {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

// progressBar draws a roster import's progress on a terminal line; it
// stays quiet for small imports.
func progressBar(w io.Writer) func(done, total int) {
	return func(done, total int) {
		if total < 5000 {
			return
		}
		const width = 30
		filled := width * done / total
		fmt.Fprintf(w, "\rimporting roster [%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
