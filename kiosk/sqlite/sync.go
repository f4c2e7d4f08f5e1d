package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/accueil/accueil/kiosk"
)

// Settings keys the hub client keeps in step with the hub.

// SyncState is how far this kiosk has applied what the hub sends (the
// domain's type, named here for the store's callers).
type SyncState = kiosk.SyncState

// SyncState returns the versions and cursor last applied.
func (s *Store) SyncState(ctx context.Context) (SyncState, error) {
	var st SyncState
	for _, f := range []struct {
		key string
		dst *int64
	}{
		{kiosk.SettingRosterVersion, &st.RosterVersion},
		{kiosk.SettingCheckpointsVersion, &st.CheckpointsVersion},
		{kiosk.SettingRevocationsVersion, &st.RevocationsVersion},
		{kiosk.SettingSeenCursor, &st.SeenCursor},
	} {
		v, err := s.Setting(ctx, f.key)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return SyncState{}, err
		}
		if *f.dst, err = strconv.ParseInt(v, 10, 64); err != nil {
			return SyncState{}, fmt.Errorf("setting %s: %w", f.key, err)
		}
	}
	return st, nil
}

func setInt(ctx context.Context, tx *sql.Tx, key string, v int64) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		key, strconv.FormatInt(v, 10))
	return err
}

// RelayedScan is an admitted scan of another kiosk, as the hub relays it.
type RelayedScan = kiosk.RelayedScan

// ApplyRelayed stores scans relayed by the hub and brings presence up to
// date, so that a badge admitted at another door is already checked in
// here. Scans already known are skipped; cursor is saved in the same
// transaction, so a restart resumes exactly where this left off.
func (s *Store) ApplyRelayed(ctx context.Context, cursor int64, scans []RelayedScan) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, r := range scans {
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO scans (id, kiosk, checkpoint, direction, verdict, reason,
				attendee_id, payload, at, first_at, first_kiosk, hub_cursor) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)`,
				r.ID, r.Kiosk, r.Checkpoint, string(r.Direction), string(r.Verdict), r.Reason, r.AttendeeID,
				nanos(r.At), nanos(r.FirstAt), r.FirstKiosk, r.Cursor)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 || r.Verdict != kiosk.VerdictAccepted || r.AttendeeID == "" {
				continue
			}
			if err := s.applyRelayedMove(ctx, tx, r.Scan); err != nil {
				return err
			}
		}
		return setInt(ctx, tx, kiosk.SettingSeenCursor, cursor)
	})
	if err != nil {
		return fmt.Errorf("apply %d relayed scans: %w", len(scans), err)
	}
	return nil
}

// applyRelayedMove updates presence for another kiosk's admitted scan, by
// kiosk.Move. The first entry is the earliest by kiosk clock, whichever
// kiosk told first.
func (s *Store) applyRelayedMove(ctx context.Context, tx *sql.Tx, sc kiosk.Scan) error {
	var inside bool
	var firstAt int64
	err := tx.QueryRowContext(ctx, "SELECT inside, first_at FROM presence WHERE attendee_id = ? AND checkpoint = ?",
		sc.AttendeeID, sc.Checkpoint).Scan(&inside, &firstAt)
	known := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	zone, err := s.zoneIn(s.inTx(ctx, tx))
	if err != nil {
		return err
	}
	sameDay := known && kiosk.SameDay(fromNanos(firstAt), sc.At, zone)
	delta := 0
	switch {
	case sc.Direction == kiosk.In && known && !sameDay && sc.At.Before(fromNanos(firstAt)):
		// A late report of an earlier day's entry: today's presence stands.
		return nil
	case sc.Direction == kiosk.In && known && !sameDay:
		// The attendee's first entry of a new day.
		_, err = tx.ExecContext(ctx, "UPDATE presence SET inside = 1, first_at = ?, first_kiosk = ? WHERE attendee_id = ? AND checkpoint = ?",
			nanos(sc.At), sc.Kiosk, sc.AttendeeID, sc.Checkpoint)
		delta = kiosk.Move(inside, sc.Direction)
	case sc.Direction == kiosk.In && !known:
		_, err = tx.ExecContext(ctx, "INSERT INTO presence (attendee_id, checkpoint, inside, first_at, first_kiosk) VALUES (?, ?, 1, ?, ?)",
			sc.AttendeeID, sc.Checkpoint, nanos(sc.At), sc.Kiosk)
		delta = kiosk.Move(false, sc.Direction)
	case sc.Direction == kiosk.In:
		_, err = tx.ExecContext(ctx, `UPDATE presence SET inside = 1,
			first_kiosk = CASE WHEN ?1 < first_at THEN ?2 ELSE first_kiosk END, first_at = min(first_at, ?1)
			WHERE attendee_id = ?3 AND checkpoint = ?4`, nanos(sc.At), sc.Kiosk, sc.AttendeeID, sc.Checkpoint)
		delta = kiosk.Move(inside, sc.Direction)
	case known && inside && sc.Reason != kiosk.ReasonNotInside:
		_, err = tx.ExecContext(ctx, "UPDATE presence SET inside = 0 WHERE attendee_id = ? AND checkpoint = ?", sc.AttendeeID, sc.Checkpoint)
		delta = kiosk.Move(inside, sc.Direction)
	}
	if err != nil || delta == 0 {
		return err
	}
	err = s.inTx(ctx, tx).exec(stmtMove, sc.Checkpoint, delta)
	return err
}

// ApplyRoster adds or updates attendees sent by the hub and records the
// roster version, in one transaction.
func (s *Store) ApplyRoster(ctx context.Context, version int64, list []kiosk.Attendee) error {
	return s.ApplyRosterWithBadges(ctx, version, list, nil)
}

// ApplyCheckpoints adds or updates checkpoints sent by the hub and records
// their version.
func (s *Store) ApplyCheckpoints(ctx context.Context, version int64, list []kiosk.Checkpoint) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.saveCheckpoints(ctx, tx, list); err != nil {
			return err
		}
		return setInt(ctx, tx, kiosk.SettingCheckpointsVersion, version)
	})
	if err != nil {
		return fmt.Errorf("apply checkpoints version %d: %w", version, err)
	}
	return nil
}

// Revocation withdraws badges: Issue 0 every badge of the attendee and
// their outside code, n > 0 only the n-th badge.
type Revocation = kiosk.Revocation

// ApplyRevocations records revocations sent by the hub and their version.
func (s *Store) ApplyRevocations(ctx context.Context, version int64, list []Revocation) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, r := range list {
			if err := revoke(ctx, tx, r, s.now()); err != nil {
				return err
			}
		}
		return setInt(ctx, tx, kiosk.SettingRevocationsVersion, version)
	})
	if err != nil {
		return fmt.Errorf("apply revocations version %d: %w", version, err)
	}
	return nil
}
