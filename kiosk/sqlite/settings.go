package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accueil/accueil/kiosk"
)

// Setting returns a stored setting, or ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.Reader.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("setting %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("read setting %q: %w", key, err)
	}
	return v, nil
}

// SetSettings stores several settings in one transaction.
func (s *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if _, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if _, ok := kv[kiosk.SettingTimeZone]; ok {
		s.zones.Store(nil)
	}
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	_, event := kv[kiosk.SettingEvent]
	_, role := kv[kiosk.SettingHubRole]
	if event || role {
		// Codes are hashed with the event, and kept in plain or not by
		// role: bring those already stored in line at once.
		return s.settleCodes(ctx)
	}
	return nil
}
