package hubstore

import (
	"context"
	"database/sql"
	"fmt"
)

// PurgeStats says what a purge removed.
type PurgeStats struct {
	Attendees int
}

// Purge removes personal data after the event: names (an attendee is
// then known by their id), organisations, emails, codes and notes go; ids, categories and every scan stay, so the
// attendance figures can still be counted and exported. Running it twice
// changes nothing more.
func (s *Store) Purge(ctx context.Context) (PurgeStats, error) {
	var st PurgeStats
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		v, err := nextVersion(ctx, tx, SeriesRoster)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE attendees SET first_name = '', last_name = id, organisation = '', country = '',
			email = '', code = '', note = '', version = ?
			WHERE first_name <> '' OR last_name <> id OR organisation <> '' OR country <> '' OR email <> '' OR code <> '' OR note <> ''`, v)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		st.Attendees = int(n)
		if _, err := tx.ExecContext(ctx, "UPDATE revocations SET reason = ''"); err != nil {
			return err
		}
		// Alerts say who arrived and who is awaited: personal data.
		if _, err := tx.ExecContext(ctx, "DELETE FROM alerts"); err != nil {
			return err
		}
		// Who held whose proxy is personal too; and the attendance sheets
		// and certificates, which name people, are no longer made.
		if _, err := tx.ExecContext(ctx, "UPDATE attendees SET proxy_for = '' WHERE proxy_for <> ''"); err != nil {
			return err
		}
		return setSetting(ctx, tx, settingPurged, "yes")
	})
	if err != nil {
		return PurgeStats{}, fmt.Errorf("purge: %w", err)
	}
	// Deleted rows stay in free pages until the file is rewritten.
	if _, err := s.db.Writer.ExecContext(ctx, "VACUUM"); err != nil {
		return st, fmt.Errorf("purge: compact the database: %w", err)
	}
	return st, nil
}
