package loadtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlite"
	"github.com/accueil/accueil/sync/protocol"
)

// downloadRoster times a new kiosk's download of the hub's roster through
// the kiosk binary, as on the day: a headless kiosk whose folder holds what enrolling
// leaves there (the hub, its credential and the event), timed from its
// start until its file holds the hub's roster at version (stored), and
// until the search index is complete too (searchable), read as the kiosk
// writes it.
func downloadRoster(ctx context.Context, cfg Config, pub kiosk.PublicKey, name, cred string, version int64) (stored, searchable time.Duration, err error) {
	dir := filepath.Join(cfg.Dir, "new-kiosk")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, 0, err
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		return 0, 0, err
	}
	err = st.SetSettings(ctx, map[string]string{kiosk.SettingHub: cfg.Addr, kiosk.SettingTLS: "0", kiosk.SettingCredential: cred,
		kiosk.SettingName: name, kiosk.SettingEpoch: "new", kiosk.SettingHubRole: string(protocol.RoleSelf),
		kiosk.SettingEvent: loadEvent, kiosk.SettingEventName: "Load test", kiosk.SettingPublicKeys: pub.String(),
		kiosk.SettingTimeZone: "Europe/Paris"})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, fmt.Errorf("new kiosk folder: %w", err)
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, sqlite.FileName)+"?mode=ro")
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()

	cmd := exec.CommandContext(ctx, cfg.KioskBinary, "-headless", "-data", dir, "-drain", "0s")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	// Standard input stays open: the kiosk runs until it closes.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, fmt.Errorf("start %s: %w", cfg.KioskBinary, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		stdin.Close()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	for {
		have, indexed, err := rosterStored(ctx, db, version)
		if err != nil {
			return 0, 0, err
		}
		if have && stored == 0 {
			stored = time.Since(start)
		}
		if stored > 0 && indexed {
			return stored, time.Since(start), nil
		}
		select {
		case err := <-exited:
			exited <- err
			return 0, 0, fmt.Errorf("the new kiosk stopped before its roster was stored (%v): %s", err, lastLine(stderr.String()))
		case <-time.After(5 * time.Millisecond):
		}
		if time.Since(start) > 60*time.Second {
			return 0, 0, errors.New("roster not downloaded within 60 s")
		}
	}
}

// rosterStored reads a running kiosk's file: whether it holds the roster
// at version, and whether its search index is complete.
func rosterStored(ctx context.Context, db *sql.DB, version int64) (have, indexed bool, err error) {
	var v, pending string
	err = db.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM settings WHERE key = ?), '0'),
		COALESCE((SELECT value FROM settings WHERE key = ?), '')`, kiosk.SettingRosterVersion, kiosk.SettingSearchIndexPending).Scan(&v, &pending)
	if err != nil {
		return false, false, fmt.Errorf("read the new kiosk's store: %w", err)
	}
	n, _ := strconv.ParseInt(v, 10, 64)
	return n >= version, pending != "1", nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
