package sqlite

// The search index of a roster downloaded in pages. Each page's words go
// all over the index (every page holds names from A to Z), so a 100,000-
// attendee download spent half its time rewriting index pages it had
// already written. A download into an empty roster therefore leaves the
// index aside and IndexSearch builds it once, in order, when the last page
// is in: about as fast as a local import's sorted insert.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/accueil/accueil/kiosk"
)

// searchBacklog is what the store knows of the words a download left
// aside.
type searchBacklog struct {
	// mu keeps IndexSearch and a roster page apart: a page applied while
	// the index is built could be read before its rows are in.
	mu sync.Mutex
	// pending mirrors SettingSearchIndexPending, so that a search need
	// not read it every keystroke.
	pending atomic.Bool
	// words are those of the pages applied since the index was set aside,
	// when this process applied all of them and nothing else changed the
	// roster meanwhile; else nil, and IndexSearch reads them from the rows.
	words atomic.Pointer[wordIndex]
	// edits counts imports other than a deferred page's, for IndexSearch
	// to know one changed attendees while it worked.
	edits atomic.Int64
}

// rosterEdited records an import other than a deferred page: the words
// kept from the pages may be stale now.
func (b *searchBacklog) rosterEdited() {
	b.words.Store(nil)
	b.edits.Add(1)
}

// indexTxPairs is how many (word, attendee) pairs one of IndexSearch's
// transactions adds: tens of milliseconds, so that a scan never waits long
// behind the index being built.
const indexTxPairs = 50 * wordBatchPairs

// deferWords tells whether a roster page applied in tx leaves its words to
// IndexSearch: it does into an empty roster (fresh), and for as long as the
// index is pending. It marks the index pending in tx.
func (s *Store) deferWords(ctx context.Context, tx *sql.Tx, rows int) (deferred, fresh bool, err error) {
	if rows == 0 {
		return false, false, nil
	}
	var pending bool
	err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM settings WHERE key = ? AND value = '1'),
		NOT EXISTS (SELECT 1 FROM attendees)`, kiosk.SettingSearchIndexPending).Scan(&pending, &fresh)
	if err != nil || !(pending || fresh) {
		return false, false, err
	}
	return true, fresh, setInt(ctx, tx, kiosk.SettingSearchIndexPending, 1)
}

// keepPendingWords adds a committed page's words to those IndexSearch will
// insert. A fresh page starts them anew; a page that updated attendees
// drops them, since their old words may be among them.
func (s *Store) keepPendingWords(page wordIndex, fresh, updated bool) {
	switch {
	case updated:
		s.backlog.words.Store(nil)
	case fresh:
		s.backlog.words.Store(&page)
	default:
		if p := s.backlog.words.Load(); p != nil {
			p.add(page)
		}
	}
}

// SearchIndexed reports whether the search index holds every attendee:
// false while a downloaded roster's words wait for IndexSearch.
func (s *Store) SearchIndexed(ctx context.Context) (bool, error) {
	v, err := s.Setting(ctx, kiosk.SettingSearchIndexPending)
	if errors.Is(err, ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("search index state: %w", err)
	}
	return v != "1", nil
}

// IndexSearch adds the words a downloaded roster left aside (see
// deferWords) to the search index, in index order, and then marks it
// complete. It does nothing when the index is complete. The hub client
// calls it when the roster's pages stop coming; Search calls it first if
// they never did (the kiosk stopped mid-download and has no hub now).
func (s *Store) IndexSearch(ctx context.Context) error {
	s.backlog.mu.Lock()
	defer s.backlog.mu.Unlock()
	if done, err := s.SearchIndexed(ctx); err != nil || done {
		if done {
			s.backlog.pending.Store(false)
		}
		return err
	}
	edits := s.backlog.edits.Load()
	index, err := s.wordsToIndex(ctx)
	if err != nil {
		return fmt.Errorf("build search index: %w", err)
	}
	batches := wordBatches(index)
	per := indexTxPairs / wordBatchPairs
	for lo := 0; lo == 0 || lo < len(batches); lo += per {
		hi := min(lo+per, len(batches))
		err := s.db.InTx(ctx, func(tx *sql.Tx) error {
			if err := insertWords(ctx, tx, batches[lo:hi]); err != nil {
				return err
			}
			if hi < len(batches) {
				return nil
			}
			if s.backlog.edits.Load() != edits {
				// An import changed attendees meanwhile: words read
				// before it may be stale. Rare, and worth a full pass.
				if err := dropStaleWords(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", kiosk.SettingSearchIndexPending)
			return err
		})
		if err != nil {
			return fmt.Errorf("build search index: %w", err)
		}
	}
	s.backlog.words.Store(nil)
	s.backlog.pending.Store(false)
	return nil
}

// wordsToIndex returns the words IndexSearch inserts: those kept from the
// pages when they are known whole, else every attendee's, from the search
// text stored with them (words already indexed, of walk-ins or attendees
// imported before, are ignored by the insert).
func (s *Store) wordsToIndex(ctx context.Context) (wordIndex, error) {
	if p := s.backlog.words.Load(); p != nil {
		return *p, nil
	}
	index := make(wordIndex)
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT id, search FROM attendees")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, search string
		if err := rows.Scan(&id, &search); err != nil {
			return nil, err
		}
		index.addAttendee(id, strings.Fields(search))
	}
	return index, rows.Err()
}

// dropStaleWords removes from the search index every word its attendee's
// search text no longer holds, or whose attendee is gone.
func dropStaleWords(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM search_words WHERE IFNULL(instr(
		(SELECT search || ' ' FROM attendees WHERE id = attendee_id), ' ' || word || ' '), 0) = 0`)
	return err
}
