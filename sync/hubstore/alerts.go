package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// Alert is one stored alert, with the attendee's name, category and note
// as the roster has them now.
type Alert struct {
	protocol.Alert
	// AckedAt is when an organiser acknowledged it; zero until then.
	AckedAt time.Time
}

// NewAlert is an alert to raise. Scope tells apart alerts of one kind for
// one attendee: empty for an arrival, the session for a missing speaker.
type NewAlert struct {
	Kind       string
	AttendeeID string
	Scope      string
	Checkpoint string
	Kiosk      string
	At         time.Time
}

// AlertCategories are the categories whose first admission is an alert,
// whatever their note.
var AlertCategories = []kiosk.Category{kiosk.CategorySpeaker, kiosk.CategoryPress, kiosk.CategoryDelegation}

// Noteworthy returns the ids of attendees whose arrival is an alert: a
// roster note, or a category of AlertCategories.
func (s *Store) Noteworthy(ctx context.Context) (map[string]bool, error) {
	q := "SELECT id FROM attendees WHERE note <> '' OR category IN (?" + strings.Repeat(", ?", len(AlertCategories)-1) + ")"
	args := make([]any, len(AlertCategories))
	for i, c := range AlertCategories {
		args[i] = string(c)
	}
	rows, err := s.db.Reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read noteworthy attendees: %w", err)
	}
	defer rows.Close()
	out := make(map[string]bool)
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("read noteworthy attendees: %w", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read noteworthy attendees: %w", err)
	}
	return out, nil
}

// AlertKey is what makes an alert unique: kind, attendee and scope.
func AlertKey(kind, attendee, scope string) string { return kind + "\x00" + attendee + "\x00" + scope }

// AlertKeys returns the AlertKey of every alert raised so far.
func (s *Store) AlertKeys(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT kind, attendee_id, scope FROM alerts")
	if err != nil {
		return nil, fmt.Errorf("read alert keys: %w", err)
	}
	defer rows.Close()
	out := make(map[string]bool)
	for rows.Next() {
		var kind, att, scope string
		if err := rows.Scan(&kind, &att, &scope); err != nil {
			return nil, fmt.Errorf("read alert keys: %w", err)
		}
		out[AlertKey(kind, att, scope)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read alert keys: %w", err)
	}
	return out, nil
}

// RaiseAlerts stores new alerts in one transaction; one already raised
// (same kind, attendee and scope) is left as it was. It returns how many
// were new.
func (s *Store) RaiseAlerts(ctx context.Context, list []NewAlert) (int, error) {
	added := 0
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		added = 0
		for _, a := range list {
			res, err := tx.ExecContext(ctx, `INSERT INTO alerts (kind, attendee_id, scope, checkpoint, kiosk, at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, attendee_id, scope) DO NOTHING`,
				a.Kind, a.AttendeeID, a.Scope, a.Checkpoint, a.Kiosk, nanos(a.At))
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("raise alerts: %w", err)
	}
	return added, nil
}

// Alerts returns up to limit alerts, newest first; with pending, only those
// no organiser has acknowledged.
func (s *Store) Alerts(ctx context.Context, limit int, pending bool) ([]Alert, error) {
	where := ""
	if pending {
		where = "WHERE l.acked_at = 0"
	}
	rows, err := s.db.Reader.QueryContext(ctx, `SELECT l.id, l.kind, l.attendee_id, l.checkpoint, l.kiosk, l.at, l.acked_at,
		COALESCE(a.first_name, ''), COALESCE(a.last_name, ''), COALESCE(a.category, ''), COALESCE(a.note, '')
		FROM alerts l LEFT JOIN attendees a ON a.id = l.attendee_id `+where+` ORDER BY l.at DESC, l.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read alerts: %w", err)
	}
	defer rows.Close()
	out := []Alert{}
	for rows.Next() {
		var a Alert
		var at, acked int64
		var first, last string
		if err := rows.Scan(&a.ID, &a.Kind, &a.AttendeeID, &a.Checkpoint, &a.Kiosk, &at, &acked, &first, &last, &a.Category, &a.Note); err != nil {
			return nil, fmt.Errorf("read alerts: %w", err)
		}
		a.At = fromNanos(at)
		if acked != 0 {
			a.AckedAt = fromNanos(acked)
		}
		a.Name = strings.TrimSpace(first + " " + last)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read alerts: %w", err)
	}
	return out, nil
}

// AckAlert marks an alert acknowledged at at; acknowledging it again
// changes nothing. An unknown id is ErrNotFound.
func (s *Store) AckAlert(ctx context.Context, id int64, at time.Time) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE alerts SET acked_at = ? WHERE id = ? AND acked_at = 0", nanos(at), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			if err := tx.QueryRowContext(ctx, "SELECT 1 FROM alerts WHERE id = ?", id).Scan(&one); errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("acknowledge alert %d: %w", id, err)
	}
	return nil
}
