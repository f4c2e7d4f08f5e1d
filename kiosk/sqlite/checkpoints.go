package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// SaveCheckpoints adds or updates checkpoints by id in one transaction. The
// entrance always exists: it is created when missing.
func (s *Store) SaveCheckpoints(ctx context.Context, list []kiosk.Checkpoint) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error { return s.saveCheckpoints(ctx, tx, list) })
	if err != nil {
		return fmt.Errorf("save checkpoints: %w", err)
	}
	return nil
}

// saveCheckpoints writes checkpoints in tx. It is the only writer of the
// checkpoints table, and forgets the scan path's cached checkpoint first.
func (s *Store) saveCheckpoints(ctx context.Context, tx *sql.Tx, list []kiosk.Checkpoint) error {
	s.scanCheckpoint.Store(nil)
	for _, c := range list {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("checkpoint %q: %w", c.ID, err)
		}
		if err := upsertCheckpoint(ctx, tx, c, true); err != nil {
			return err
		}
	}
	return upsertCheckpoint(ctx, tx, kiosk.DefaultEntrance, false)
}

func upsertCheckpoint(ctx context.Context, tx *sql.Tx, c kiosk.Checkpoint, replace bool) error {
	cats := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		cats[i] = string(cat)
	}
	conflict := "DO NOTHING"
	if replace {
		conflict = `DO UPDATE SET name = excluded.name, name_en = excluded.name_en, kind = excluded.kind, room = excluded.room,
			starts_at = excluded.starts_at, ends_at = excluded.ends_at, capacity = excluded.capacity, categories = excluded.categories`
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO checkpoints (id, name, name_en, kind, room, starts_at, ends_at, capacity, categories)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) `+conflict,
		c.ID, c.Name, c.NameEN, string(c.Kind), c.Room, nanos(c.StartsAt), nanos(c.EndsAt), c.Capacity, strings.Join(cats, " "))
	if err != nil {
		return fmt.Errorf("checkpoint %q: %w", c.ID, err)
	}
	return nil
}

const checkpointColumns = "id, name, name_en, kind, room, starts_at, ends_at, capacity, categories"

func scanCheckpoint(r rowScanner) (kiosk.Checkpoint, error) {
	var c kiosk.Checkpoint
	var kind, cats string
	var starts, ends int64
	if err := r.Scan(&c.ID, &c.Name, &c.NameEN, &kind, &c.Room, &starts, &ends, &c.Capacity, &cats); err != nil {
		return c, err
	}
	c.Kind, c.StartsAt, c.EndsAt = kiosk.CheckpointKind(kind), fromNanos(starts), fromNanos(ends)
	for _, cat := range strings.Fields(cats) {
		c.Categories = append(c.Categories, kiosk.Category(cat))
	}
	return c, nil
}

// Checkpoint returns one checkpoint; the entrance exists even when none was
// imported.
func (s *Store) Checkpoint(ctx context.Context, id string) (kiosk.Checkpoint, error) {
	c, err := scanCheckpoint(s.db.Reader.QueryRowContext(ctx, "SELECT "+checkpointColumns+" FROM checkpoints WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		if id == kiosk.EntranceID {
			return kiosk.DefaultEntrance, nil
		}
		return kiosk.Checkpoint{}, fmt.Errorf("checkpoint %q: %w", id, kiosk.ErrUnknownCheckpoint)
	}
	if err != nil {
		return kiosk.Checkpoint{}, fmt.Errorf("read checkpoint %q: %w", id, err)
	}
	return c, nil
}

// Checkpoints returns every checkpoint, the entrance first.
func (s *Store) Checkpoints(ctx context.Context) ([]kiosk.Checkpoint, error) {
	out, err := sqlitedb.QueryAll(ctx, s.db.Reader, scanCheckpoint, "SELECT "+checkpointColumns+" FROM checkpoints ORDER BY id <> 'entrance', starts_at, id")
	if err != nil {
		return nil, fmt.Errorf("list checkpoints: %w", err)
	}
	if len(out) == 0 || out[0].ID != kiosk.EntranceID {
		out = append([]kiosk.Checkpoint{kiosk.DefaultEntrance}, out...)
	}
	return out, nil
}

// Revoke records that an attendee's badge is no longer valid: issue 0
// revokes every badge and the outside code, n > 0 only the n-th badge.
func (s *Store) Revoke(ctx context.Context, attendeeID string, issue int, reason string) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		return revoke(ctx, tx, Revocation{AttendeeID: attendeeID, Issue: issue, Reason: reason}, s.now())
	})
	if err != nil {
		return fmt.Errorf("revoke %q: %w", attendeeID, err)
	}
	return nil
}

func revoke(ctx context.Context, tx *sql.Tx, r Revocation, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO revocations (attendee_id, issue, reason, at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO UPDATE SET reason = excluded.reason`, r.AttendeeID, r.Issue, r.Reason, nanos(now))
	return err
}
