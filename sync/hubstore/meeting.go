package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// Members returns the attendees who take part in the General Meeting
// (with votes, or holding a proxy), with their votes and proxies, by name.
func (s *Store) Members(ctx context.Context) ([]kiosk.Attendee, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT "+attendeeColumns+`, votes, proxy_for FROM attendees
		WHERE votes > 0 OR proxy_for <> '' ORDER BY last_name, first_name, id`)
	if err != nil {
		return nil, fmt.Errorf("read members: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Attendee
	for rows.Next() {
		var a kiosk.Attendee
		var cat, lang string
		if err := rows.Scan(&a.ID, &a.FirstName, &a.LastName, &a.Organisation, &cat, &a.Country, &lang, &a.Email, &a.Code, &a.Note,
			&a.Votes, &a.ProxyFor); err != nil {
			return nil, fmt.Errorf("read members: %w", err)
		}
		a.Category, a.Language = kiosk.Category(cat), kiosk.Language(lang)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read members: %w", err)
	}
	return out, nil
}

// Admissions returns the admissions that stand, in kiosk-time order per
// attendee: accepted scans, in or out, that are neither a desk's undo nor
// undone by one. attendee and checkpoint narrow the list; "" is any.
func (s *Store) Admissions(ctx context.Context, attendee, checkpoint string) ([]Scan, error) {
	return s.query(ctx, "SELECT "+scanColumns+` FROM scans
		WHERE verdict = 'accepted' AND attendee_id <> '' AND undoes = ''
			AND (?1 = '' OR attendee_id = ?1) AND (?2 = '' OR checkpoint = ?2)
			AND id NOT IN (SELECT undoes FROM scans WHERE undoes <> '')
		ORDER BY attendee_id, at, id`, attendee, checkpoint)
}

// settingPurged marks a store whose personal data was purged.
const settingPurged = "purged"

// ErrPurged is returned, wrapped, for documents that name people once the
// personal data was purged.
var ErrPurged = errors.New("personal data purged after the event: documents naming people are no longer made")

// CheckNotPurged returns ErrPurged once Purge ran.
func (s *Store) CheckNotPurged(ctx context.Context) error {
	_, err := s.setting(ctx, s.db.Reader, settingPurged)
	switch {
	case err == nil:
		return ErrPurged
	case errors.Is(err, ErrNotFound):
		return nil
	}
	return fmt.Errorf("read purge mark: %w", err)
}

// settingOrganiser holds the organiser's name, printed on certificates.
const settingOrganiser = "organiser"

// Organiser returns the organiser's name, "" when none was set.
func (s *Store) Organiser(ctx context.Context) (string, error) {
	v, err := s.setting(ctx, s.db.Reader, settingOrganiser)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read organiser: %w", err)
	}
	return v, nil
}

// SetOrganiser records the organiser's name.
func (s *Store) SetOrganiser(ctx context.Context, name string) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingOrganiser, name) })
	if err != nil {
		return fmt.Errorf("set organiser: %w", err)
	}
	return nil
}

// QuorumReached returns, by meeting, the first time it reached its quorum.
func (s *Store) QuorumReached(ctx context.Context) (map[string]time.Time, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT checkpoint, at FROM quorum_reached")
	if err != nil {
		return nil, fmt.Errorf("read quorum times: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var cp string
		var at int64
		if err := rows.Scan(&cp, &at); err != nil {
			return nil, fmt.Errorf("read quorum times: %w", err)
		}
		out[cp] = fromNanos(at)
	}
	return out, rows.Err()
}

// KeepQuorumReached records that the meeting reached its quorum at; an
// earlier time already kept stays.
func (s *Store) KeepQuorumReached(ctx context.Context, checkpoint string, at time.Time) error {
	_, err := s.db.Writer.ExecContext(ctx, `INSERT INTO quorum_reached (checkpoint, at) VALUES (?, ?)
		ON CONFLICT(checkpoint) DO UPDATE SET at = min(at, excluded.at)`, checkpoint, nanos(at))
	if err != nil {
		return fmt.Errorf("keep quorum time of %q: %w", checkpoint, err)
	}
	return nil
}
