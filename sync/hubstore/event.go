package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/accueil/accueil/kiosk"
)

// Event is the event this hub checks people in for.
type Event struct {
	ID         string
	Name       string
	TimeZone   string
	PrivateKey kiosk.PrivateKey
	// PublicKeys verify badges: the current key's first, then older ones
	// still accepted after a rotation.
	PublicKeys []kiosk.PublicKey
}

// SetEvent sets up the event, its signing key and the organisers'
// dashboard token; it refuses to replace another event's.
func (s *Store) SetEvent(ctx context.Context, ev Event) error {
	if ev.ID == "" {
		return errors.New("set event: empty id")
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		old, err := s.setting(ctx, tx, settingEventID)
		if err == nil && old != ev.ID {
			return fmt.Errorf("this data folder holds event %q: use another -data folder for %q", old, ev.ID)
		}
		keys := make([]string, len(ev.PublicKeys))
		for i, k := range ev.PublicKeys {
			keys[i] = k.String()
		}
		for k, v := range map[string]string{
			settingEventID: ev.ID, settingEventName: ev.Name, settingTimeZone: ev.TimeZone,
			settingPrivateKey: ev.PrivateKey.String(), settingPublicKeys: strings.Join(keys, " "),
		} {
			if err := setSetting(ctx, tx, k, v); err != nil {
				return err
			}
		}
		if _, err := s.setting(ctx, tx, settingDashboardToken); errors.Is(err, ErrNotFound) {
			return setSetting(ctx, tx, settingDashboardToken, randomSecret(24))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set event: %w", err)
	}
	return nil
}

// Event returns the event, or ErrNoEvent.
func (s *Store) Event(ctx context.Context) (Event, error) {
	var ev Event
	var err error
	if ev.ID, err = s.setting(ctx, s.db.Reader, settingEventID); errors.Is(err, ErrNotFound) {
		return Event{}, ErrNoEvent
	} else if err != nil {
		return Event{}, err
	}
	ev.Name, _ = s.setting(ctx, s.db.Reader, settingEventName)
	ev.TimeZone, _ = s.setting(ctx, s.db.Reader, settingTimeZone)
	priv, err := s.setting(ctx, s.db.Reader, settingPrivateKey)
	if err != nil {
		return Event{}, err
	}
	if ev.PrivateKey, err = kiosk.ParsePrivateKey(priv); err != nil {
		return Event{}, err
	}
	pubs, _ := s.setting(ctx, s.db.Reader, settingPublicKeys)
	for _, p := range strings.Fields(pubs) {
		k, err := kiosk.ParsePublicKey(p)
		if err != nil {
			return Event{}, err
		}
		ev.PublicKeys = append(ev.PublicKeys, k)
	}
	return ev, nil
}

// DashboardToken returns the organisers' token for the dashboard and API.
func (s *Store) DashboardToken(ctx context.Context) (string, error) {
	t, err := s.setting(ctx, s.db.Reader, settingDashboardToken)
	if errors.Is(err, ErrNotFound) {
		return "", ErrNoEvent
	}
	return t, err
}

// SeriesKeys changes with every key rotation.
const SeriesKeys = "keys"

// RotateKey makes a new badge signing key: new badges are signed with it,
// and its public key goes first in PublicKeys, before the older ones,
// which stay valid until badges are revoked. It returns the new public key.
func (s *Store) RotateKey(ctx context.Context) (kiosk.PublicKey, error) {
	key, err := kiosk.GenerateKey()
	if err != nil {
		return kiosk.PublicKey{}, fmt.Errorf("rotate key: %w", err)
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		old, err := s.setting(ctx, tx, settingPublicKeys)
		if errors.Is(err, ErrNotFound) {
			return ErrNoEvent
		}
		if err != nil {
			return err
		}
		if err := setSetting(ctx, tx, settingPrivateKey, key.String()); err != nil {
			return err
		}
		if err := setSetting(ctx, tx, settingPublicKeys, strings.TrimSpace(key.Public().String()+" "+old)); err != nil {
			return err
		}
		_, err = nextVersion(ctx, tx, SeriesKeys)
		return err
	})
	if err != nil {
		return kiosk.PublicKey{}, fmt.Errorf("rotate key: %w", err)
	}
	return key.Public(), nil
}
