package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accueil/accueil/kiosk"
)

// HubGeneration returns the hub generation last recorded ("" for none).
func (s *Store) HubGeneration(ctx context.Context) (string, error) {
	g, err := s.Setting(ctx, kiosk.SettingHubGeneration)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	return g, err
}

// Resync is what a kiosk does for a hub that may lack what it was given:
// one restored from an older backup, a brand-new hub given the event's
// backup, or a promoted standby. The kiosk's own scans above ackedSeq (what
// that hub holds of this kiosk's epoch) go back in the outbox; with a new
// generation, its walk-ins are sent again (the hub takes the same walk-in
// from the same desk again without change) and the relay cursor and the
// download versions restart from zero, since the new hub numbers its relays
// and versions afresh (scans already known are skipped by id). Scans are
// never deleted: the hub's set is the union of the kiosks' logs. It returns
// how many scans were queued again.
func (s *Store) Resync(ctx context.Context, generation string, ackedSeq int64) (int, error) {
	var requeued int
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM scans WHERE hub_cursor = 0 AND seq > ? AND seq <= "+ackedSeqSQL,
			ackedSeq).Scan(&requeued)
		if err != nil {
			return err
		}
		if requeued > 0 {
			if err := setInt(ctx, tx, kiosk.SettingAckedSeq, ackedSeq); err != nil {
				return err
			}
		}
		var old string
		err = tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", kiosk.SettingHubGeneration).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == generation {
			return nil
		}
		if old != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE walkins SET sent = 0"); err != nil {
				return err
			}
			for _, key := range []string{kiosk.SettingSeenCursor, kiosk.SettingRosterVersion, kiosk.SettingCheckpointsVersion, kiosk.SettingRevocationsVersion} {
				if err := setInt(ctx, tx, key, 0); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			kiosk.SettingHubGeneration, generation)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("resync with hub generation %s: %w", generation, err)
	}
	return requeued, nil
}
