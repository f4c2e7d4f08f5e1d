package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// SaveWalkInBadges keeps the badge tokens the hub signed for walk-ins.
func (s *Store) SaveWalkInBadges(ctx context.Context, tokens map[string]string) error {
	if len(tokens) == 0 {
		return nil
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		for id, tok := range tokens {
			if _, err := tx.ExecContext(ctx, "UPDATE walkins SET token = ? WHERE attendee_id = ?", tok, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save walk-in badges: %w", err)
	}
	return nil
}

// WalkInBadge returns the badge payload to print for a walk-in: the token
// the hub signed, or the walk-in's code until the hub has answered.
func (s *Store) WalkInBadge(ctx context.Context, attendeeID string) (string, error) {
	var tok, code string
	err := s.db.Reader.QueryRowContext(ctx, `SELECT w.token, a.code FROM walkins w JOIN attendees a ON a.id = w.attendee_id
		WHERE w.attendee_id = ?`, attendeeID).Scan(&tok, &code)
	if err != nil {
		return "", fmt.Errorf("walk-in badge of %q: %w", attendeeID, err)
	}
	if tok != "" {
		return tok, nil
	}
	return code, nil
}

// Revoked reports whether every badge of an attendee is revoked (issue 0),
// for the desk's attendee card.
func (s *Store) Revoked(ctx context.Context, attendeeID string) (bool, error) {
	var revoked bool
	err := s.db.Reader.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM revocations WHERE attendee_id = ? AND issue = 0)", attendeeID).Scan(&revoked)
	if err != nil {
		return false, fmt.Errorf("revocation of %q: %w", attendeeID, err)
	}
	return revoked, nil
}
