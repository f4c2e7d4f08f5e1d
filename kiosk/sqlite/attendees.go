package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/fold"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// ImportStats says what a roster import changed.
type ImportStats struct {
	Added   int
	Updated int
}

// ImportAttendees adds or updates attendees by id, in one transaction: an
// import either lands whole or not at all. It never deletes attendees or
// scans. progress, if not nil, is called every 1,000 rows and at the end.
func (s *Store) ImportAttendees(ctx context.Context, list []kiosk.Attendee, progress func(done, total int)) (ImportStats, error) {
	var st ImportStats
	now := nanos(s.now())
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var existing int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM attendees").Scan(&existing); err != nil {
			return err
		}
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO attendees
			(id, first_name, last_name, organisation, category, country, language, email, code, note, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
				organisation = excluded.organisation, category = excluded.category, country = excluded.country,
				language = excluded.language, email = excluded.email, code = excluded.code, note = excluded.note,
				updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer upsert.Close()
		exists, err := tx.PrepareContext(ctx, "SELECT 1 FROM attendees WHERE id = ?")
		if err != nil {
			return err
		}
		defer exists.Close()
		clearWords, err := tx.PrepareContext(ctx, "DELETE FROM search_words WHERE attendee_id = ?")
		if err != nil {
			return err
		}
		defer clearWords.Close()
		addWord, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO search_words(word, attendee_id) VALUES (?, ?)")
		if err != nil {
			return err
		}
		defer addWord.Close()

		for i, a := range list {
			if err := a.Validate(); err != nil {
				return fmt.Errorf("attendee %d (%q): %w", i+1, a.ID, err)
			}
			found := false
			if existing > 0 {
				var one int
				switch err := exists.QueryRowContext(ctx, a.ID).Scan(&one); {
				case err == nil:
					found = true
				case !errors.Is(err, sql.ErrNoRows):
					return err
				}
			}
			if _, err := upsert.ExecContext(ctx, a.ID, a.FirstName, a.LastName, a.Organisation, string(a.Category),
				a.Country, string(a.Language), a.Email, a.Code, a.Note, now); err != nil {
				if isUniqueViolation(err) {
					return fmt.Errorf("attendee %q: code %q is already another attendee's", a.ID, a.Code)
				}
				return fmt.Errorf("attendee %q: %w", a.ID, err)
			}
			if found {
				st.Updated++
				if _, err := clearWords.ExecContext(ctx, a.ID); err != nil {
					return err
				}
			} else {
				st.Added++
			}
			for _, w := range searchWords(a) {
				if _, err := addWord.ExecContext(ctx, w, a.ID); err != nil {
					return err
				}
			}
			if progress != nil && (i+1)%1000 == 0 {
				progress(i+1, len(list))
			}
		}
		return nil
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("import roster: %w", err)
	}
	if progress != nil {
		progress(len(list), len(list))
	}
	return st, nil
}

func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}

// searchWords are the words name search matches by prefix: first and last
// name, organisation and outside code, folded.
func searchWords(a kiosk.Attendee) []string {
	return fold.Words(strings.Join([]string{a.FirstName, a.LastName, a.Organisation, a.Code, a.ID}, " "))
}

const attendeeColumns = "id, first_name, last_name, organisation, category, country, language, email, code, note"

type rowScanner interface{ Scan(dest ...any) error }

func scanAttendee(r rowScanner) (kiosk.Attendee, error) {
	var a kiosk.Attendee
	var cat, lang string
	err := r.Scan(&a.ID, &a.FirstName, &a.LastName, &a.Organisation, &cat, &a.Country, &lang, &a.Email, &a.Code, &a.Note)
	a.Category, a.Language = kiosk.Category(cat), kiosk.Language(lang)
	return a, err
}

// Attendee returns one attendee by id, or ErrNotFound.
func (s *Store) Attendee(ctx context.Context, id string) (kiosk.Attendee, error) {
	a, err := scanAttendee(s.reader.QueryRowContext(ctx, "SELECT "+attendeeColumns+" FROM attendees WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.Attendee{}, fmt.Errorf("attendee %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return kiosk.Attendee{}, fmt.Errorf("read attendee %q: %w", id, err)
	}
	return a, nil
}

// CountAttendees returns how many attendees the roster holds.
func (s *Store) CountAttendees(ctx context.Context) (int, error) {
	var n int
	if err := s.reader.QueryRowContext(ctx, "SELECT count(*) FROM attendees").Scan(&n); err != nil {
		return 0, fmt.Errorf("count attendees: %w", err)
	}
	return n, nil
}

// maxSearchWords bounds the words of a query: each adds an index probe.
const maxSearchWords = 6

// Search finds attendees whose name, organisation or code has a word
// starting with each word of query, ignoring case and accents: "mederic"
// and "petit m" both find "Médéric PETIT". Results are sorted by name.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]kiosk.Attendee, error) {
	words := fold.Words(query)
	if len(words) == 0 || limit <= 0 {
		return nil, nil
	}
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	// The longest word is the most selective: it drives the index range
	// scan, and the others filter through the (attendee_id, word) index.
	slices.SortStableFunc(words, func(a, b string) int { return len(b) - len(a) })
	var sb strings.Builder
	args := make([]any, 0, 2*len(words)+1)
	sb.WriteString("SELECT " + attendeeColumns + " FROM attendees WHERE id IN (SELECT w0.attendee_id FROM search_words w0 WHERE w0.word >= ? AND w0.word < ?")
	args = append(args, words[0], words[0]+"\U0010FFFF")
	for _, w := range words[1:] {
		sb.WriteString(" AND EXISTS (SELECT 1 FROM search_words wn WHERE wn.attendee_id = w0.attendee_id AND wn.word >= ? AND wn.word < ?)")
		args = append(args, w, w+"\U0010FFFF")
	}
	sb.WriteString(" LIMIT ?)")
	args = append(args, limit)
	rows, err := s.reader.QueryContext(ctx, sb.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var out []kiosk.Attendee
	for rows.Next() {
		a, err := scanAttendee(rows)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	slices.SortFunc(out, func(a, b kiosk.Attendee) int {
		if c := strings.Compare(fold.String(a.LastName), fold.String(b.LastName)); c != 0 {
			return c
		}
		return strings.Compare(fold.String(a.FirstName), fold.String(b.FirstName))
	})
	return out, nil
}
