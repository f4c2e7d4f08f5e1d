package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The projector view is switched on per event by giving it a key of its
// own: the office projector shows counts without knowing the organisers'
// token, and switching it off forgets the key, so an old projector URL
// stops working. It lives in the settings table (settingProjectorKey); no
// migration is needed.

// ProjectorKey returns the projector view's key, or "" when the view is off.
func (s *Store) ProjectorKey(ctx context.Context) (string, error) {
	k, err := s.setting(ctx, s.db.Reader, settingProjectorKey)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read projector key: %w", err)
	}
	return k, nil
}

// SetProjector switches the projector view on or off and returns its key
// ("" when off). Switching on a view already on keeps its key, so the
// projector already showing it keeps working; off then on makes a new one.
func (s *Store) SetProjector(ctx context.Context, on bool) (string, error) {
	var key string
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if !on {
			_, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", settingProjectorKey)
			return err
		}
		old, err := s.setting(ctx, tx, settingProjectorKey)
		switch {
		case err == nil && old != "":
			key = old
			return nil
		case err != nil && !errors.Is(err, ErrNotFound):
			return err
		}
		key = randomSecret(24)
		return setSetting(ctx, tx, settingProjectorKey, key)
	})
	if err != nil {
		return "", fmt.Errorf("switch projector view: %w", err)
	}
	return key, nil
}
