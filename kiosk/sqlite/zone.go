package sqlite

import "time"

// zoneCache keeps the zone between scans: reading the setting and
// LoadLocation (which reads the zone database) for every scan would cost
// more than the scan. The folder's lock makes this process the only writer,
// and SetSettings forgets the cache when the zone changes.
type zoneCache struct {
	loc *time.Location
}

// zoneIn is the event's time zone, read in q's transaction on first use;
// an unset or unknown zone is UTC, which errs only on when a day begins.
func (s *Store) zoneIn(q scanQueries) (*time.Location, error) {
	if c := s.zones.Load(); c != nil {
		return c.loc, nil
	}
	var name string
	if err := q.queryRow(stmtZone).Scan(&name); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	s.zones.Store(&zoneCache{loc: loc})
	return loc, nil
}
