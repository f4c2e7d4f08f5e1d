package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/accueil/accueil/kiosk"
)

// KeepsCodes reports whether a kiosk enrolled with role keeps outside codes
// in plain, beside their hashes: a role the hub sends badge secrets to
// (protocol.RightsOf's BadgeTokens: a desk, where staff search by code and
// print badges), and a kiosk without a hub (role ""), whose roster is the
// operator's own file and which staff may turn into a desk at any time.
// Every other role keeps hashes only: a stolen self-service or session
// kiosk then holds no code that would print a working badge.
func KeepsCodes(role string) bool { return role == "" || role == deskRole }

// deskRole is protocol.RoleDesk, the one role the role table gives badge
// secrets: the kiosk's side must not link the wire package
// (docs/imports_test.go), and sync/hubclient's TestKeepsCodesFollowsRoles
// keeps the two in step.
const deskRole = "desk"

// codePolicy is what code handling needs from the settings, read once and
// cached: the folder's lock makes this process the only writer, and
// SetSettings forgets it when the event or the role changes.
type codePolicy struct {
	event string
	keep  bool
}

// codes returns the policy, reading it with q on first use.
func (s *Store) codes(ctx context.Context, q querier) (codePolicy, error) {
	if p := s.policy.Load(); p != nil {
		return *p, nil
	}
	return s.loadCodes(q.QueryRowContext(ctx, codePolicySQL, kiosk.SettingEvent, kiosk.SettingHubRole))
}

// codesIn is codes in the scan path's transaction.
func (s *Store) codesIn(q scanQueries) (codePolicy, error) {
	if p := s.policy.Load(); p != nil {
		return *p, nil
	}
	return s.loadCodes(q.queryRow(stmtCodePolicy, kiosk.SettingEvent, kiosk.SettingHubRole))
}

// codePolicySQL reads the settings a codePolicy is made of: ?1 the event's
// key, ?2 the role's.
const codePolicySQL = `SELECT COALESCE((SELECT value FROM settings WHERE key = ?1), ''),
		COALESCE((SELECT value FROM settings WHERE key = ?2), '')`

func (s *Store) loadCodes(row rowScanner) (codePolicy, error) {
	var event, role string
	if err := row.Scan(&event, &role); err != nil {
		return codePolicy{}, err
	}
	p := codePolicy{event: event, keep: KeepsCodes(role)}
	s.policy.Store(&p)
	return p, nil
}

// settleCodes brings the stored codes in line with the event and the role:
// every plain code gets its hash for the current event (stores written
// before hashes existed, or a roster imported before the event was named,
// as the demo does), and a kiosk that does not keep codes loses its plain
// ones, search words included. It runs at open and when the event or the
// role changes; with nothing to do it costs one small query.
func (s *Store) settleCodes(ctx context.Context) error {
	s.policy.Store(nil)
	compact := false
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		p, err := s.codes(ctx, tx)
		if err != nil {
			return err
		}
		var hashedFor sql.NullString
		var plain, pending bool
		err = tx.QueryRowContext(ctx, `SELECT (SELECT value FROM settings WHERE key = ?1),
			EXISTS (SELECT 1 FROM attendees WHERE code <> ''), EXISTS (SELECT 1 FROM settings WHERE key = ?2)`,
			kiosk.SettingCodesEvent, kiosk.SettingCodesCompact).Scan(&hashedFor, &plain, &pending)
		if err != nil {
			return err
		}
		compact = pending
		if hashedFor.Valid && hashedFor.String == p.event && (p.keep || !plain) {
			return nil
		}
		if plain {
			// Re-importing the attendees that have a code computes their
			// hash for this event and, where codes are not kept, drops the
			// code and its search words: one path for every way a code
			// comes in.
			list, err := codedAttendees(ctx, tx)
			if err != nil {
				return err
			}
			if _, err := s.importAttendees(ctx, tx, list, nil, nil); err != nil {
				return err
			}
			if !p.keep {
				compact = true
				if err := setString(ctx, tx, kiosk.SettingCodesCompact, "pending"); err != nil {
					return err
				}
			}
		}
		return setString(ctx, tx, kiosk.SettingCodesEvent, p.event)
	})
	if err != nil {
		return fmt.Errorf("hash outside codes: %w", err)
	}
	if compact {
		// The dropped codes still sit in free space of the file and in the
		// WAL: rewrite the file and empty the WAL, once. Failing that (a
		// full disk), the kiosk works on and the next open tries again.
		for _, q := range []string{"VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
			if _, err := s.db.Writer.ExecContext(ctx, q); err != nil {
				return nil
			}
		}
		err := s.db.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", kiosk.SettingCodesCompact)
			return err
		})
		if err != nil {
			return fmt.Errorf("forget outside codes: %w", err)
		}
	}
	return nil
}

func setString(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// codeHashes returns what importAttendees stores for a's outside code: its
// hash for the event, and the code itself when the policy keeps it.
func (p codePolicy) codeHashes(a kiosk.Attendee) (code, hash string) {
	if a.Code == "" {
		return "", a.CodeHash
	}
	hash = kiosk.CodeHash(p.event, a.Code)
	if p.keep {
		code = a.Code
	}
	return code, hash
}

// querier is a transaction or a pool.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// codedAttendees reads every attendee that has a plain code.
func codedAttendees(ctx context.Context, tx *sql.Tx) ([]kiosk.Attendee, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+attendeeColumns+" FROM attendees WHERE code <> ''")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kiosk.Attendee
	for rows.Next() {
		a, err := scanAttendee(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
