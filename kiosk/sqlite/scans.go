package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/kiosk/sqlitedb"
)

// scanStatements are prepared once on the writer connection: the scan path
// runs them for every badge and must not re-parse SQL each time.
type scanStatements struct {
	attendeeByID, attendeeByCode, revoked, checkpoint, presence, occupancy *sql.Stmt
	insertScan, insertOutbox, enter, leave, move, restartDay, zone         *sql.Stmt
}

func (s *Store) prepareScanStatements() error {
	st := &s.scanStmts
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.attendeeByID, "SELECT " + attendeeColumns + " FROM attendees WHERE id = ?"},
		{&st.attendeeByCode, "SELECT " + attendeeColumns + " FROM attendees WHERE code_hash = ? AND code_hash <> ''"},
		{&st.revoked, "SELECT EXISTS (SELECT 1 FROM revocations WHERE attendee_id = ? AND issue IN (0, ?))"},
		{&st.checkpoint, "SELECT " + checkpointColumns + " FROM checkpoints WHERE id = ?"},
		{&st.presence, "SELECT inside, first_at, first_kiosk FROM presence WHERE attendee_id = ? AND checkpoint = ?"},
		{&st.occupancy, "SELECT COALESCE((SELECT inside FROM occupancy WHERE checkpoint = ?), 0)"},
		{&st.insertScan, `INSERT INTO scans (id, kiosk, checkpoint, direction, verdict, reason, attendee_id, payload, at, first_at, first_kiosk)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&st.insertOutbox, "INSERT INTO outbox (seq) VALUES (?)"},
		{&st.enter, `INSERT INTO presence (attendee_id, checkpoint, inside, first_at, first_kiosk) VALUES (?1, ?2, 1, ?3, ?4)
			ON CONFLICT DO UPDATE SET inside = 1,
			first_at = CASE WHEN ?5 THEN excluded.first_at ELSE first_at END,
			first_kiosk = CASE WHEN ?5 THEN excluded.first_kiosk ELSE first_kiosk END`},
		{&st.restartDay, "UPDATE presence SET first_at = ?, first_kiosk = ? WHERE attendee_id = ? AND checkpoint = ?"},
		{&st.zone, "SELECT COALESCE((SELECT value FROM settings WHERE key = '" + kiosk.SettingTimeZone + "'), '')"},
		{&st.leave, "UPDATE presence SET inside = 0 WHERE attendee_id = ? AND checkpoint = ?"},
		{&st.move, `INSERT INTO occupancy (checkpoint, inside) VALUES (?1, max(?2, 0))
			ON CONFLICT DO UPDATE SET inside = max(inside + ?2, 0)`},
	} {
		stmt, err := s.db.Writer.Prepare(p.sql)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", p.sql, err)
		}
		*p.dst = stmt
	}
	return nil
}

func (st *scanStatements) close() {
	for _, stmt := range []*sql.Stmt{st.attendeeByID, st.attendeeByCode, st.revoked, st.checkpoint, st.presence,
		st.occupancy, st.insertScan, st.insertOutbox, st.enter, st.leave, st.move, st.restartDay, st.zone} {
		if stmt != nil {
			stmt.Close()
		}
	}
}

// RecordScan decides a scan against the roster and presence on disk and
// stores it, with its outbox row, in one transaction. It returns after the
// commit, fsync included; on error nothing was stored.
func (s *Store) RecordScan(ctx context.Context, req kiosk.ScanRequest) (kiosk.Result, error) {
	if err := ctx.Err(); err != nil {
		return kiosk.Result{}, fmt.Errorf("record scan %s: %w", req.ID, err)
	}
	// A scan, once begun, runs to its commit under a context that is never
	// cancelled: it takes a millisecond, and go-sqlite3 would otherwise
	// watch a cancellable context from a goroutine of its own for each of
	// the transaction's ten statements, a cost on every visitor's wait.
	ctx = context.WithoutCancel(ctx)
	var res kiosk.Result
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.recordScan(ctx, tx, req)
		return err
	})
	if err != nil {
		return kiosk.Result{}, fmt.Errorf("record scan %s: %w", req.ID, err)
	}
	return res, nil
}

func (s *Store) recordScan(ctx context.Context, tx *sql.Tx, req kiosk.ScanRequest) (kiosk.Result, error) {
	st := &s.scanStmts
	cp, err := scanCheckpoint(tx.StmtContext(ctx, st.checkpoint).QueryRowContext(ctx, req.Checkpoint))
	switch {
	case errors.Is(err, sql.ErrNoRows) && req.Checkpoint == kiosk.EntranceID:
		cp = kiosk.DefaultEntrance
	case errors.Is(err, sql.ErrNoRows):
		return kiosk.Result{}, fmt.Errorf("checkpoint %q: %w", req.Checkpoint, kiosk.ErrUnknownCheckpoint)
	case err != nil:
		return kiosk.Result{}, err
	}
	scan := kiosk.Scan{ID: req.ID, Kiosk: req.Kiosk, Checkpoint: req.Checkpoint, Direction: req.Direction,
		Verdict: req.Refusal, Payload: req.Payload, At: req.At.UTC()}
	var att kiosk.Attendee
	if scan.Verdict == "" {
		att, err = s.findAttendee(ctx, tx, req.Badge)
		if errors.Is(err, sql.ErrNoRows) {
			scan.Verdict = kiosk.VerdictUnknownBadge
		} else if err != nil {
			return kiosk.Result{}, err
		}
	}
	moves, newDay := 0, false
	if scan.Verdict == "" {
		scan.AttendeeID = att.ID
		d, err := s.decide(ctx, tx, cp, att, req)
		if err != nil {
			return kiosk.Result{}, err
		}
		scan.Verdict, scan.Reason, scan.FirstAt, scan.FirstKiosk = d.Verdict, d.Reason, d.FirstAt, d.FirstKiosk
		moves = d.Moves(req.Direction)
		newDay = d.NewDay
	}
	r, err := tx.StmtContext(ctx, st.insertScan).ExecContext(ctx, scan.ID, scan.Kiosk, scan.Checkpoint, string(scan.Direction),
		string(scan.Verdict), scan.Reason, scan.AttendeeID, scan.Payload, nanos(scan.At), nanos(scan.FirstAt), scan.FirstKiosk)
	if err != nil {
		if sqlitedb.IsUniqueViolation(err) {
			return kiosk.Result{}, fmt.Errorf("scan id %s already recorded", scan.ID)
		}
		return kiosk.Result{}, err
	}
	seq, err := r.LastInsertId()
	if err != nil {
		return kiosk.Result{}, err
	}
	if _, err := tx.StmtContext(ctx, st.insertOutbox).ExecContext(ctx, seq); err != nil {
		return kiosk.Result{}, err
	}
	if err := s.applyMove(ctx, tx, scan, moves, newDay); err != nil {
		return kiosk.Result{}, err
	}
	return kiosk.Result{Scan: scan, Attendee: att}, nil
}

func (s *Store) findAttendee(ctx context.Context, tx *sql.Tx, b kiosk.Badge) (kiosk.Attendee, error) {
	if b.AttendeeID != "" {
		return scanAttendee(tx.StmtContext(ctx, s.scanStmts.attendeeByID).QueryRowContext(ctx, b.AttendeeID))
	}
	// Codes are looked up by their hash, which every kiosk keeps (the code
	// itself only desks do): one SHA-256, about a microsecond.
	pol, err := s.codes(ctx, tx)
	if err != nil {
		return kiosk.Attendee{}, err
	}
	a, err := scanAttendee(tx.StmtContext(ctx, s.scanStmts.attendeeByCode).QueryRowContext(ctx, kiosk.CodeHash(pol.event, b.Code)))
	if errors.Is(err, sql.ErrNoRows) {
		// A scanner typing with Caps Lock on turns WI-7K3Q… into wi-7k3q…;
		// the codes we print and the registration systems' are upper case.
		if up := strings.ToUpper(b.Code); up != b.Code {
			a, err = scanAttendee(tx.StmtContext(ctx, s.scanStmts.attendeeByCode).QueryRowContext(ctx, kiosk.CodeHash(pol.event, up)))
		}
	}
	return a, err
}

func (s *Store) decide(ctx context.Context, tx *sql.Tx, cp kiosk.Checkpoint, att kiosk.Attendee, req kiosk.ScanRequest) (kiosk.Decision, error) {
	st := &s.scanStmts
	zone, err := s.zone(ctx, tx)
	if err != nil {
		return kiosk.Decision{}, err
	}
	sit := kiosk.Situation{Checkpoint: cp, Direction: req.Direction, At: req.At, Attendee: att, Zone: zone}
	if err := tx.StmtContext(ctx, st.revoked).QueryRowContext(ctx, att.ID, req.Badge.Issue).Scan(&sit.Revoked); err != nil {
		return kiosk.Decision{}, err
	}
	var firstAt int64
	err = tx.StmtContext(ctx, st.presence).QueryRowContext(ctx, att.ID, cp.ID).Scan(&sit.Presence.Inside, &firstAt, &sit.Presence.FirstKiosk)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return kiosk.Decision{}, err
	}
	sit.Presence.FirstAt = fromNanos(firstAt)
	if cp.Capacity > 0 {
		if err := tx.StmtContext(ctx, st.occupancy).QueryRowContext(ctx, cp.ID).Scan(&sit.Occupancy); err != nil {
			return kiosk.Decision{}, err
		}
	}
	return kiosk.Decide(sit), nil
}

// applyMove keeps presence and occupancy in step with an admitted scan. An
// entry that starts a new day makes it the first entry again.
func (s *Store) applyMove(ctx context.Context, tx *sql.Tx, scan kiosk.Scan, moves int, newDay bool) error {
	st := &s.scanStmts
	switch moves {
	case 0:
		if newDay {
			_, err := tx.StmtContext(ctx, st.restartDay).ExecContext(ctx, nanos(scan.At), scan.Kiosk, scan.AttendeeID, scan.Checkpoint)
			return err
		}
		return nil
	case 1:
		if _, err := tx.StmtContext(ctx, st.enter).ExecContext(ctx, scan.AttendeeID, scan.Checkpoint, nanos(scan.At), scan.Kiosk, newDay); err != nil {
			return err
		}
	default:
		if _, err := tx.StmtContext(ctx, st.leave).ExecContext(ctx, scan.AttendeeID, scan.Checkpoint); err != nil {
			return err
		}
	}
	_, err := tx.StmtContext(ctx, st.move).ExecContext(ctx, scan.Checkpoint, moves)
	return err
}

// Occupancy returns how many people are inside a checkpoint.
func (s *Store) Occupancy(ctx context.Context, checkpoint string) (int, error) {
	var n int
	if err := s.db.Reader.QueryRowContext(ctx, "SELECT COALESCE((SELECT inside FROM occupancy WHERE checkpoint = ?), 0)", checkpoint).Scan(&n); err != nil {
		return 0, fmt.Errorf("read occupancy of %q: %w", checkpoint, err)
	}
	return n, nil
}

// StoredScan is a scan with its local sequence number.
type StoredScan = kiosk.StoredScan

const scanColumns = "seq, id, kiosk, checkpoint, direction, verdict, reason, attendee_id, payload, at, first_at, first_kiosk, undoes"

// scanFields receives scanColumns, alone or as part of a wider row.
type scanFields struct {
	s            StoredScan
	dir, verdict string
	at, firstAt  int64
}

func (f *scanFields) dest() []any {
	s := &f.s
	return []any{&s.Seq, &s.ID, &s.Kiosk, &s.Checkpoint, &f.dir, &f.verdict, &s.Reason, &s.AttendeeID, &s.Payload, &f.at,
		&f.firstAt, &s.FirstKiosk, &s.Undoes}
}

func (f *scanFields) scan() StoredScan {
	s := f.s
	s.Direction, s.Verdict, s.At, s.FirstAt = kiosk.Direction(f.dir), kiosk.Verdict(f.verdict), fromNanos(f.at), fromNanos(f.firstAt)
	return s
}

func scanScan(r rowScanner) (StoredScan, error) {
	var f scanFields
	err := r.Scan(f.dest()...)
	return f.scan(), err
}

// Scans returns the scans with seq > after, in order, at most limit.
func (s *Store) Scans(ctx context.Context, after int64, limit int) ([]StoredScan, error) {
	return s.queryScans(ctx, "SELECT "+scanColumns+" FROM scans WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
}

// PendingScans returns scans still in the outbox after seq, oldest first.
func (s *Store) PendingScans(ctx context.Context, after int64, limit int) ([]StoredScan, error) {
	return s.queryScans(ctx, "SELECT "+scanColumns+" FROM scans WHERE seq IN (SELECT seq FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?) ORDER BY seq", after, limit)
}

func (s *Store) queryScans(ctx context.Context, query string, args ...any) ([]StoredScan, error) {
	out, err := sqlitedb.QueryAll(ctx, s.db.Reader, scanScan, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read scans: %w", err)
	}
	return out, nil
}

// ScanByID returns one scan, or ErrNotFound.
func (s *Store) ScanByID(ctx context.Context, id string) (StoredScan, error) {
	sc, err := scanScan(s.db.Reader.QueryRowContext(ctx, "SELECT "+scanColumns+" FROM scans WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return StoredScan{}, fmt.Errorf("scan %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return StoredScan{}, fmt.Errorf("read scan %s: %w", id, err)
	}
	return sc, nil
}

// CountPending returns how many scans wait for the hub.
func (s *Store) CountPending(ctx context.Context) (int, error) {
	var n int
	if err := s.db.Reader.QueryRowContext(ctx, "SELECT count(*) FROM outbox").Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending scans: %w", err)
	}
	return n, nil
}

// AckScans removes from the outbox every scan up to seq, once the hub has
// stored them.
func (s *Store) AckScans(ctx context.Context, seq int64) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE seq <= ?", seq)
		return err
	})
	if err != nil {
		return fmt.Errorf("acknowledge scans up to %d: %w", seq, err)
	}
	return nil
}

// SetClock replaces the store's clock, for tests.
func (s *Store) SetClock(now func() time.Time) { s.now = now }
