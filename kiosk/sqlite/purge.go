package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// Purge removes personal data from the kiosk after the event: attendees'
// names (an attendee is then known by their id) and contact details, the search index, scanned payloads,
// outside codes and their hashes, and walk-in badges. Ids, categories and every scan's verdict stay, for
// anonymous counts. Running it twice changes nothing more.
func (s *Store) Purge(ctx context.Context) (int, error) {
	var n int64
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE attendees SET first_name = '', last_name = id, organisation = '', country = '',
			email = '', code = '', code_hash = '', note = '', search = ''
			WHERE first_name <> '' OR last_name <> id OR organisation <> '' OR country <> '' OR email <> '' OR code <> ''
				OR code_hash <> '' OR note <> ''`)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		for _, q := range []string{
			"DELETE FROM search_words",
			"UPDATE scans SET payload = '' WHERE payload <> ''",
			"UPDATE walkins SET token = ''",
			"UPDATE attendees SET badge = '' WHERE badge <> ''",
			"UPDATE revocations SET reason = ''",
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("purge: %w", err)
	}
	if _, err := s.db.Writer.ExecContext(ctx, "VACUUM"); err != nil {
		return int(n), fmt.Errorf("purge: compact the database: %w", err)
	}
	return int(n), nil
}
