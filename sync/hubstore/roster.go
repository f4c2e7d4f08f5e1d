package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// ImportStats says what a roster import changed.
type ImportStats struct {
	// Changed counts attendees added or modified; unchanged rows keep their
	// version, so kiosks download only what changed.
	Changed int
	Total   int
	Version int64
}

// ImportAttendees adds or updates attendees by id, in one transaction. It
// never deletes attendees or scans. progress, if not nil, is called every
// 1,000 rows and at the end.
func (s *Store) ImportAttendees(ctx context.Context, list []kiosk.Attendee, progress func(done, total int)) (ImportStats, error) {
	st := ImportStats{Total: len(list)}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		seen := make(map[string]bool, len(list))
		codes := make(map[string]string)
		for _, a := range list {
			if err := a.Validate(); err != nil {
				return fmt.Errorf("attendee %q: %w", a.ID, err)
			}
			if seen[a.ID] {
				return fmt.Errorf("attendee %q is listed twice", a.ID)
			}
			seen[a.ID] = true
			if a.Code != "" {
				if other, dup := codes[a.Code]; dup {
					return fmt.Errorf("attendee %q: code %q is already attendee %q's", a.ID, a.Code, other)
				}
				codes[a.Code] = a.ID
			}
		}
		v, err := nextVersion(ctx, tx, SeriesRoster)
		if err != nil {
			return err
		}
		st.Version = v
		if err := releaseMovedCodes(ctx, tx, codes, v); err != nil {
			return err
		}
		upsert := sqlitedb.NewJSONBatch(tx, `INSERT INTO attendees
			(id, first_name, last_name, organisation, category, country, language, email, code, note, votes, proxy_for, version)
			SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9,
				CAST(value->>10 AS INTEGER), value->>11, ?2
			FROM jsonb_each(jsonb(?1)) WHERE true
			ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
				organisation = excluded.organisation, category = excluded.category, country = excluded.country,
				language = excluded.language, email = excluded.email, code = excluded.code, note = excluded.note,
				votes = excluded.votes, proxy_for = excluded.proxy_for, version = excluded.version
			WHERE (first_name, last_name, organisation, category, country, language, email, code, note, votes, proxy_for)
				IS NOT (excluded.first_name, excluded.last_name, excluded.organisation, excluded.category, excluded.country,
				excluded.language, excluded.email, excluded.code, excluded.note, excluded.votes, excluded.proxy_for)`, 500, v)
		for i, a := range list {
			if err := upsert.Add(ctx, []string{a.ID, a.FirstName, a.LastName, a.Organisation, string(a.Category),
				a.Country, string(a.Language), a.Email, a.Code, a.Note, strconv.Itoa(a.Votes), a.ProxyFor}); err != nil {
				return err
			}
			if progress != nil && (i+1)%1000 == 0 {
				progress(i+1, len(list))
			}
		}
		if err := upsert.Flush(ctx); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT count(*) FROM attendees WHERE version = ?", v).Scan(&st.Changed)
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("import roster: %w", err)
	}
	if progress != nil {
		progress(len(list), len(list))
	}
	return st, nil
}

// releaseMovedCodes clears the outside codes that the import hands to
// another attendee, so the unique index does not refuse the move.
func releaseMovedCodes(ctx context.Context, tx *sql.Tx, codes map[string]string, v int64) error {
	if len(codes) == 0 {
		return nil
	}
	list := make([]string, 0, len(codes))
	for c := range codes {
		list = append(list, c)
	}
	for lo := 0; lo < len(list); lo += 500 {
		batch := list[lo:min(lo+500, len(list))]
		args := make([]any, len(batch))
		for i, c := range batch {
			args[i] = c
		}
		rows, err := tx.QueryContext(ctx, "SELECT id, code FROM attendees WHERE code IN ("+sqlitedb.Placeholders(len(args))+")", args...)
		if err != nil {
			return err
		}
		var moved []string
		for rows.Next() {
			var id, code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return err
			}
			if codes[code] != id {
				moved = append(moved, id)
			}
		}
		rows.Close()
		for _, id := range moved {
			if _, err := tx.ExecContext(ctx, "UPDATE attendees SET code = '', version = ? WHERE id = ?", v, id); err != nil {
				return err
			}
		}
	}
	return nil
}

const attendeeColumns = "id, first_name, last_name, organisation, category, country, language, email, code, note"

// AttendeesAfter returns attendees in (version, id) order after the given
// pair, at most limit, with each one's version: a page of what changed.
func (s *Store) AttendeesAfter(ctx context.Context, version int64, afterID string, limit int) ([]kiosk.Attendee, []int64, error) {
	// An empty afterID means everything after version, not "version itself
	// from the first id": no id sorts after U+10FFFF. The row-value
	// comparison walks the (version, id) index and stops at the limit.
	if afterID == "" {
		afterID = "\U0010FFFF"
	}
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT "+attendeeColumns+", version FROM attendees WHERE (version, id) > (?, ?) ORDER BY version, id LIMIT ?",
		version, afterID, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("read roster changes: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Attendee
	var versions []int64
	for rows.Next() {
		var a kiosk.Attendee
		var cat, lang string
		var v int64
		if err := rows.Scan(&a.ID, &a.FirstName, &a.LastName, &a.Organisation, &cat, &a.Country, &lang, &a.Email, &a.Code, &a.Note, &v); err != nil {
			return nil, nil, fmt.Errorf("read roster changes: %w", err)
		}
		a.Category, a.Language = kiosk.Category(cat), kiosk.Language(lang)
		out = append(out, a)
		versions = append(versions, v)
	}
	return out, versions, rows.Err()
}

// AttendeesSince returns the attendees changed after version, at most
// limit, and the version of the last one returned.
func (s *Store) AttendeesSince(ctx context.Context, version int64, limit int) ([]kiosk.Attendee, int64, error) {
	list, versions, err := s.AttendeesAfter(ctx, version, "", limit)
	if err != nil || len(list) == 0 {
		return list, version, err
	}
	return list, versions[len(versions)-1], nil
}

// RegisteredByCategory counts the roster by category.
func (s *Store) RegisteredByCategory(ctx context.Context) (map[kiosk.Category]int, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT category, count(*) FROM attendees GROUP BY category")
	if err != nil {
		return nil, fmt.Errorf("count roster: %w", err)
	}
	defer rows.Close()
	out := make(map[kiosk.Category]int)
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[kiosk.Category(c)] = n
	}
	return out, rows.Err()
}

// SaveCheckpoints adds or updates checkpoints; the entrance always exists.
func (s *Store) SaveCheckpoints(ctx context.Context, list []kiosk.Checkpoint) (int64, error) {
	var v int64
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = nextVersion(ctx, tx, SeriesCheckpoints); err != nil {
			return err
		}
		for _, c := range list {
			if err := c.Validate(); err != nil {
				return fmt.Errorf("checkpoint %q: %w", c.ID, err)
			}
			if err := upsertCheckpoint(ctx, tx, c, v, true); err != nil {
				return err
			}
		}
		return upsertCheckpoint(ctx, tx, kiosk.DefaultEntrance, v, false)
	})
	if err != nil {
		return 0, fmt.Errorf("save checkpoints: %w", err)
	}
	return v, nil
}

func upsertCheckpoint(ctx context.Context, tx *sql.Tx, c kiosk.Checkpoint, v int64, replace bool) error {
	cats := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		cats[i] = string(cat)
	}
	conflict := "DO NOTHING"
	if replace {
		conflict = `DO UPDATE SET name = excluded.name, name_en = excluded.name_en, kind = excluded.kind, room = excluded.room,
			starts_at = excluded.starts_at, ends_at = excluded.ends_at, capacity = excluded.capacity,
			categories = excluded.categories, quorum = excluded.quorum, speakers = excluded.speakers, version = excluded.version`
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO checkpoints (id, name, name_en, kind, room, starts_at, ends_at, capacity, categories, quorum, speakers, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) `+conflict,
		c.ID, c.Name, c.NameEN, string(c.Kind), c.Room, nanos(c.StartsAt), nanos(c.EndsAt), c.Capacity, strings.Join(cats, " "),
		c.Quorum.String(), kiosk.JoinIDs(c.Speakers), v)
	if err != nil {
		return fmt.Errorf("checkpoint %q: %w", c.ID, err)
	}
	return nil
}

// CheckpointsSince returns the checkpoints changed after version, and the
// newest version among them.
func (s *Store) CheckpointsSince(ctx context.Context, version int64) ([]kiosk.Checkpoint, int64, error) {
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT id, name, name_en, kind, room, starts_at, ends_at, capacity, categories, quorum, speakers, version
		FROM checkpoints WHERE version > ? ORDER BY id <> 'entrance', starts_at, id`, version)
	if err != nil {
		return nil, 0, fmt.Errorf("read checkpoints: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Checkpoint
	last := version
	for rows.Next() {
		var c kiosk.Checkpoint
		var kind, cats, quorum, speakers string
		var starts, ends, v int64
		if err := rows.Scan(&c.ID, &c.Name, &c.NameEN, &kind, &c.Room, &starts, &ends, &c.Capacity, &cats, &quorum, &speakers, &v); err != nil {
			return nil, 0, fmt.Errorf("read checkpoints: %w", err)
		}
		// Stored quorums were parsed on import; one that no longer parses
		// (a hand-edited database) makes the checkpoint no meeting rather
		// than stopping the hub.
		c.Quorum, _ = kiosk.ParseQuorum(quorum)
		c.Speakers = strings.Fields(speakers)
		c.Kind, c.StartsAt, c.EndsAt = kiosk.CheckpointKind(kind), fromNanos(starts), fromNanos(ends)
		for _, cat := range strings.Fields(cats) {
			c.Categories = append(c.Categories, kiosk.Category(cat))
		}
		last = max(last, v)
		out = append(out, c)
	}
	return out, last, rows.Err()
}

// Checkpoints returns every checkpoint.
func (s *Store) Checkpoints(ctx context.Context) ([]kiosk.Checkpoint, error) {
	cps, _, err := s.CheckpointsSince(ctx, 0)
	if err == nil && len(cps) == 0 {
		cps = []kiosk.Checkpoint{kiosk.DefaultEntrance}
	}
	return cps, err
}

// Revocation withdraws badges: Issue 0 every badge of the attendee and
// their outside code, n > 0 only the n-th badge.
type Revocation struct {
	AttendeeID string
	Issue      int
	Reason     string
}

// Revoke records a revocation; kiosks receive it with the next update.
// The attendee's roster entry changes version too, so that desks receive
// the token of the badge that replaces the revoked one.
func (s *Store) Revoke(ctx context.Context, r Revocation) (int64, error) {
	var v int64
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = nextVersion(ctx, tx, SeriesRevocations); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO revocations (attendee_id, issue, reason, at, version) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO UPDATE SET reason = excluded.reason, version = excluded.version`,
			r.AttendeeID, r.Issue, r.Reason, nanos(s.now()), v)
		if err != nil {
			return err
		}
		rv, err := nextVersion(ctx, tx, SeriesRoster)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE attendees SET version = ? WHERE id = ?", rv, r.AttendeeID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("revoke %q: %w", r.AttendeeID, err)
	}
	return v, nil
}

// RevocationsSince returns the revocations recorded after version, and the
// newest version among them.
func (s *Store) RevocationsSince(ctx context.Context, version int64) ([]Revocation, int64, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT attendee_id, issue, reason, version FROM revocations WHERE version > ? ORDER BY version", version)
	if err != nil {
		return nil, 0, fmt.Errorf("read revocations: %w", err)
	}
	defer rows.Close()
	var out []Revocation
	last := version
	for rows.Next() {
		var r Revocation
		var v int64
		if err := rows.Scan(&r.AttendeeID, &r.Issue, &r.Reason, &v); err != nil {
			return nil, 0, err
		}
		last = max(last, v)
		out = append(out, r)
	}
	return out, last, rows.Err()
}

// Attendee returns one attendee, or ErrNotFound.
func (s *Store) Attendee(ctx context.Context, id string) (kiosk.Attendee, error) {
	var a kiosk.Attendee
	var cat, lang string
	err := s.db.Reader.QueryRowContext(ctx, "SELECT "+attendeeColumns+" FROM attendees WHERE id = ?", id).
		Scan(&a.ID, &a.FirstName, &a.LastName, &a.Organisation, &cat, &a.Country, &lang, &a.Email, &a.Code, &a.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.Attendee{}, fmt.Errorf("attendee %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return kiosk.Attendee{}, fmt.Errorf("read attendee %q: %w", id, err)
	}
	a.Category, a.Language = kiosk.Category(cat), kiosk.Language(lang)
	return a, nil
}
