package hubstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accueil/accueil/sync/protocol"
)

// Kiosk is an enrolled device.
type Kiosk struct {
	Name      string
	Role      string
	CreatedAt time.Time
	RevokedAt time.Time
}

// Revoked reports whether the kiosk's credential was withdrawn.
func (k Kiosk) Revoked() bool { return !k.RevokedAt.IsZero() }

// EnrollmentTTL is how long an enrollment code stays usable.
const EnrollmentTTL = 24 * time.Hour

// AddEnrollment records a one-time code (by its token's hash) that will
// enrol a kiosk under name with role.
func (s *Store) AddEnrollment(ctx context.Context, name, role, tokenHash string) error {
	if err := protocol.CheckKioskName(name); err != nil {
		return fmt.Errorf("add kiosk: %w", err)
	}
	if !protocol.ValidRole(role) {
		return fmt.Errorf("add kiosk %q: unknown role %q (want %s)", name, role, strings.Join(protocol.Roles, ", "))
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO enrollments (token_hash, kiosk, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			tokenHash, name, role, nanos(now), nanos(now.Add(EnrollmentTTL)))
		return err
	})
	if err != nil {
		return fmt.Errorf("add kiosk %q: %w", name, err)
	}
	return nil
}

// ErrEnrollment is returned for an unknown, used or expired code.
var ErrEnrollment = errors.New("enrollment code unknown, already used or expired")

// Enroll spends a one-time code: the kiosk it names gets credentialHash as
// its credential (replacing any earlier one: a reinstalled kiosk keeps its
// name) and is no longer revoked. Spending it again with the same
// credential succeeds, so a kiosk may retry when the answer was lost.
func (s *Store) Enroll(ctx context.Context, tokenHash, credentialHash string) (Kiosk, error) {
	now := s.now()
	var k Kiosk
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var expires, used int64
		err := tx.QueryRowContext(ctx, "SELECT kiosk, role, expires_at, used_at FROM enrollments WHERE token_hash = ?", tokenHash).
			Scan(&k.Name, &k.Role, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrEnrollment
		}
		if err != nil {
			return err
		}
		if used != 0 {
			// The same kiosk asking again, its answer lost on the way: the
			// code is spent, but by this very credential.
			var current string
			err := tx.QueryRowContext(ctx, "SELECT credential_hash FROM kiosks WHERE name = ? AND revoked_at = 0", k.Name).Scan(&current)
			if err == nil && current == credentialHash {
				return nil
			}
			return ErrEnrollment
		}
		if now.After(fromNanos(expires)) {
			return ErrEnrollment
		}
		if _, err := tx.ExecContext(ctx, "UPDATE enrollments SET used_at = ? WHERE token_hash = ?", nanos(now), tokenHash); err != nil {
			return err
		}
		k.CreatedAt = now
		_, err = tx.ExecContext(ctx, `INSERT INTO kiosks (name, role, credential_hash, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT(name) DO UPDATE SET role = excluded.role, credential_hash = excluded.credential_hash,
				created_at = excluded.created_at, revoked_at = 0`, k.Name, k.Role, credentialHash, nanos(now))
		return err
	})
	if err != nil {
		return Kiosk{}, fmt.Errorf("enroll: %w", err)
	}
	return k, nil
}

// KioskByCredential returns the kiosk holding a credential; ErrNotFound
// when none does, ErrRevoked when it was revoked.
func (s *Store) KioskByCredential(ctx context.Context, credentialHash string) (Kiosk, error) {
	var k Kiosk
	var created, revoked int64
	err := s.db.Reader.QueryRowContext(ctx, "SELECT name, role, created_at, revoked_at FROM kiosks WHERE credential_hash = ?", credentialHash).
		Scan(&k.Name, &k.Role, &created, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return Kiosk{}, ErrNotFound
	}
	if err != nil {
		return Kiosk{}, fmt.Errorf("read kiosk: %w", err)
	}
	k.CreatedAt, k.RevokedAt = fromNanos(created), fromNanos(revoked)
	if k.Revoked() {
		return k, ErrRevoked
	}
	return k, nil
}

// RevokeKiosk withdraws a kiosk's credential.
func (s *Store) RevokeKiosk(ctx context.Context, name string) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE kiosks SET revoked_at = ? WHERE name = ? AND revoked_at = 0", nanos(s.now()), name)
		if err != nil {
			return err
		}
		revoked, _ := res.RowsAffected()
		// Codes not yet used for this kiosk would bring it back: void them,
		// also for a kiosk that never enrolled.
		res, err = tx.ExecContext(ctx, "UPDATE enrollments SET used_at = ? WHERE kiosk = ? AND used_at = 0", nanos(s.now()), name)
		if err != nil {
			return err
		}
		voided, _ := res.RowsAffected()
		if revoked == 0 && voided == 0 {
			return fmt.Errorf("no active kiosk or unused enrollment code named %q", name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("revoke kiosk: %w", err)
	}
	return nil
}

// Kiosks lists every enrolled kiosk, revoked ones too.
func (s *Store) Kiosks(ctx context.Context) ([]Kiosk, error) {
	rows, err := s.db.Reader.QueryContext(ctx, "SELECT name, role, created_at, revoked_at FROM kiosks ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list kiosks: %w", err)
	}
	defer rows.Close()
	var out []Kiosk
	for rows.Next() {
		var k Kiosk
		var created, revoked int64
		if err := rows.Scan(&k.Name, &k.Role, &created, &revoked); err != nil {
			return nil, err
		}
		k.CreatedAt, k.RevokedAt = fromNanos(created), fromNanos(revoked)
		out = append(out, k)
	}
	return out, rows.Err()
}

// Marks are cheap numbers that change whenever another process (an
// organiser's command) changes what connected kiosks must learn: the hub
// polls them.
type Marks struct {
	Roster, Checkpoints, Revocations, StaffPIN, Keys, Sessions int64
	// KiosksRevoked is the latest kiosk revocation time, in nanoseconds.
	KiosksRevoked int64
}

// Marks reads the current change marks.
func (s *Store) Marks(ctx context.Context) (Marks, error) {
	var m Marks
	err := s.db.Reader.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT version FROM series WHERE name = 'roster'), 0),
		COALESCE((SELECT version FROM series WHERE name = 'checkpoints'), 0),
		COALESCE((SELECT version FROM series WHERE name = 'revocations'), 0),
		COALESCE((SELECT max(revoked_at) FROM kiosks), 0),
		COALESCE((SELECT version FROM series WHERE name = 'staff_pin'), 0),
		COALESCE((SELECT version FROM series WHERE name = 'keys'), 0),
		COALESCE((SELECT version FROM series WHERE name = 'sessions'), 0)`).Scan(&m.Roster, &m.Checkpoints, &m.Revocations, &m.KiosksRevoked,
		&m.StaffPIN, &m.Keys, &m.Sessions)
	if err != nil {
		return Marks{}, fmt.Errorf("read change marks: %w", err)
	}
	return m, nil
}
