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
	"github.com/accueil/accueil/kiosk/sqlitedb"
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
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = s.importAttendees(ctx, tx, list, progress, nil)
		return err
	})
	if err != nil && ctx.Err() != nil {
		// A cancelled context ends the transaction under the import, whose
		// next statement then fails with a message that hides why.
		err = ctx.Err()
	}
	if err != nil {
		return ImportStats{}, fmt.Errorf("import roster: %w", err)
	}
	// The loop reported every full thousand, the last one included.
	if progress != nil && (len(list) == 0 || len(list)%1000 != 0) {
		progress(len(list), len(list))
	}
	return st, nil
}

// importAttendees adds or updates list in tx. With deferTo not nil the new
// words are left out of the search index and stored in *deferTo instead,
// for IndexSearch to add (a roster downloaded in pages, see
// ApplyRosterWithBadges); otherwise the words IndexSearch may hold from
// earlier pages could be stale, and it will read them from the rows.
func (s *Store) importAttendees(ctx context.Context, tx *sql.Tx, list []kiosk.Attendee, progress func(done, total int), deferTo *wordIndex) (ImportStats, error) {
	if deferTo == nil {
		s.backlog.rosterEdited()
	}
	var st ImportStats
	restore, err := sqlitedb.RoomForBulk(ctx, tx, len(list)*bulkPageBytes)
	if err != nil {
		return st, err
	}
	defer restore()
	now := nanos(s.now())
	err = func() error {
		if err := checkUnique(list); err != nil {
			return err
		}
		pol, err := s.codes(ctx, tx)
		if err != nil {
			return err
		}
		// Nobody is updated when no stored id sorts at or after the list's
		// smallest: an empty roster, or the next page of a download, which
		// the hub sends in id order. Then there is nothing old to look up
		// (it cost a new kiosk a tenth of its roster download).
		var empty, nothingOld bool
		if err := tx.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM attendees), NOT EXISTS (SELECT 1 FROM attendees WHERE id >= ?)",
			smallestID(list)).Scan(&empty, &nothingOld); err != nil {
			return err
		}
		var old map[string]string
		if !nothingOld {
			if old, err = oldSearchText(ctx, tx, list); err != nil {
				return err
			}
		}
		if len(old) > 0 {
			// Clear the codes, their hashes and the search words of the
			// attendees this import updates: a code handed from one attendee
			// to another in the same file must not collide with its old
			// holder's row, and words of an old name must not find the new one.
			if err := forgetOld(ctx, tx, old); err != nil {
				return err
			}
		}
		rebuild, err := setIndexesAside(ctx, tx, empty && len(list) >= bulkRows)
		if err != nil {
			return err
		}
		// Rows are bound one by one to a statement prepared once. Passing
		// them as JSON batches, tried before, cost more than twice as much:
		// SQLite parsing the JSON outweighs the cgo calls of binding.
		upsert, err := tx.PrepareContext(ctx, `INSERT INTO attendees
			(id, first_name, last_name, organisation, category, country, language, email, code, code_hash, note, search, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
				organisation = excluded.organisation, category = excluded.category, country = excluded.country,
				language = excluded.language, email = excluded.email, code = excluded.code, code_hash = excluded.code_hash,
				note = excluded.note, search = excluded.search, updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer upsert.Close()
		// Rows go in under a context that is never cancelled: go-sqlite3
		// watches a cancellable one from a goroutine of its own for every
		// statement, which for 100,000 rows cost more than the inserts
		// (450,000 futex calls). ctx is checked every 1,000 rows instead.
		rowCtx := context.WithoutCancel(ctx)
		stop := make(chan struct{})
		defer close(stop)
		batches, words := prepareRows(list, pol, deferTo == nil, stop)
		i := 0
		for batch := range batches {
			for _, p := range batch {
				a := list[i]
				if _, ok := old[a.ID]; ok {
					st.Updated++
				} else {
					st.Added++
				}
				if _, err := upsert.ExecContext(rowCtx, a.ID, a.FirstName, a.LastName, a.Organisation, string(a.Category),
					a.Country, string(a.Language), a.Email, p.code, p.hash, a.Note, p.search, now); err != nil {
					return codeError(err)
				}
				i++
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil && i%1000 == 0 {
				progress(i, len(list))
			}
		}
		if err := rebuild(); err != nil {
			return codeError(err)
		}
		// As the rows, under rowCtx: a cancelled ctx still ends the
		// transaction (database/sql rolls it back), failing the next batch.
		sorted, index := words()
		if deferTo != nil {
			*deferTo = index
			return nil
		}
		return insertWords(rowCtx, tx, sorted)
	}()
	return st, err
}

// bulkPageBytes is about what one attendee adds to the store, search
// words and indexes included (61 MB for 100,000 of a French roster).
const bulkPageBytes = 640

// bulkRows is the size from which a roster import into an empty store
// builds the attendees' secondary indexes after the rows rather than row
// by row: one sort then costs less than 100,000 scattered B-tree inserts
// (the code hashes are random), about a third of the rows' insert time.
const bulkRows = 5000

// setIndexesAside drops the attendees' secondary indexes before a bulk
// import into an empty table (bulk) and returns what recreates them, from
// their own stored definitions so that a later migration's index is not lost.
// All of it runs in the import's transaction: a failed import leaves the
// indexes as they were, and a unique index that cannot be rebuilt fails
// the import as the row insert would have.
func setIndexesAside(ctx context.Context, tx *sql.Tx, bulk bool) (rebuild func() error, err error) {
	if !bulk {
		return func() error { return nil }, nil
	}
	defs, err := attendeeIndexes(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("list attendee indexes: %w", err)
	}
	for _, d := range defs {
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+quoteIdent(d.name)); err != nil {
			return nil, fmt.Errorf("set index %s aside: %w", d.name, err)
		}
	}
	return func() error {
		for _, d := range defs {
			if _, err := tx.ExecContext(ctx, d.sql); err != nil {
				return fmt.Errorf("rebuild index %s: %w", d.name, err)
			}
		}
		return nil
	}, nil
}

type indexDef struct{ name, sql string }

// attendeeIndexes lists the secondary indexes of the attendees table (the
// primary key has no sql of its own and stays).
func attendeeIndexes(ctx context.Context, tx *sql.Tx) ([]indexDef, error) {
	rows, err := tx.QueryContext(ctx, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'attendees' AND sql IS NOT NULL")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indexDef
	for rows.Next() {
		var d indexDef
		if err := rows.Scan(&d.name, &d.sql); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func checkUnique(list []kiosk.Attendee) error {
	seen := make(map[string]int, len(list))
	codes := make(map[string]string)
	hashes := make(map[string]string)
	for i, a := range list {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("attendee %d (%q): %w", i+1, a.ID, err)
		}
		if j, dup := seen[a.ID]; dup {
			return fmt.Errorf("attendee %q is listed twice (rows %d and %d)", a.ID, j+1, i+1)
		}
		seen[a.ID] = i
		if a.Code != "" {
			if other, dup := codes[a.Code]; dup {
				return fmt.Errorf("attendee %q: code %q is already attendee %q's", a.ID, a.Code, other)
			}
			codes[a.Code] = a.ID
		}
		if a.CodeHash != "" {
			if other, dup := hashes[a.CodeHash]; dup {
				return fmt.Errorf("attendee %q: code hash %s is already attendee %q's", a.ID, a.CodeHash, other)
			}
			hashes[a.CodeHash] = a.ID
		}
	}
	return nil
}

// insertWords adds the search words laid out by wordBatches, one
// statement a batch (jsonb_each: see sqlitedb.JSONBatch).
func insertWords(ctx context.Context, tx *sql.Tx, batches []string) error {
	stmt, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO search_words (word, attendee_id) SELECT value->>0, value->>1 FROM jsonb_each(jsonb(?1))")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, b := range batches {
		if _, err := stmt.ExecContext(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// smallestID is the id of list that sorts first ("" for none), in the
// byte order SQLite compares ids in.
func smallestID(list []kiosk.Attendee) string {
	if len(list) == 0 {
		return ""
	}
	least := list[0].ID
	for _, a := range list[1:] {
		least = min(least, a.ID)
	}
	return least
}

// oldSearchText returns the stored search text of the listed attendees
// that already exist.
func oldSearchText(ctx context.Context, tx *sql.Tx, list []kiosk.Attendee) (map[string]string, error) {
	old := make(map[string]string)
	const batch = 500
	for lo := 0; lo < len(list); lo += batch {
		hi := min(lo+batch, len(list))
		args := make([]any, hi-lo)
		for i := range args {
			args[i] = list[lo+i].ID
		}
		rows, err := tx.QueryContext(ctx, "SELECT id, search FROM attendees WHERE id IN ("+sqlitedb.Placeholders(len(args))+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, search string
			if err := rows.Scan(&id, &search); err != nil {
				rows.Close()
				return nil, err
			}
			old[id] = search
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return old, nil
}

func forgetOld(ctx context.Context, tx *sql.Tx, old map[string]string) error {
	clearCode := sqlitedb.NewJSONBatch(tx, "UPDATE attendees SET code = '', code_hash = '' WHERE id IN (SELECT value->>0 FROM json_each(?1))", 500)
	dropWord := sqlitedb.NewJSONBatch(tx, "DELETE FROM search_words WHERE (word, attendee_id) IN (SELECT value->>0, value->>1 FROM jsonb_each(jsonb(?1)))", 2000)
	for id, search := range old {
		if err := clearCode.Add(ctx, []string{id}); err != nil {
			return err
		}
		for _, w := range strings.Fields(search) {
			if err := dropWord.Add(ctx, []string{w, id}); err != nil {
				return err
			}
		}
	}
	if err := clearCode.Flush(ctx); err != nil {
		return err
	}
	return dropWord.Flush(ctx)
}

func codeError(err error) error {
	if sqlitedb.IsUniqueViolation(err) {
		return fmt.Errorf("an outside code in the file is already another attendee's: %w", err)
	}
	return err
}

// searchWords are the words name search matches by prefix: first and last
// name, organisation, outside code and id, folded.
func searchWords(a kiosk.Attendee) []string {
	return fold.Words(strings.Join([]string{a.FirstName, a.LastName, a.Organisation, a.Code, a.ID}, " "))
}

// unindexed are words too common to lead a search: "de" in "Ville de Lyon"
// would add a row for most attendees and find nobody in particular. They
// stay in attendees.search, so "ville de l" still matches.
var unindexed = map[string]bool{"d": true, "de": true, "des": true, "du": true, "l": true, "la": true, "les": true,
	"et": true, "en": true, "pour": true, "of": true, "the": true, "and": true, "for": true}

// searchText is how attendees.search stores the words: each preceded by a
// space, so that " "+prefix is a substring exactly when a word starts with it.
func searchText(words []string) string {
	return " " + strings.Join(words, " ")
}

const attendeeColumns = "id, first_name, last_name, organisation, category, country, language, email, code, note"

// prefixed qualifies each column of a list with a table alias.
func prefixed(alias, columns string) string {
	return alias + strings.ReplaceAll(columns, ", ", ", "+alias)
}

type rowScanner = sqlitedb.RowScanner

// attendeeFields receives attendeeColumns, alone or as part of a wider row.
type attendeeFields struct {
	a         kiosk.Attendee
	cat, lang string
}

func (f *attendeeFields) dest() []any {
	a := &f.a
	return []any{&a.ID, &a.FirstName, &a.LastName, &a.Organisation, &f.cat, &a.Country, &f.lang, &a.Email, &a.Code, &a.Note}
}

func (f *attendeeFields) attendee() kiosk.Attendee {
	a := f.a
	a.Category, a.Language = kiosk.Category(f.cat), kiosk.Language(f.lang)
	return a
}

func scanAttendee(r rowScanner) (kiosk.Attendee, error) {
	var f attendeeFields
	err := r.Scan(f.dest()...)
	return f.attendee(), err
}

// Attendee returns one attendee by id, or ErrNotFound.
func (s *Store) Attendee(ctx context.Context, id string) (kiosk.Attendee, error) {
	a, err := scanAttendee(s.db.Reader.QueryRowContext(ctx, "SELECT "+attendeeColumns+" FROM attendees WHERE id = ?", id))
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
	if err := s.db.Reader.QueryRowContext(ctx, "SELECT count(*) FROM attendees").Scan(&n); err != nil {
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
	if s.backlog.pending.Load() {
		if err := s.IndexSearch(ctx); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
	}
	if len(words) > maxSearchWords {
		words = words[:maxSearchWords]
	}
	// The longest word is the most selective: it drives the index range
	// scan, and the others filter the rows it finds.
	slices.SortStableFunc(words, func(a, b string) int {
		if unindexed[a] != unindexed[b] {
			if unindexed[a] {
				return 1
			}
			return -1
		}
		return len(b) - len(a)
	})
	// A join, not IN (subquery): SQLite walks the word index lazily and
	// stops at the limit instead of collecting every match of "m" first.
	var sb strings.Builder
	args := make([]any, 0, len(words)+3)
	sb.WriteString("SELECT " + prefixed("a.", attendeeColumns) + ` FROM search_words w JOIN attendees a ON a.id = w.attendee_id
		WHERE w.word >= ? AND w.word < ?`)
	args = append(args, words[0], words[0]+"\U0010FFFF")
	for _, w := range words[1:] {
		sb.WriteString(" AND instr(a.search, ?) > 0")
		args = append(args, " "+w)
	}
	// An attendee with two words matching the prefix comes twice: fetch
	// more than asked and keep each once.
	sb.WriteString(" LIMIT ?")
	args = append(args, 2*limit)
	rows, err := s.db.Reader.QueryContext(ctx, sb.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var out []kiosk.Attendee
	seen := make(map[string]bool)
	for rows.Next() {
		a, err := scanAttendee(rows)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		if !seen[a.ID] && len(out) < limit {
			seen[a.ID] = true
			out = append(out, a)
		}
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
