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

// HistoryLimit bounds the scans History returns.
const HistoryLimit = 200

// maxRecentScans bounds what RecentScans returns, whatever it is asked.
const maxRecentScans = 1000

// walkInAttempts bounds the draws of a fresh walk-in id and code: with 35
// random bits of id, a second draw is already rare.
const walkInAttempts = 10

// Desk is what the entrance desk does with the store, as one kiosk at one
// checkpoint: it implements the desk mode of kiosk/ui.
type Desk struct {
	store      *Store
	kiosk      string
	checkpoint string
	now        func() time.Time
	// Recorded, if set, is called after each scan or walk-in the desk
	// stores, like kiosk.Station.Recorded: the hub client sends at once.
	Recorded func()
}

// Desk returns the desk of kioskName at checkpoint. now is the clock; nil
// means time.Now.
func (s *Store) Desk(kioskName, checkpoint string, now func() time.Time) *Desk {
	if now == nil {
		now = time.Now
	}
	return &Desk{store: s, kiosk: kioskName, checkpoint: checkpoint, now: now}
}

func (d *Desk) recorded() {
	if d.Recorded != nil {
		d.Recorded()
	}
}

// Search finds attendees by name, organisation, code or id; see
// Store.Search.
func (d *Desk) Search(ctx context.Context, query string, limit int) ([]kiosk.Attendee, error) {
	return d.store.Search(ctx, query, limit)
}

// History returns an attendee's scans at every checkpoint, this kiosk's and
// those relayed from others, newest first, at most HistoryLimit.
func (d *Desk) History(ctx context.Context, attendeeID string) ([]kiosk.Scan, error) {
	if attendeeID == "" {
		return nil, fmt.Errorf("history: empty attendee id")
	}
	stored, err := d.store.queryScans(ctx, "SELECT "+scanColumns+` FROM scans
		WHERE attendee_id = ? AND attendee_id <> '' ORDER BY at DESC, seq DESC LIMIT ?`, attendeeID, HistoryLimit)
	if err != nil {
		return nil, fmt.Errorf("history of %q: %w", attendeeID, err)
	}
	out := make([]kiosk.Scan, len(stored))
	for i, sc := range stored {
		out[i] = sc.Scan
	}
	return out, nil
}

// CheckByHand records a check-in or check-out that staff made without a
// badge, at the desk's checkpoint. It takes the badge's path (revocation,
// category, opening hours, capacity, already checked in) and goes to the
// outbox like any scan. An attendee id not on the roster is an error
// wrapping ErrNotFound, and nothing is stored.
func (d *Desk) CheckByHand(ctx context.Context, attendeeID string, dir kiosk.Direction) (kiosk.Result, error) {
	if _, err := kiosk.ParseDirection(string(dir)); err != nil {
		return kiosk.Result{}, fmt.Errorf("check %q by hand: %w", attendeeID, err)
	}
	if attendeeID == "" {
		return kiosk.Result{}, fmt.Errorf("check by hand: empty attendee id")
	}
	req := kiosk.ScanRequest{ID: kiosk.NewScanID(), Kiosk: d.kiosk, Checkpoint: d.checkpoint, Direction: dir,
		At: d.now(), Payload: kiosk.ManualPayload, Badge: kiosk.Badge{AttendeeID: attendeeID}}
	var res kiosk.Result
	err := d.store.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := scanAttendee(d.store.inTx(ctx, tx).queryRow(stmtAttendeeByID, attendeeID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("attendee %q: %w", attendeeID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		res, err = d.store.recordScan(d.store.inTx(ctx, tx), req)
		return err
	})
	if err != nil {
		return kiosk.Result{}, fmt.Errorf("check %q %s by hand: %w", attendeeID, dir, err)
	}
	d.recorded()
	return res, nil
}

// Undo cancels a check-in made by mistake: scanID must be an admitted entry
// made here by this kiosk less than kiosk.UndoWindow ago, not undone yet,
// and still the attendee's last admitted scan at its checkpoint; otherwise
// the error wraps kiosk.ErrCannotUndo and says why. The undo is an exit
// scan of its own (reason kiosk.ReasonUndo, Undoes = scanID), stored in one
// transaction and sent to the hub like any scan: the attendee is no longer inside, and
// when scanID was their only standing entry there, nothing remembers they
// entered, so their next scan is accepted.
func (d *Desk) Undo(ctx context.Context, scanID string) (kiosk.Result, error) {
	var res kiosk.Result
	err := d.store.db.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = d.undo(ctx, tx, scanID)
		return err
	})
	if err != nil {
		return kiosk.Result{}, fmt.Errorf("undo scan %s: %w", scanID, err)
	}
	d.recorded()
	return res, nil
}

func (d *Desk) undo(ctx context.Context, tx *sql.Tx, scanID string) (kiosk.Result, error) {
	var f scanFields
	var cursor int64
	err := tx.QueryRowContext(ctx, "SELECT "+scanColumns+", hub_cursor FROM scans WHERE id = ?", scanID).
		Scan(append(f.dest(), &cursor)...)
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.Result{}, fmt.Errorf("scan %s: %w", scanID, ErrNotFound)
	}
	if err != nil {
		return kiosk.Result{}, err
	}
	x := f.scan()
	now := d.now()
	if cursor != 0 {
		return kiosk.Result{}, fmt.Errorf("%w: scan %s is not this kiosk's (relayed by the hub from %q)", kiosk.ErrCannotUndo, x.ID, x.Kiosk)
	}
	if err := kiosk.CheckUndo(x.Scan, d.kiosk, now); err != nil {
		return kiosk.Result{}, err
	}
	var undone string
	err = tx.QueryRowContext(ctx, "SELECT id FROM scans WHERE undoes = ? AND undoes <> ''", x.ID).Scan(&undone)
	if err == nil {
		return kiosk.Result{}, fmt.Errorf("%w: scan %s is already undone (by scan %s)", kiosk.ErrCannotUndo, x.ID, undone)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return kiosk.Result{}, err
	}
	// Undoing an entry the attendee has since left by, or re-entered
	// after, would count them out twice: staff then records an exit.
	var later string
	err = tx.QueryRowContext(ctx, `SELECT id FROM scans WHERE attendee_id = ?1 AND attendee_id <> '' AND checkpoint = ?2
		AND verdict = 'accepted' AND seq > ?3 ORDER BY seq LIMIT 1`, x.AttendeeID, x.Checkpoint, x.Seq).Scan(&later)
	if err == nil {
		return kiosk.Result{}, fmt.Errorf("%w: scan %s is no longer the attendee's last admission here (scan %s followed)",
			kiosk.ErrCannotUndo, x.ID, later)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return kiosk.Result{}, err
	}
	var inside bool
	err = d.store.inTx(ctx, tx).queryRow(stmtPresence, x.AttendeeID, x.Checkpoint).Scan(&inside, new(int64), new(string))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return kiosk.Result{}, err
	}
	if !inside {
		return kiosk.Result{}, fmt.Errorf("%w: attendee %q is no longer inside %q", kiosk.ErrCannotUndo, x.AttendeeID, x.Checkpoint)
	}

	// The undo follows the entry in kiosk time even if the clock was set
	// back since: the hub orders an attendee's scans by it.
	at := now.UTC()
	if !at.After(x.At) {
		at = x.At.Add(time.Nanosecond)
	}
	u := kiosk.Scan{ID: kiosk.NewScanID(), Kiosk: d.kiosk, Checkpoint: x.Checkpoint, Direction: kiosk.Out,
		Verdict: kiosk.VerdictAccepted, Reason: kiosk.ReasonUndo, AttendeeID: x.AttendeeID, Payload: kiosk.UndoPayload,
		At: at, Undoes: x.ID}
	_, err = tx.ExecContext(ctx, `INSERT INTO scans (id, kiosk, checkpoint, direction, verdict, reason, attendee_id, payload, at, undoes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Kiosk, u.Checkpoint, string(u.Direction), string(u.Verdict), u.Reason,
		u.AttendeeID, u.Payload, nanos(u.At), u.Undoes)
	if err != nil {
		if sqlitedb.IsUniqueViolation(err) {
			return kiosk.Result{}, fmt.Errorf("%w: scan %s is already undone", kiosk.ErrCannotUndo, x.ID)
		}
		return kiosk.Result{}, err
	}
	if err := d.forgetEntry(ctx, tx, x.Scan); err != nil {
		return kiosk.Result{}, err
	}
	att, err := scanAttendee(d.store.inTx(ctx, tx).queryRow(stmtAttendeeByID, x.AttendeeID))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return kiosk.Result{}, err
	}
	return kiosk.Result{Scan: u, Attendee: att}, nil
}

// forgetEntry brings presence and occupancy back to before the undone entry
// x: the attendee is out, and their first entry is the earliest admitted
// one that stands on x's day (else the latest before it), or none (the
// presence row goes) when x was the only one.
func (d *Desk) forgetEntry(ctx context.Context, tx *sql.Tx, x kiosk.Scan) error {
	zone, err := d.store.zoneIn(d.store.inTx(ctx, tx))
	if err != nil {
		return err
	}
	y, m, dd := x.At.In(zone).Date()
	dayStart := nanos(time.Date(y, m, dd, 0, 0, 0, 0, zone))
	var firstAt int64
	var firstKiosk string
	err = tx.QueryRowContext(ctx, `SELECT s.at, s.kiosk FROM scans s WHERE s.attendee_id = ?1 AND s.attendee_id <> ''
		AND s.checkpoint = ?2 AND s.direction = 'in' AND s.verdict = 'accepted' AND s.id <> ?3
		AND NOT EXISTS (SELECT 1 FROM scans u WHERE u.undoes = s.id AND u.undoes <> '')
		ORDER BY s.at >= ?4 DESC, CASE WHEN s.at >= ?4 THEN s.at ELSE -s.at END, s.seq LIMIT 1`,
		x.AttendeeID, x.Checkpoint, x.ID, dayStart).Scan(&firstAt, &firstKiosk)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, "DELETE FROM presence WHERE attendee_id = ? AND checkpoint = ?", x.AttendeeID, x.Checkpoint)
	case err == nil:
		_, err = tx.ExecContext(ctx, "UPDATE presence SET inside = 0, first_at = ?, first_kiosk = ? WHERE attendee_id = ? AND checkpoint = ?",
			firstAt, firstKiosk, x.AttendeeID, x.Checkpoint)
	}
	if err != nil {
		return err
	}
	err = d.store.inTx(ctx, tx).exec(stmtMove, x.Checkpoint, -1)
	return err
}

// WalkIn registers an attendee who came without registering: the fields
// are checked (kiosk.NewWalkIn), a fresh id "W…" and unguessable badge
// code "WI-…" are drawn, and the attendee is stored like an imported one
// and queued for the hub (PendingWalkIns), in one transaction. It returns
// the stored attendee and the payload to print on their badge: the code,
// which every kiosk that receives the attendee admits.
func (d *Desk) WalkIn(ctx context.Context, a kiosk.Attendee) (kiosk.Attendee, string, error) {
	w, err := kiosk.NewWalkIn(a)
	if err != nil {
		return kiosk.Attendee{}, "", fmt.Errorf("register walk-in: %w", err)
	}
	err = d.store.db.InTx(ctx, func(tx *sql.Tx) error {
		pol, err := d.store.codes(ctx, tx)
		if err != nil {
			return err
		}
		for attempt := 0; ; attempt++ {
			var taken bool
			err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM attendees WHERE id = ?1 OR code_hash = ?2)
				OR EXISTS (SELECT 1 FROM walkins WHERE attendee_id = ?1)`, w.ID, kiosk.CodeHash(pol.event, w.Code)).Scan(&taken)
			if err != nil {
				return err
			}
			if !taken {
				break
			}
			if attempt+1 == walkInAttempts {
				return fmt.Errorf("no free walk-in id after %d draws", walkInAttempts)
			}
			w.ID, w.Code = kiosk.NewWalkInID(), kiosk.NewWalkInCode()
		}
		if _, err := d.store.importAttendees(ctx, tx, []kiosk.Attendee{w}, nil, nil); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO walkins (attendee_id, created_at) VALUES (?, ?)", w.ID, nanos(d.now()))
		return err
	})
	if err != nil {
		return kiosk.Attendee{}, "", fmt.Errorf("register walk-in %q: %w", w.Name(), err)
	}
	d.recorded()
	return w, w.Code, nil
}

// RecentScans returns this kiosk's own last scans (not those relayed from
// other kiosks), newest first, with whom each named; at most limit.
func (d *Desk) RecentScans(ctx context.Context, limit int) ([]kiosk.Result, error) {
	if limit <= 0 {
		return nil, nil
	}
	limit = min(limit, maxRecentScans)
	rows, err := d.store.db.Reader.QueryContext(ctx, "SELECT "+prefixed("s.", scanColumns)+", "+coalesced("a.", attendeeColumns)+`
		FROM scans s LEFT JOIN attendees a ON a.id = s.attendee_id AND s.attendee_id <> ''
		WHERE s.hub_cursor = 0 ORDER BY s.seq DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("recent scans: %w", err)
	}
	defer rows.Close()
	var out []kiosk.Result
	for rows.Next() {
		var sf scanFields
		var af attendeeFields
		if err := rows.Scan(append(sf.dest(), af.dest()...)...); err != nil {
			return nil, fmt.Errorf("recent scans: %w", err)
		}
		out = append(out, kiosk.Result{Scan: sf.scan().Scan, Attendee: af.attendee()})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent scans: %w", err)
	}
	return out, nil
}

// coalesced qualifies each column with an alias and reads NULL, which a
// LEFT JOIN gives when there is no row, as an empty string.
func coalesced(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = "COALESCE(" + alias + c + ", '')"
	}
	return strings.Join(cols, ", ")
}

// PendingWalkIns returns the walk-ins registered here that the hub has not
// acknowledged yet, oldest first.
func (s *Store) PendingWalkIns(ctx context.Context) ([]kiosk.Attendee, error) {
	out, err := sqlitedb.QueryAll(ctx, s.db.Reader, scanAttendee, "SELECT "+prefixed("a.", attendeeColumns)+`
		FROM walkins w JOIN attendees a ON a.id = w.attendee_id WHERE w.sent = 0 ORDER BY w.created_at, w.attendee_id`)
	if err != nil {
		return nil, fmt.Errorf("pending walk-ins: %w", err)
	}
	return out, nil
}

// MarkWalkInsSent records that the hub has stored these walk-ins; ids that
// are not walk-ins of this kiosk are ignored.
func (s *Store) MarkWalkInsSent(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		mark := sqlitedb.NewJSONBatch(tx, "UPDATE walkins SET sent = 1 WHERE attendee_id IN (SELECT value->>0 FROM json_each(?1))", 500)
		for _, id := range ids {
			if err := mark.Add(ctx, []string{id}); err != nil {
				return err
			}
		}
		return mark.Flush(ctx)
	})
	if err != nil {
		return fmt.Errorf("mark %d walk-ins sent: %w", len(ids), err)
	}
	return nil
}

// Revoked reports whether the attendee's badges are all revoked.
func (d *Desk) Revoked(ctx context.Context, attendeeID string) (bool, error) {
	return d.store.Revoked(ctx, attendeeID)
}
