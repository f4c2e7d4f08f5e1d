// Package sqlitedb opens the SQLite files that the kiosk and the hub keep
// their data in, the same durable way for both: one lock per data folder,
// WAL with synchronous=FULL, one writer connection beside a pool of
// readers, and embedded forward-only migrations.
package sqlitedb

import (
	"context"
	"database/sql"
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

// ErrInUse is returned when another process holds the data folder.
var ErrInUse = errors.New("data folder is in use by another process")

// ErrDiskFull is returned when a write failed for lack of space; nothing of
// that write was stored and earlier data is intact.
var ErrDiskFull = errors.New("disk full")

// DB is one SQLite file. Writes go through Writer, a single connection, so
// that a read-decide-write transaction has no other writer in between;
// reads use Reader, a pool that WAL lets run beside the writer.
type DB struct {
	Dir    string
	Path   string
	Writer *sql.DB
	Reader *sql.DB
	lock   *os.File
}

// Open opens (creating if needed) file in dir and applies the *.sql
// migrations of migrations in name order. With exclusive, it first takes
// the folder's lock for the file, so that a second process is refused.
func Open(dir, file string, migrations fs.FS, exclusive bool) (*DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open store: create data folder: %w", err)
	}
	d := &DB{Dir: dir, Path: filepath.Join(dir, file)}
	if err := private(dir, d.Path); err != nil {
		return nil, err
	}
	// SQLite gives its WAL and shared-memory files the database's mode:
	// create it private, since it holds names and, on the hub, keys.
	if f, err := os.OpenFile(d.Path, os.O_RDONLY|os.O_CREATE, 0o600); err == nil {
		f.Close()
	}
	if exclusive {
		lock, err := Lock(dir, strings.TrimSuffix(file, filepath.Ext(file))+".lock")
		if err != nil {
			return nil, err
		}
		d.lock = lock
	}
	if err := d.open(migrations); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// private makes the data folder readable by its owner only, at every
// open and not only when it is made: it holds names, notes, the hub's
// signing key and the kiosks' credentials, and a folder copied or unpacked
// by hand (a restore, a USB stick) may come with wider rights.
func private(dir, db string) error {
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("open store: make %s private: %w", dir, err)
	}
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("open store: make %s private: %w", f, err)
		}
	}
	return nil
}

// Lock takes an exclusive lock on the file name in dir, held until the
// returned file is closed (or the process ends, however it ends).
func Lock(dir, name string) (*os.File, error) {
	path := filepath.Join(dir, name)
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

func (d *DB) open(migrations fs.FS) error {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	// go-sqlite3 builds SQLite with WAL defaulting to synchronous=NORMAL,
	// which may lose the last commits on power loss: a check-in must not.
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	q.Set("_foreign_keys", "1")
	// 32 MiB of page cache holds what the scans of a 100,000-attendee
	// roster touch; a bulk write takes more for its time (RoomForBulk).
	q.Set("_cache_size", fmt.Sprint(-cacheKiB))
	var err error
	if d.Writer, err = sql.Open("sqlite3", "file:"+d.Path+"?"+q.Encode()); err != nil {
		return fmt.Errorf("open store %s: %w", d.Path, err)
	}
	d.Writer.SetMaxOpenConns(1)
	d.Writer.SetConnMaxIdleTime(0)
	if err := d.migrate(context.Background(), migrations); err != nil {
		return err
	}
	q.Set("mode", "ro")
	q.Del("_txlock")
	if d.Reader, err = sql.Open("sqlite3", "file:"+d.Path+"?"+q.Encode()); err != nil {
		return fmt.Errorf("open store %s for reading: %w", d.Path, err)
	}
	d.Reader.SetMaxOpenConns(4)
	return nil
}

// cacheKiB is the connections' page cache.
const cacheKiB = 32 << 10

// RoomForBulk widens the page cache of tx's connection to hold about
// bytes more, until the returned func restores it. A transaction whose
// dirty pages outgrow the cache spills them to the WAL before its commit,
// and a page spilled then changed again is written (and later read back)
// once more: a 100,000-attendee import wrote its 61 MB about twice. The
// pages are allocated only as they are used.
func RoomForBulk(ctx context.Context, tx *sql.Tx, bytes int) (restore func(), err error) {
	kib := cacheKiB + bytes>>10
	if kib <= cacheKiB {
		return func() {}, nil
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", kib)); err != nil {
		return nil, err
	}
	return func() {
		// On a broken connection this fails too: the pool then drops it,
		// cache and all.
		_, _ = tx.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = -%d", cacheKiB))
	}, nil
}

// Close releases the database and the folder's lock.
func (d *DB) Close() error {
	var errs []error
	if d.Reader != nil {
		errs = append(errs, d.Reader.Close())
	}
	if d.Writer != nil {
		errs = append(errs, d.Writer.Close())
	}
	if d.lock != nil {
		errs = append(errs, d.lock.Close())
	}
	return errors.Join(errs...)
}

// migrate applies the migrations not yet applied, each in its own
// transaction. Migrations are forward-only: a file written by a newer build
// is refused rather than misread.
func (d *DB) migrate(ctx context.Context, migrations fs.FS) error {
	names, err := fs.Glob(migrations, "*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	var version int
	if err := d.Writer.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return WrapWriteErr(fmt.Errorf("open store: read schema version: %w", err))
	}
	if version > len(names) {
		return fmt.Errorf("open store: schema version %d is newer than this build knows (%d): use a newer release", version, len(names))
	}
	for i := version; i < len(names); i++ {
		body, err := fs.ReadFile(migrations, names[i])
		if err != nil {
			return fmt.Errorf("read migration %s: %w", names[i], err)
		}
		err = d.InTx(ctx, func(tx *sql.Tx) error {
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

// InTx runs fn in a write transaction (BEGIN IMMEDIATE, from the DSN).
func (d *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.Writer.BeginTx(ctx, nil)
	if err != nil {
		return WrapWriteErr(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return WrapWriteErr(err)
	}
	return WrapWriteErr(tx.Commit())
}

// WrapWriteErr gives a full disk its own error, so callers can tell staff
// what to do instead of showing SQLite's words.
func WrapWriteErr(err error) error {
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

// IsUniqueViolation reports whether err is a UNIQUE constraint failure.
func IsUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}

// Nanos is how times are stored: Unix nanoseconds, 0 for the zero time.
func Nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// FromNanos reads what Nanos stored, in UTC.
func FromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// Placeholders returns n comma-separated "?" for an IN list.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
