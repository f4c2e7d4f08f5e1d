package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// ApplyRosterWithBadges is ApplyRoster for a desk kiosk: badges holds the
// token the hub signed for each attendee that has one, kept so that the
// desk can reprint their badge. An attendee sent without a token keeps the
// one it had. Into an empty roster, the pages' words wait for IndexSearch.
func (s *Store) ApplyRosterWithBadges(ctx context.Context, version int64, list []kiosk.Attendee, badges map[string]string) error {
	s.backlog.mu.Lock()
	defer s.backlog.mu.Unlock()
	var deferred, fresh bool
	var words wordIndex
	var stats ImportStats
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		if deferred, fresh, err = s.deferWords(ctx, tx, len(list)); err != nil {
			return err
		}
		var deferTo *wordIndex
		if deferred {
			deferTo = &words
		}
		if stats, err = s.importAttendees(ctx, tx, list, nil, deferTo); err != nil {
			return err
		}
		if len(badges) > 0 {
			save := sqlitedb.NewJSONBatch(tx, "UPDATE attendees SET badge = value->>1 FROM jsonb_each(jsonb(?1)) WHERE attendees.id = value->>0", 500)
			for _, a := range list {
				if tok := badges[a.ID]; tok != "" {
					if err := save.Add(ctx, []string{a.ID, tok}); err != nil {
						return err
					}
				}
			}
			if err := save.Flush(ctx); err != nil {
				return err
			}
		}
		if deferred {
			// Here, while this transaction holds the writer: another
			// import that changes attendees comes wholly before or after.
			s.keepPendingWords(words, fresh, stats.Updated > 0)
		}
		return setInt(ctx, tx, kiosk.SettingRosterVersion, version)
	})
	if err != nil {
		if deferred {
			s.backlog.words.Store(nil) // they may hold this page's words
		}
		return fmt.Errorf("apply roster version %d: %w", version, err)
	}
	if deferred {
		s.backlog.pending.Store(true)
	}
	return nil
}

// BadgePayload returns an attendee with what their printed badge should
// carry, best first: the token the hub signed for a walk-in, the token it
// sent with the roster (desk kiosks only), else the walk-in's or outside
// registration's code. With none of these it returns an error wrapping
// kiosk.ErrNoBadge; for an attendee whose badges are all revoked, one
// wrapping kiosk.ErrBadgeRevoked. Tokens are issue 1: when that issue is
// revoked, only a code is offered.
func (s *Store) BadgePayload(ctx context.Context, attendeeID string) (kiosk.Attendee, string, kiosk.PayloadKind, error) {
	var f attendeeFields
	var walkInToken, rosterToken string
	var revokedAll, revokedToken bool
	err := s.db.Reader.QueryRowContext(ctx, "SELECT "+prefixed("a.", attendeeColumns)+`, COALESCE(w.token, ''), a.badge,
			EXISTS (SELECT 1 FROM revocations r WHERE r.attendee_id = a.id AND r.issue = 0),
			EXISTS (SELECT 1 FROM revocations r WHERE r.attendee_id = a.id AND r.issue = 1)
		FROM attendees a LEFT JOIN walkins w ON w.attendee_id = a.id WHERE a.id = ?`, attendeeID).
		Scan(append(f.dest(), &walkInToken, &rosterToken, &revokedAll, &revokedToken)...)
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.Attendee{}, "", "", fmt.Errorf("badge of %q: %w", attendeeID, ErrNotFound)
	}
	if err != nil {
		return kiosk.Attendee{}, "", "", fmt.Errorf("badge of %q: %w", attendeeID, err)
	}
	a := f.attendee()
	switch {
	case revokedAll:
		return a, "", "", fmt.Errorf("badge of %q: %w", attendeeID, kiosk.ErrBadgeRevoked)
	case walkInToken != "" && !revokedToken:
		return a, walkInToken, kiosk.PayloadToken, nil
	case rosterToken != "" && !revokedToken:
		return a, rosterToken, kiosk.PayloadToken, nil
	case a.Code != "":
		return a, a.Code, kiosk.PayloadCode, nil
	}
	return a, "", "", fmt.Errorf("badge of %q: %w", attendeeID, kiosk.ErrNoBadge)
}

// RecordPrint adds a badge sent to a printer to the print log.
func (s *Store) RecordPrint(ctx context.Context, p kiosk.PrintRecord) error {
	_, err := s.db.Writer.ExecContext(ctx, `INSERT INTO prints (attendee_id, payload_hash, kind, printer, job, at, action)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, p.AttendeeID, p.PayloadHash, string(p.Kind), p.Printer, p.Job, nanos(p.At), string(p.Action))
	if err != nil {
		return fmt.Errorf("log print of %q: %w", p.AttendeeID, err)
	}
	return nil
}

// Prints returns an attendee's entries in the print log, oldest first.
func (s *Store) Prints(ctx context.Context, attendeeID string) ([]kiosk.PrintRecord, error) {
	out, err := sqlitedb.QueryAll(ctx, s.db.Reader, scanPrint, `SELECT attendee_id, payload_hash, kind, printer, job, at, action
		FROM prints WHERE attendee_id = ? ORDER BY seq`, attendeeID)
	if err != nil {
		return nil, fmt.Errorf("print log of %q: %w", attendeeID, err)
	}
	return out, nil
}

// LastPrint returns the latest print of an attendee's badge, and false when
// it was never printed here.
func (s *Store) LastPrint(ctx context.Context, attendeeID string) (kiosk.PrintRecord, bool, error) {
	p, err := scanPrint(s.db.Reader.QueryRowContext(ctx, `SELECT attendee_id, payload_hash, kind, printer, job, at, action
		FROM prints WHERE attendee_id = ? ORDER BY seq DESC LIMIT 1`, attendeeID))
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.PrintRecord{}, false, nil
	}
	if err != nil {
		return kiosk.PrintRecord{}, false, fmt.Errorf("last print of %q: %w", attendeeID, err)
	}
	return p, true, nil
}

func scanPrint(r rowScanner) (kiosk.PrintRecord, error) {
	var p kiosk.PrintRecord
	var kind, action string
	var at int64
	if err := r.Scan(&p.AttendeeID, &p.PayloadHash, &kind, &p.Printer, &p.Job, &at, &action); err != nil {
		return kiosk.PrintRecord{}, err
	}
	p.Kind, p.Action, p.At = kiosk.PayloadKind(kind), kiosk.PrintAction(action), fromNanos(at)
	return p, nil
}
