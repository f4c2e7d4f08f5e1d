package sqlite

import (
	"context"
	"database/sql"
	"time"
)

// SettingTimeZone is the setting naming the event's IANA time zone: where
// the event's days begin, for presence that restarts each morning.
const SettingTimeZone = "time_zone"

// zoneCache keeps the last zone loaded: LoadLocation reads the zone
// database, far dearer than the scan it serves.
type zoneCache struct {
	name string
	loc  *time.Location
}

// zone reads the event's time zone in tx; an unset or unknown zone is UTC,
// which errs only on when a day begins.
func (s *Store) zone(ctx context.Context, tx *sql.Tx) (*time.Location, error) {
	var name string
	if err := tx.StmtContext(ctx, s.scanStmts.zone).QueryRowContext(ctx).Scan(&name); err != nil {
		return nil, err
	}
	if c := s.zones.Load(); c != nil && c.name == name {
		return c.loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	s.zones.Store(&zoneCache{name: name, loc: loc})
	return loc, nil
}
