// Package sqlite is the kiosk's durable store: the roster, checkpoints,
// revocations, every scan and the mark of the scans the hub has (the
// outbox is this kiosk's own scans after it), in one SQLite file in WAL mode with synchronous=FULL, so that a verdict shown on
// screen is a scan already on disk.
package sqlite

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sync/atomic"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database's name inside the data folder.
const FileName = "kiosk.db"

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = kiosk.ErrNotFound

// ErrInUse is returned when another process holds the data folder.
var ErrInUse = sqlitedb.ErrInUse

// ErrDiskFull is returned when a write failed for lack of space; nothing of
// that write was stored and earlier data is intact.
var ErrDiskFull = sqlitedb.ErrDiskFull

// Store is the kiosk's database.
type Store struct {
	db  *sqlitedb.DB
	now func() time.Time

	scanStmts scanStatements
	fastScans *sqlitedb.Statements
	zones     atomic.Pointer[zoneCache]
	// scanCheckpoint is the checkpoint the last scan was decided for, as
	// stored: a kiosk scans for one checkpoint, and reading it again for
	// every scan was one statement in ten. saveCheckpoints forgets it.
	scanCheckpoint atomic.Pointer[kiosk.Checkpoint]
	policy         atomic.Pointer[codePolicy]
	// backlog is the search index's words a roster download left aside.
	backlog searchBacklog
}

// Open opens (creating if needed) the store in dir and takes the folder's
// lock; a second process on the same folder gets ErrInUse.
func Open(dir string) (*Store, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	db, err := sqlitedb.Open(dir, FileName, sub, true)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: time.Now}
	fail := func(err error) (*Store, error) {
		s.closeScanStatements()
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", db.Path, err)
	}
	if err := s.prepareScanStatements(); err != nil {
		return fail(err)
	}
	if err := s.settleCodes(context.Background()); err != nil {
		return fail(err)
	}
	indexed, err := s.SearchIndexed(context.Background())
	if err != nil {
		return fail(err)
	}
	s.backlog.pending.Store(!indexed)
	return s, nil
}

// Dir is the data folder.
func (s *Store) Dir() string { return s.db.Dir }

// Close releases the database and the folder's lock.
func (s *Store) Close() error {
	s.closeScanStatements()
	return s.db.Close()
}

func nanos(t time.Time) int64     { return sqlitedb.Nanos(t) }
func fromNanos(n int64) time.Time { return sqlitedb.FromNanos(n) }
