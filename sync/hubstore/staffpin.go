package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SeriesStaffPIN changes with every `hub pin set`.
const SeriesStaffPIN = "staff_pin"

// StaffPIN returns the staff PIN's hash ("" when none is set) and its
// version.
func (s *Store) StaffPIN(ctx context.Context) (hash string, version int64, err error) {
	hash, err = s.setting(ctx, s.db.Reader, settingStaffPIN)
	if errors.Is(err, ErrNotFound) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("read staff PIN: %w", err)
	}
	version, err = s.Version(ctx, SeriesStaffPIN)
	return hash, version, err
}

// SetStaffPIN keeps the staff PIN's hash for every kiosk of the event.
func (s *Store) SetStaffPIN(ctx context.Context, hash string) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, settingStaffPIN, hash); err != nil {
			return err
		}
		_, err := nextVersion(ctx, tx, SeriesStaffPIN)
		return err
	})
	if err != nil {
		return fmt.Errorf("set staff PIN: %w", err)
	}
	return nil
}
