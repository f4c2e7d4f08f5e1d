package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// StandbyAddr returns the address the warm standby announced (`hub
// standby -addr`), "" when there is none: enrollment codes and welcomes
// carry it so that kiosks find the standby once it is promoted.
func (s *Store) StandbyAddr(ctx context.Context) (string, error) {
	a, err := s.setting(ctx, s.db.Reader, settingStandbyAddr)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read standby address: %w", err)
	}
	return a, nil
}

// SetStandbyAddr records the standby's address.
func (s *Store) SetStandbyAddr(ctx context.Context, addr string) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingStandbyAddr, addr) })
	if err != nil {
		return fmt.Errorf("record standby address: %w", err)
	}
	return nil
}
