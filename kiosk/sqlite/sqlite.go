// Package sqlite is the kiosk's durable store: the roster, checkpoints,
// revocations, every scan and the outbox of scans waiting for the hub, in one
// SQLite file in WAL mode with synchronous=FULL, so that a verdict shown on
// screen is a scan already on disk.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database's name inside the data folder.
const FileName = "kiosk.db"

const lockName = "kiosk.lock"

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrInUse is returned when another process holds the data folder.
var ErrInUse = errors.New("data folder is in use by another process")

// ErrDiskFull is returned when a write failed for lack of space; nothing of
// that write was stored and earlier data is intact.
var ErrDiskFull = errors.New("disk full")

// Store is the kiosk's database. Writes go through one connection, so that
// a decision and its scan row are one transaction with no other writer in
// between; reads use a separate pool that WAL lets run beside the writer.
type Store struct {
	dir    string
	lock   *os.File
	writer *sql.DB
	reader *sql.DB
	now    func() time.Time

	scanStmts scanStatements
}

// Open opens (creating if needed) the store in dir and takes the folder's
// lock; a second process on the same folder gets ErrInUse.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: create data folder: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, lock: lock, now: time.Now}
	if err := s.open(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open store: data folder %s is not writable: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		pid, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			holder := strings.TrimSpace(string(pid))
			if holder == "" {
				holder = "unknown"
			}
			return nil, fmt.Errorf("open store: %w: %s (pid %s); stop it or use another -data folder", ErrInUse, dir, holder)
		}
		return nil, fmt.Errorf("open store: lock %s: %w", path, err)
	}
	// The pid is only a hint for the message above; the lock is the flock.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

func (s *Store) open() error {
	path := filepath.Join(s.dir, FileName)
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	// go-sqlite3 builds SQLite with WAL defaulting to synchronous=NORMAL,
	// which may lose the last commits on power loss: a check-in must not.
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	q.Set("_foreign_keys", "1")
	// 32 MiB of page cache holds a 100,000-attendee roster and its indexes.
	q.Set("_cache_size", "-32768")
	dsn := "file:" + path + "?" + q.Encode()
	var err error
	if s.writer, err = sql.Open("sqlite3", dsn); err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetConnMaxIdleTime(0)
	if err := s.migrate(context.Background()); err != nil {
		return err
	}
	q.Set("mode", "ro")
	q.Del("_txlock")
	if s.reader, err = sql.Open("sqlite3", "file:"+path+"?"+q.Encode()); err != nil {
		return fmt.Errorf("open store %s for reading: %w", path, err)
	}
	s.reader.SetMaxOpenConns(4)
	if err := s.prepareScanStatements(); err != nil {
		return fmt.Errorf("open store %s: %w", path, err)
	}
	return nil
}

// Dir is the data folder.
func (s *Store) Dir() string { return s.dir }

// Close releases the database and the folder's lock.
func (s *Store) Close() error {
	var errs []error
	s.scanStmts.close()
	if s.reader != nil {
		errs = append(errs, s.reader.Close())
	}
	if s.writer != nil {
		errs = append(errs, s.writer.Close())
	}
	if s.lock != nil {
		errs = append(errs, s.lock.Close())
	}
	return errors.Join(errs...)
}

// migrate applies the embedded migrations not yet applied, in name order,
// each in its own transaction. Migrations are forward-only: a store written
// by a newer build is refused rather than misread.
func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var version int
	if err := s.writer.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return wrapWriteErr(fmt.Errorf("open store: read schema version: %w", err))
	}
	if version > len(names) {
		return fmt.Errorf("open store: schema version %d is newer than this build knows (%d): use a newer kiosk", version, len(names))
	}
	for i := version; i < len(names); i++ {
		body, err := migrations.ReadFile(names[i])
		if err != nil {
			return fmt.Errorf("read migration %s: %w", names[i], err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %s: %w", names[i], err)
		}
	}
	return nil
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE, from the DSN).
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return wrapWriteErr(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return wrapWriteErr(err)
	}
	return wrapWriteErr(tx.Commit())
}

// wrapWriteErr gives a full disk its own error, so callers can tell staff
// what to do instead of showing SQLite's words.
func wrapWriteErr(err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrFull || errors.Is(se.SystemErrno, syscall.ENOSPC)) {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	return err
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
