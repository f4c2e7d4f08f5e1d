// Package hubstore is the hub's durable store: the event and its signing
// key, the roster, checkpoints and revocations with change versions that
// kiosks download, the kiosks and their enrollments, and every scan of every
// kiosk, stored once whatever the number of deliveries.
package hubstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/accueil/accueil/kiosk/sqlitedb"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database's name inside the hub's data folder.
const FileName = "hub.db"

// Errors callers tell apart.
var (
	ErrNotFound = errors.New("not found")
	ErrRevoked  = errors.New("kiosk revoked")
	ErrNoEvent  = errors.New("no event set up in this data folder")
	ErrInUse    = sqlitedb.ErrInUse
	ErrDiskFull = sqlitedb.ErrDiskFull
)

// Store is the hub's database.
type Store struct {
	db  *sqlitedb.DB
	now func() time.Time
}

// Open opens (creating if needed) the store in dir. Several processes may
// open it at once: the running hub and the organisers' commands (a roster
// import, a new kiosk) share it, SQLite keeping writes in turn; the hub
// server alone holds LockServe.
func Open(dir string) (*Store, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	db, err := sqlitedb.Open(dir, FileName, sub, false)
	if err != nil {
		return nil, err
	}
	return &Store{db: db, now: time.Now}, nil
}

// LockServe takes the data folder's server lock: one hub serves a folder.
func LockServe(dir string) (io.Closer, error) {
	f, err := sqlitedb.Lock(dir, "hub.lock")
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", dir, err)
	}
	return f, nil
}

// Dir is the data folder.
func (s *Store) Dir() string { return s.db.Dir }

// Close releases the database and the folder's lock.
func (s *Store) Close() error { return s.db.Close() }

// SetClock replaces the store's clock, for tests.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func nanos(t time.Time) int64     { return sqlitedb.Nanos(t) }
func fromNanos(n int64) time.Time { return sqlitedb.FromNanos(n) }

func (s *Store) setting(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("setting %q: %w", key, ErrNotFound)
	}
	return v, err
}

func setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// nextVersion takes the next number of a change series.
func nextVersion(ctx context.Context, tx *sql.Tx, series string) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `INSERT INTO series (name, version) VALUES (?, 1)
		ON CONFLICT(name) DO UPDATE SET version = version + 1 RETURNING version`, series).Scan(&v)
	return v, err
}

// Version returns the current number of a change series (0 if none).
func (s *Store) Version(ctx context.Context, series string) (int64, error) {
	var v int64
	err := s.db.Reader.QueryRowContext(ctx, "SELECT COALESCE((SELECT version FROM series WHERE name = ?), 0)", series).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read %s version: %w", series, err)
	}
	return v, nil
}

// The change series kiosks follow.
const (
	SeriesRoster      = "roster"
	SeriesCheckpoints = "checkpoints"
	SeriesRevocations = "revocations"
)

// randomSecret returns n random bytes, base64url without padding.
func randomSecret(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
