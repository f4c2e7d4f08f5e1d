package sqlite

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// Settings keys of the staff PIN's lockout.

// PINState keeps the staff PIN's wrong tries and lock in the store, so
// that a restart does not end a lockout (it is the kiosk/pin State).
type PINState struct{ s *Store }

// PINState returns the store's keeper of the PIN lockout.
func (s *Store) PINState() PINState { return PINState{s} }

// LoadPINState reads the tries and lock; none recorded is zero.
func (p PINState) LoadPINState() (int, time.Time, error) {
	ctx := context.Background()
	read := func(key string) (int64, error) {
		v, err := p.s.Setting(ctx, key)
		if errors.Is(err, ErrNotFound) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		return strconv.ParseInt(v, 10, 64)
	}
	tries, err := read(kiosk.SettingPINTries)
	if err != nil {
		return 0, time.Time{}, err
	}
	until, err := read(kiosk.SettingPINLockedUntil)
	if err != nil {
		return 0, time.Time{}, err
	}
	return int(tries), fromNanos(until), nil
}

// SavePINState records the tries and lock.
func (p PINState) SavePINState(tries int, lockedUntil time.Time) error {
	return p.s.SetSettings(context.Background(), map[string]string{
		kiosk.SettingPINTries:       strconv.Itoa(tries),
		kiosk.SettingPINLockedUntil: strconv.FormatInt(nanos(lockedUntil), 10),
	})
}
