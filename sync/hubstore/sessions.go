package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is an organiser's dashboard login.
type Session struct {
	// CSRF is the session's token for state-changing forms.
	CSRF      string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
}

// Session limits: a login lasts the event (four days) unless idle for
// SessionIdle; at most MaxSessions live at once, the oldest going first.
const (
	SessionLifetime = 4 * 24 * time.Hour
	SessionIdle     = 12 * time.Hour
	MaxSessions     = 1000
)

// SeriesSessions changes whenever sessions are ended in bulk (`hub token
// -rotate`), so that a running hub closes their dashboards.
const SeriesSessions = "sessions"

// CreateSession records a new session by the hash of its id (the id is
// random, from the caller, and only its hash is kept, as for kiosks'
// credentials) and returns it.
func (s *Store) CreateSession(ctx context.Context, idHash string) (Session, error) {
	now := s.now()
	sess := Session{CSRF: randomSecret(24), CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(SessionLifetime)}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM dashboard_sessions WHERE expires_at <= ? OR last_seen <= ?",
			nanos(now), nanos(now.Add(-SessionIdle))); err != nil {
			return err
		}
		// The oldest go beyond MaxSessions: a script logging in in a loop
		// fills nothing.
		if _, err := tx.ExecContext(ctx, `DELETE FROM dashboard_sessions WHERE id_hash IN (
			SELECT id_hash FROM dashboard_sessions ORDER BY created_at DESC LIMIT -1 OFFSET ?)`, MaxSessions-1); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO dashboard_sessions (id_hash, csrf, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?)",
			idHash, sess.CSRF, nanos(now), nanos(now), nanos(sess.ExpiresAt))
		return err
	})
	if err != nil {
		return Session{}, fmt.Errorf("create session: %w", err)
	}
	return sess, nil
}

// ErrNoSession is returned for an unknown, ended or expired session.
var ErrNoSession = errors.New("no such session")

// SessionByID returns a live session by its id's hash, and notes it was
// used (at most once a minute, to spare the disk).
func (s *Store) SessionByID(ctx context.Context, idHash string) (Session, error) {
	if idHash == "" {
		return Session{}, ErrNoSession
	}
	var sess Session
	var created, seen, expires int64
	err := s.db.Reader.QueryRowContext(ctx, "SELECT csrf, created_at, last_seen, expires_at FROM dashboard_sessions WHERE id_hash = ?",
		idHash).Scan(&sess.CSRF, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	sess.CreatedAt, sess.LastSeen, sess.ExpiresAt = fromNanos(created), fromNanos(seen), fromNanos(expires)
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeen) >= SessionIdle {
		return Session{}, ErrNoSession
	}
	if now.Sub(sess.LastSeen) > time.Minute {
		err := s.db.InTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE dashboard_sessions SET last_seen = ? WHERE id_hash = ?", nanos(now), idHash)
			return err
		})
		if err != nil {
			return Session{}, fmt.Errorf("touch session: %w", err)
		}
		sess.LastSeen = now
	}
	return sess, nil
}

// EndSession ends one session (a logout).
func (s *Store) EndSession(ctx context.Context, idHash string) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM dashboard_sessions WHERE id_hash = ?", idHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// RotateDashboardToken makes a new organisers' token and ends every
// dashboard session; it returns the token.
func (s *Store) RotateDashboardToken(ctx context.Context) (string, error) {
	token := randomSecret(24)
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.setting(ctx, tx, settingDashboardToken); errors.Is(err, ErrNotFound) {
			return ErrNoEvent
		}
		if err := setSetting(ctx, tx, settingDashboardToken, token); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM dashboard_sessions"); err != nil {
			return err
		}
		_, err := nextVersion(ctx, tx, SeriesSessions)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("rotate token: %w", err)
	}
	return token, nil
}
