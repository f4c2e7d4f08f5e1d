package hubcmd

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/accueil/accueil/sync/hubstore"
)

// backup writes a consistent copy of a hub, also while it serves.
func (m *Main) backup(ctx context.Context, args []string) error {
	c := m.command("backup", "-data DIR -out FILE")
	c.dataFlag()
	out := c.String("out", "", "the backup `file` to write (replaced in one step if it exists)")
	if _, err := c.parse(args, 0, ""); err != nil {
		return err
	}
	if strings.TrimSpace(*out) == "" {
		return usageError{fmt.Errorf("backup: -out FILE is required (usage: hub backup %s)", c.synopsis)}
	}
	if st, err := os.Stat(filepath.Dir(*out)); err != nil || !st.IsDir() {
		return fmt.Errorf("backup: folder %s does not exist: create it or choose another -out", filepath.Dir(*out))
	}
	st, _, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	info, err := st.Backup(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "backed up %s and %s (%s) to %s\n", plural(info.Scans, "scan"), plural(info.Attendees, "attendee"),
		megabytes(info.Bytes), info.Path)
	return nil
}

// restore makes a new hub folder from a backup.
func (m *Main) restore(ctx context.Context, args []string) error {
	c := m.command("restore", "-data NEWDIR FILE")
	dir := c.String("data", "", "the new hub's data `folder` (must not hold a hub)")
	pos, err := c.parse(args, 1, "the backup FILE")
	if err != nil {
		return err
	}
	if err := c.requireData(*dir); err != nil {
		return err
	}
	info, err := hubstore.Restore(ctx, pos[0], *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "restored %s and %s into %s\n", plural(info.Scans, "scan"), plural(info.Attendees, "attendee"), *dir)
	fmt.Fprintf(m.Stderr, "Start it with: hub serve -data %s (same -addr and -public-addr as before).\n"+
		"Kiosks reconnect by themselves and send again every scan the backup lacks.\n", *dir)
	return nil
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// rollingBackupsKept is how many automatic backups stay in -backup-dir: a
// day's worth at the default interval, the oldest removed first.
const rollingBackupsKept = 288

// backupName is an automatic backup's file name; names sort by time.
func backupName(t time.Time) string { return "hub-" + t.UTC().Format("20060102-150405") + ".db" }

// rollingBackups backs the hub up into dir every interval until ctx ends,
// then once more, keeping the newest rollingBackupsKept. A failure (a full
// USB stick, one pulled out) is logged and tried again next time: the hub
// goes on serving.
func rollingBackups(ctx context.Context, st *hubstore.Store, dir string, every time.Duration, log *slog.Logger) {
	once := func() {
		path := filepath.Join(dir, backupName(time.Now()))
		info, err := st.Backup(context.WithoutCancel(ctx), path)
		if err != nil {
			log.Error("automatic backup failed", "dir", dir, "err", err)
			return
		}
		log.Info("automatic backup", "file", path, "scans", info.Scans, "bytes", info.Bytes)
		pruneBackups(dir, rollingBackupsKept, log)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			once()
			return
		case <-t.C:
			once()
		}
	}
}

// pruneBackups removes the oldest automatic backups beyond keep.
func pruneBackups(dir string, keep int, log *slog.Logger) {
	names, err := filepath.Glob(filepath.Join(dir, "hub-*.db"))
	if err != nil || len(names) <= keep {
		return
	}
	sort.Strings(names)
	for _, old := range names[:len(names)-keep] {
		if err := os.Remove(old); err != nil {
			log.Warn("remove old backup", "file", old, "err", err)
		}
	}
}
