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

// scanStmt names one statement of the scan path.
type scanStmt int

const (
	stmtAttendeeByID scanStmt = iota
	stmtSituationByID
	stmtSituationByCode
	stmtCheckpoint
	stmtPresence
	stmtOccupancy
	stmtInsertScan
	stmtEnter
	stmtLeave
	stmtMove
	stmtRestartDay
	stmtZone
	stmtCodePolicy
	numScanStmts
)

// scanSQL is the scan path's SQL, by statement.
var scanSQL = [numScanStmts]string{
	stmtAttendeeByID:    "SELECT " + attendeeColumns + " FROM attendees WHERE id = ?",
	stmtSituationByID:   situationSQL + "WHERE a.id = ?1",
	stmtSituationByCode: situationSQL + "WHERE a.code_hash = ?1 AND a.code_hash <> ''",
	stmtCheckpoint:      "SELECT " + checkpointColumns + " FROM checkpoints WHERE id = ?",
	stmtPresence:        "SELECT inside, first_at, first_kiosk FROM presence WHERE attendee_id = ? AND checkpoint = ?",
	stmtOccupancy:       "SELECT COALESCE((SELECT inside FROM occupancy WHERE checkpoint = ?), 0)",
	stmtInsertScan: `INSERT INTO scans (id, kiosk, checkpoint, direction, verdict, reason, attendee_id, payload, at, first_at, first_kiosk)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	stmtEnter: `INSERT INTO presence (attendee_id, checkpoint, inside, first_at, first_kiosk) VALUES (?1, ?2, 1, ?3, ?4)
			ON CONFLICT DO UPDATE SET inside = 1,
			first_at = CASE WHEN ?5 THEN excluded.first_at ELSE first_at END,
			first_kiosk = CASE WHEN ?5 THEN excluded.first_kiosk ELSE first_kiosk END`,
	stmtRestartDay: "UPDATE presence SET first_at = ?, first_kiosk = ? WHERE attendee_id = ? AND checkpoint = ?",
	stmtZone:       "SELECT COALESCE((SELECT value FROM settings WHERE key = '" + kiosk.SettingTimeZone + "'), '')",
	stmtLeave:      "UPDATE presence SET inside = 0 WHERE attendee_id = ? AND checkpoint = ?",
	stmtMove: `INSERT INTO occupancy (checkpoint, inside) VALUES (?1, max(?2, 0))
			ON CONFLICT DO UPDATE SET inside = max(inside + ?2, 0)`,
	stmtCodePolicy: codePolicySQL,
}

// situationSQL reads, in one statement, what a scan needs of the attendee
// a badge names: the attendee, whether the badge (issue ?3) is revoked,
// and their presence at checkpoint ?2 (zero when they never came); the
// WHERE clause names the attendee by ?1. Presence comes in scalar
// subqueries: as a LEFT JOIN, the statement cost three times as much to
// run (SQLite prepared it again at every run: 18 µs instead of 6).
var situationSQL = "SELECT " + prefixed("a.", attendeeColumns) + `,
	EXISTS (SELECT 1 FROM revocations r WHERE r.attendee_id = a.id AND r.issue IN (0, ?3)),
	COALESCE((SELECT p.inside FROM presence p WHERE p.attendee_id = a.id AND p.checkpoint = ?2), 0),
	COALESCE((SELECT p.first_at FROM presence p WHERE p.attendee_id = a.id AND p.checkpoint = ?2), 0),
	COALESCE((SELECT p.first_kiosk FROM presence p WHERE p.attendee_id = a.id AND p.checkpoint = ?2), '')
	FROM attendees a `

// scanStatements are the scan path's statements prepared once on the
// writer connection, for the desk's and the sync's transactions that run
// them through database/sql; the scan path itself runs them on the driver
// connection (fastScans).
type scanStatements [numScanStmts]*sql.Stmt

func (s *Store) prepareScanStatements() error {
	for i, q := range scanSQL {
		stmt, err := s.db.Writer.Prepare(q)
		if err != nil {
			return fmt.Errorf("prepare %q: %w", q, err)
		}
		s.scanStmts[i] = stmt
	}
	s.fastScans = sqlitedb.NewStatements(scanSQL[:]...)
	return nil
}

func (s *Store) closeScanStatements() {
	if s.fastScans != nil {
		s.fastScans.Close()
	}
	for _, stmt := range s.scanStmts {
		if stmt != nil {
			stmt.Close()
		}
	}
}

// scanQueries runs the scan path's statements in a write transaction:
// a fast one (sqlitedb.FastTx) for scans, a database/sql one for the
// desk's check-ins by hand, which share the decision.
type scanQueries interface {
	queryRow(stmt scanStmt, args ...any) rowScanner
	exec(stmt scanStmt, args ...any) error
}

type fastQueries struct{ tx *sqlitedb.FastTx }

func (q fastQueries) queryRow(stmt scanStmt, args ...any) rowScanner {
	return q.tx.QueryRow(int(stmt), args...)
}

func (q fastQueries) exec(stmt scanStmt, args ...any) error {
	_, err := q.tx.Exec(int(stmt), args...)
	return err
}

type txQueries struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts *scanStatements
}

func (q txQueries) queryRow(stmt scanStmt, args ...any) rowScanner {
	return q.tx.StmtContext(q.ctx, q.stmts[stmt]).QueryRowContext(q.ctx, args...)
}

func (q txQueries) exec(stmt scanStmt, args ...any) error {
	_, err := q.tx.StmtContext(q.ctx, q.stmts[stmt]).ExecContext(q.ctx, args...)
	return err
}

func (s *Store) inTx(ctx context.Context, tx *sql.Tx) txQueries {
	return txQueries{ctx: ctx, tx: tx, stmts: &s.scanStmts}
}

// RecordScan decides a scan against the roster and presence on disk and
// stores it, with presence and occupancy, in one transaction; being this
// kiosk's own, the scan is in the outbox from then on. It returns after the
// commit, fsync included; on error nothing was stored. Once begun, a scan
// runs to its commit whatever ctx does: it takes a millisecond, and it
// runs outside database/sql (see sqlitedb.InFastTx), whose watching of
// each statement's context cost more than the statements.
func (s *Store) RecordScan(ctx context.Context, req kiosk.ScanRequest) (kiosk.Result, error) {
	if err := ctx.Err(); err != nil {
		return kiosk.Result{}, fmt.Errorf("record scan %s: %w", req.ID, err)
	}
	var res kiosk.Result
	err := s.db.InFastTx(ctx, s.fastScans, func(tx *sqlitedb.FastTx) error {
		var err error
		res, err = s.recordScan(fastQueries{tx}, req)
		return err
	})
	if err != nil {
		return kiosk.Result{}, fmt.Errorf("record scan %s: %w", req.ID, err)
	}
	return res, nil
}

func (s *Store) recordScan(q scanQueries, req kiosk.ScanRequest) (kiosk.Result, error) {
	cp, err := s.checkpointIn(q, req.Checkpoint)
	if err != nil {
		return kiosk.Result{}, err
	}
	scan := kiosk.Scan{ID: req.ID, Kiosk: req.Kiosk, Checkpoint: req.Checkpoint, Direction: req.Direction,
		Verdict: req.Refusal, Payload: req.Payload, At: req.At.UTC()}
	var sit kiosk.Situation
	if scan.Verdict == "" {
		sit, err = s.situation(q, cp, req)
		if errors.Is(err, sql.ErrNoRows) {
			scan.Verdict = kiosk.VerdictUnknownBadge
		} else if err != nil {
			return kiosk.Result{}, err
		}
	}
	att := sit.Attendee
	moves, newDay := 0, false
	if scan.Verdict == "" {
		scan.AttendeeID = att.ID
		d := kiosk.Decide(sit)
		scan.Verdict, scan.Reason, scan.FirstAt, scan.FirstKiosk = d.Verdict, d.Reason, d.FirstAt, d.FirstKiosk
		moves = d.Moves(req.Direction)
		newDay = d.NewDay
	}
	err = q.exec(stmtInsertScan, scan.ID, scan.Kiosk, scan.Checkpoint, string(scan.Direction),
		string(scan.Verdict), scan.Reason, scan.AttendeeID, scan.Payload, nanos(scan.At), nanos(scan.FirstAt), scan.FirstKiosk)
	if err != nil {
		if sqlitedb.IsUniqueViolation(err) {
			return kiosk.Result{}, fmt.Errorf("scan id %s already recorded", scan.ID)
		}
		return kiosk.Result{}, err
	}
	if err := applyMove(q, scan, moves, newDay); err != nil {
		return kiosk.Result{}, err
	}
	return kiosk.Result{Scan: scan, Attendee: att}, nil
}

// checkpointIn returns checkpoint id as stored, read in q's transaction
// unless it is the one cached for the last scan.
func (s *Store) checkpointIn(q scanQueries, id string) (kiosk.Checkpoint, error) {
	if c := s.scanCheckpoint.Load(); c != nil && c.ID == id {
		return *c, nil
	}
	cp, err := scanCheckpoint(q.queryRow(stmtCheckpoint, id))
	switch {
	case errors.Is(err, sql.ErrNoRows) && id == kiosk.EntranceID:
		cp = kiosk.DefaultEntrance
	case errors.Is(err, sql.ErrNoRows):
		return kiosk.Checkpoint{}, fmt.Errorf("checkpoint %q: %w", id, kiosk.ErrUnknownCheckpoint)
	case err != nil:
		return kiosk.Checkpoint{}, err
	}
	s.scanCheckpoint.Store(&cp)
	return cp, nil
}

// situation reads what the decision on a badge depends on, in q's
// transaction: the attendee it names (sql.ErrNoRows when nobody), whether
// it is revoked, their presence at cp and, for a checkpoint with a
// capacity, its occupancy.
func (s *Store) situation(q scanQueries, cp kiosk.Checkpoint, req kiosk.ScanRequest) (kiosk.Situation, error) {
	zone, err := s.zoneIn(q)
	if err != nil {
		return kiosk.Situation{}, err
	}
	sit := kiosk.Situation{Checkpoint: cp, Direction: req.Direction, At: req.At, Zone: zone}
	read := func(stmt scanStmt, key string) error {
		var f attendeeFields
		var firstAt int64
		err := q.queryRow(stmt, key, cp.ID, req.Badge.Issue).Scan(append(f.dest(), &sit.Revoked, &sit.Presence.Inside, &firstAt,
			&sit.Presence.FirstKiosk)...)
		sit.Attendee, sit.Presence.FirstAt = f.attendee(), fromNanos(firstAt)
		return err
	}
	if b := req.Badge; b.AttendeeID != "" {
		err = read(stmtSituationByID, b.AttendeeID)
	} else {
		// Codes are looked up by their hash, which every kiosk keeps (the
		// code itself only desks do): one SHA-256, about a microsecond.
		var pol codePolicy
		if pol, err = s.codesIn(q); err != nil {
			return kiosk.Situation{}, err
		}
		err = read(stmtSituationByCode, kiosk.CodeHash(pol.event, b.Code))
		if errors.Is(err, sql.ErrNoRows) {
			// A scanner typing with Caps Lock on turns WI-7K3Q… into
			// wi-7k3q…; the codes we print and the registration systems'
			// are upper case.
			if up := strings.ToUpper(b.Code); up != b.Code {
				err = read(stmtSituationByCode, kiosk.CodeHash(pol.event, up))
			}
		}
	}
	if err != nil {
		return kiosk.Situation{}, err
	}
	if cp.Capacity > 0 {
		if err := q.queryRow(stmtOccupancy, cp.ID).Scan(&sit.Occupancy); err != nil {
			return kiosk.Situation{}, err
		}
	}
	return sit, nil
}

// applyMove keeps presence and occupancy in step with an admitted scan. An
// entry that starts a new day makes it the first entry again.
func applyMove(q scanQueries, scan kiosk.Scan, moves int, newDay bool) error {
	switch moves {
	case 0:
		if newDay {
			err := q.exec(stmtRestartDay, nanos(scan.At), scan.Kiosk, scan.AttendeeID, scan.Checkpoint)
			return err
		}
		return nil
	case 1:
		if err := q.exec(stmtEnter, scan.AttendeeID, scan.Checkpoint, nanos(scan.At), scan.Kiosk, newDay); err != nil {
			return err
		}
	default:
		if err := q.exec(stmtLeave, scan.AttendeeID, scan.Checkpoint); err != nil {
			return err
		}
	}
	err := q.exec(stmtMove, scan.Checkpoint, moves)
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

// ackedSeqSQL is the highest seq of this kiosk's own scans that the hub
// has acknowledged. The outbox is this kiosk's scans (hub_cursor = 0, the
// scans_local index) after it.
const ackedSeqSQL = "COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = '" + kiosk.SettingAckedSeq + "'), 0)"

// PendingCountSQL counts the scans in a kiosk store's outbox, for tools
// that read a running kiosk's file.
const PendingCountSQL = "SELECT count(*) FROM scans WHERE hub_cursor = 0 AND seq > " + ackedSeqSQL

// PendingScans returns scans still in the outbox after seq, oldest first.
func (s *Store) PendingScans(ctx context.Context, after int64, limit int) ([]StoredScan, error) {
	return s.queryScans(ctx, "SELECT "+scanColumns+" FROM scans WHERE hub_cursor = 0 AND seq > max(?, "+ackedSeqSQL+") ORDER BY seq LIMIT ?",
		after, limit)
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
	if err := s.db.Reader.QueryRowContext(ctx, PendingCountSQL).Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending scans: %w", err)
	}
	return n, nil
}

// AckScans removes from the outbox every scan up to seq, once the hub has
// stored them: the mark moves up to seq, never down (a late ack for an
// older batch changes nothing).
func (s *Store) AckScans(ctx context.Context, seq int64) error {
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?1, CAST(?2 AS TEXT))
			ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), ?2) AS TEXT)`, kiosk.SettingAckedSeq, seq)
		return err
	})
	if err != nil {
		return fmt.Errorf("acknowledge scans up to %d: %w", seq, err)
	}
	return nil
}

// SetClock replaces the store's clock, for tests.
func (s *Store) SetClock(now func() time.Time) { s.now = now }
