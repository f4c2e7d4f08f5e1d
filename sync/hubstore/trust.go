package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/accueil/accueil/kiosk"
)

// How an admission was made (scans.evidence): what the hub verified before
// it counted.
const (
	EvidenceToken  = "token"
	EvidenceCode   = "code"
	EvidenceManual = "manual"
	EvidenceUndo   = "undo"
)

// RosterEntry is what the hub checks a kiosk's scan against: the attendee's
// category, for counts, and outside code, for verifying a code admission.
type RosterEntry struct {
	Category kiosk.Category
	Code     string
}

// RosterIndex returns every attendee's entry, by id.
func (s *Store) RosterIndex(ctx context.Context) (map[string]RosterEntry, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT id, category, code FROM attendees")
	if err != nil {
		return nil, fmt.Errorf("read roster index: %w", err)
	}
	defer rows.Close()
	out := make(map[string]RosterEntry)
	for rows.Next() {
		var id, cat string
		var e RosterEntry
		if err := rows.Scan(&id, &cat, &e.Code); err != nil {
			return nil, fmt.Errorf("read roster index: %w", err)
		}
		e.Category = kiosk.Category(cat)
		out[id] = e
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read roster index: %w", err)
	}
	return out, nil
}

// ScanByID returns one stored scan, or ErrNotFound.
func (s *Store) ScanByID(ctx context.Context, id string) (Scan, error) {
	sc, err := scanRow(s.db.Reader.QueryRowContext(ctx, "SELECT "+scanColumns+" FROM scans WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Scan{}, ErrNotFound
	}
	if err != nil {
		return Scan{}, fmt.Errorf("read scan %s: %w", id, err)
	}
	return sc, nil
}

// WalkInRefusal says why one walk-in was refused.
type WalkInRefusal struct {
	ID     string
	Reason string
}

// AddWalkIns adds the walk-ins a desk registered, in one transaction. A
// walk-in never overwrites anything: one whose id is already an attendee's
// is refused, unless it is the very same walk-in from the same desk (its
// answer was lost), which is accepted again and changes nothing; one whose
// code another attendee holds is refused. It returns the walk-ins now in
// the roster as sent (new or repeated) and the refused ones.
func (s *Store) AddWalkIns(ctx context.Context, kioskName string, list []kiosk.Attendee) (added []kiosk.Attendee, refused []WalkInRefusal, err error) {
	now := s.now()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		added, refused = nil, nil
		var version int64
		for _, a := range list {
			if err := a.ValidateWalkIn(); err != nil {
				refused = append(refused, WalkInRefusal{a.ID, err.Error()})
				continue
			}
			var old kiosk.Attendee
			var cat, lang string
			err := tx.QueryRowContext(ctx, "SELECT "+attendeeColumns+" FROM attendees WHERE id = ?", a.ID).
				Scan(&old.ID, &old.FirstName, &old.LastName, &old.Organisation, &cat, &old.Country, &lang, &old.Email, &old.Code, &old.Note)
			old.Category, old.Language = kiosk.Category(cat), kiosk.Language(lang)
			switch {
			case err == nil:
				var by string
				_ = tx.QueryRowContext(ctx, "SELECT kiosk FROM walkins WHERE attendee_id = ?", a.ID).Scan(&by)
				if by == kioskName && sameWalkIn(old, a) {
					added = append(added, a)
				} else {
					refused = append(refused, WalkInRefusal{a.ID, "that id is already another attendee's"})
				}
				continue
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			var holder string
			err = tx.QueryRowContext(ctx, "SELECT id FROM attendees WHERE code = ? OR code = ?", a.Code, strings.ToUpper(a.Code)).Scan(&holder)
			if err == nil {
				refused = append(refused, WalkInRefusal{a.ID, "its badge code is already attendee " + holder + "'s"})
				continue
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if version == 0 {
				if version, err = nextVersion(ctx, tx, SeriesRoster); err != nil {
					return err
				}
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO attendees
				(id, first_name, last_name, organisation, category, country, language, email, code, note, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.FirstName, a.LastName, a.Organisation, string(a.Category),
				a.Country, string(a.Language), a.Email, a.Code, a.Note, version)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO walkins (attendee_id, kiosk, created_at) VALUES (?, ?, ?)",
				a.ID, kioskName, nanos(now)); err != nil {
				return err
			}
			added = append(added, a)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("add walk-ins from %s: %w", kioskName, err)
	}
	return added, refused, nil
}

// sameWalkIn reports whether a walk-in sent again is the one stored: the
// hub keeps no email, so that is not compared.
func sameWalkIn(stored, sent kiosk.Attendee) bool {
	sent.Email = stored.Email
	return stored == sent
}
