package hubstore

// The queries behind hub export: every scan with what a spreadsheet reader
// needs beside it, and the attendance report organisers owe their funders.
// Both count in SQL over the scans table, so that 100,000 scans cost a few
// passes of SQLite and no map of every scan in Go; double entries alone are
// decided in Go (doubleEntries), by the hub's own rule.
//
// Admissions follow the hub's live counts (sync/hub tally.go): an admitted
// scan counts unless a desk's undo (an accepted scan whose undoes names it,
// at the same checkpoint for the same attendee) cancels it; the undo itself
// is neither an entry nor an exit. An attendee's admitted scans at a
// checkpoint are ordered by kiosk time, then scan id, and double entries
// are kiosk.DoubleEntry's, found by doubleEntries.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// admittedCTE names, as "adm", the admissions that count: accepted scans
// of a known attendee, neither an undo nor undone.
//
// The undone ids are listed first, joined on the unique id: a row-value
// NOT IN over the undos would scan them for each admission (7 s instead of
// 0.2 s at 100,000 scans).
const admittedCTE = `undone AS MATERIALIZED (
		SELECT u.undoes FROM scans u
		JOIN scans s ON s.id = u.undoes AND s.checkpoint = u.checkpoint AND s.attendee_id = u.attendee_id
		WHERE u.verdict = 'accepted' AND u.undoes <> ''),
	adm AS (
		SELECT cursor, id, kiosk, checkpoint, direction, attendee_id, at FROM scans
		WHERE verdict = 'accepted' AND attendee_id <> '' AND undoes = '' AND id NOT IN undone)`

// ExportRow is one stored scan with the names a spreadsheet reader needs.
// The personal columns are empty for a badge that named nobody known, and
// after a purge (which keeps ids and categories only).
type ExportRow struct {
	Scan
	FirstName, LastName, Organisation string
	// Category is empty when the attendee is not in the roster.
	Category kiosk.Category
	// CheckpointName and CheckpointNameEN are empty for a checkpoint id
	// the hub does not know.
	CheckpointName, CheckpointNameEN string
	// DoubleEntryOf is, on a double entry's second admission, the id of the
	// first.
	DoubleEntryOf string
}

// EachExportRow calls fn with every scan, in the order the hub stored
// them, inside one read transaction so that the rows are one consistent
// snapshot however long writing them takes. The row passed to fn is reused:
// fn must copy what it keeps.
func (s *Store) EachExportRow(ctx context.Context, loc *time.Location, fn func(*ExportRow) error) error {
	tx, err := s.db.Reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("read scans: %w", err)
	}
	defer tx.Rollback()
	doubles, err := doubleEntries(ctx, tx, loc)
	if err != nil {
		return fmt.Errorf("read scans: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.cursor, s.id, s.kiosk, s.epoch, s.seq, s.checkpoint, s.direction, s.verdict, s.reason, s.attendee_id,
			s.at, s.first_at, s.first_kiosk, s.hub_at, s.undoes,
			coalesce(a.first_name, ''), coalesce(a.last_name, ''), coalesce(a.organisation, ''), coalesce(a.category, ''),
			coalesce(c.name, ''), coalesce(c.name_en, '')
		FROM scans s
		LEFT JOIN attendees a ON a.id = s.attendee_id AND s.attendee_id <> ''
		LEFT JOIN checkpoints c ON c.id = s.checkpoint
		ORDER BY s.cursor`)
	if err != nil {
		return fmt.Errorf("read scans: %w", err)
	}
	defer rows.Close()
	var r ExportRow
	var dir, verdict, cat string
	var at, firstAt, hubAt int64
	for rows.Next() {
		err := rows.Scan(&r.Cursor, &r.ID, &r.Kiosk, &r.Epoch, &r.Seq, &r.Checkpoint, &dir, &verdict, &r.Reason, &r.AttendeeID,
			&at, &firstAt, &r.FirstKiosk, &hubAt, &r.Undoes,
			&r.FirstName, &r.LastName, &r.Organisation, &cat, &r.CheckpointName, &r.CheckpointNameEN)
		if err != nil {
			return fmt.Errorf("read scans: %w", err)
		}
		r.Direction, r.Verdict, r.Category = kiosk.Direction(dir), kiosk.Verdict(verdict), kiosk.Category(cat)
		r.At, r.FirstAt, r.HubAt = fromNanos(at), fromNanos(firstAt), fromNanos(hubAt)
		r.DoubleEntryOf = doubles[r.ID].firstID
		if r.FirstName == "" && r.LastName == r.AttendeeID {
			// Purge leaves the id as last name, so that the roster stays
			// valid for kiosks: it is no name to export.
			r.LastName = ""
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read scans: %w", err)
	}
	return nil
}

// dayBucket is the granularity at which scan times are turned into days in
// Go (SQLite knows no time zones): every zone's offset is a multiple of 15
// minutes, so a bucket never straddles a local midnight.
const dayBucket = int64(15 * time.Minute)

// Report computes the attendance report; days are cut at midnight in loc.
func (s *Store) Report(ctx context.Context, loc *time.Location) (Report, error) {
	tx, err := s.db.Reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Report{}, fmt.Errorf("report: %w", err)
	}
	defer tx.Rollback()
	q := reportQuery{ctx: ctx, tx: tx, loc: loc}
	r, err := q.run()
	if err != nil {
		return Report{}, fmt.Errorf("report: %w", err)
	}
	return r, nil
}

// reportQuery holds one report's read transaction and what its queries
// share.
type reportQuery struct {
	ctx  context.Context
	tx   *sql.Tx
	loc  *time.Location
	days string // JSON [[day, from, to), ...] in Unix nanoseconds
	cps  map[string]*CheckpointReport
}

func (q *reportQuery) run() (Report, error) {
	var r Report
	cps, err := q.checkpoints()
	if err != nil {
		return r, err
	}
	if r.Days, err = q.eventDays(cps); err != nil {
		return r, err
	}
	q.cps = make(map[string]*CheckpointReport, len(cps))
	for _, c := range cps {
		r.Checkpoints = append(r.Checkpoints, CheckpointReport{Checkpoint: c, Known: true, ByDay: map[string]Figures{}})
	}
	// Checkpoint ids only scans name (a kiosk set to a checkpoint later
	// deleted from the file) still count, after the known ones.
	rows, err := q.tx.QueryContext(q.ctx, `SELECT DISTINCT checkpoint FROM scans
		WHERE checkpoint NOT IN (SELECT id FROM checkpoints) ORDER BY checkpoint`)
	if err != nil {
		return r, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return r, err
		}
		r.Checkpoints = append(r.Checkpoints, CheckpointReport{Checkpoint: kiosk.Checkpoint{ID: id, Name: id}, ByDay: map[string]Figures{}})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return r, err
	}
	for i := range r.Checkpoints {
		q.cps[r.Checkpoints[i].ID] = &r.Checkpoints[i]
	}
	for _, step := range []func() error{q.admissions, q.peaks, q.doubles, q.refusals} {
		if err := step(); err != nil {
			return r, err
		}
	}
	if r.Categories, err = q.categories(); err != nil {
		return r, err
	}
	if r.Totals, err = q.totals(r.Categories); err != nil {
		return r, err
	}
	return r, nil
}

// checkpoints lists the known checkpoints, the entrance first.
func (q *reportQuery) checkpoints() ([]kiosk.Checkpoint, error) {
	rows, err := q.tx.QueryContext(q.ctx, `SELECT id, name, name_en, kind, room, starts_at, ends_at, capacity, categories
		FROM checkpoints ORDER BY id <> 'entrance', kind <> 'entrance', starts_at, name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kiosk.Checkpoint
	for rows.Next() {
		var c kiosk.Checkpoint
		var kind, cats string
		var starts, ends int64
		if err := rows.Scan(&c.ID, &c.Name, &c.NameEN, &kind, &c.Room, &starts, &ends, &c.Capacity, &cats); err != nil {
			return nil, err
		}
		c.Kind, c.StartsAt, c.EndsAt = kiosk.CheckpointKind(kind), fromNanos(starts), fromNanos(ends)
		for _, cat := range strings.Fields(cats) {
			c.Categories = append(c.Categories, kiosk.Category(cat))
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 || out[0].ID != kiosk.EntranceID {
		// The entrance exists even when no checkpoints file was imported.
		out = append([]kiosk.Checkpoint{kiosk.DefaultEntrance}, out...)
	}
	return out, nil
}

// eventDays finds the days of the checkpoints' windows and of the scans,
// and keeps them, with their bounds, for the queries that cut by day.
func (q *reportQuery) eventDays(cps []kiosk.Checkpoint) ([]string, error) {
	set := map[string]bool{}
	for _, c := range cps {
		if !c.StartsAt.IsZero() {
			set[c.StartsAt.In(q.loc).Format(time.DateOnly)] = true
		}
	}
	rows, err := q.tx.QueryContext(q.ctx, "SELECT DISTINCT at / ? FROM scans", dayBucket)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var b int64
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		set[time.Unix(0, b*dayBucket).In(q.loc).Format(time.DateOnly)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	days := make([]string, 0, len(set))
	for d := range set {
		days = append(days, d)
	}
	slices.Sort(days)
	bounds := make([][3]any, len(days))
	for i, d := range days {
		from, _ := time.ParseInLocation(time.DateOnly, d, q.loc)
		// AddDate, not 24 hours: a day of a clock change is 23 or 25 long.
		bounds[i] = [3]any{d, from.UnixNano(), from.AddDate(0, 0, 1).UnixNano()}
	}
	b, err := json.Marshal(bounds)
	if err != nil {
		return nil, err
	}
	q.days = string(b)
	return days, nil
}

// daysCTE names, as "days", the report's days with their bounds; ?1 is
// the JSON of eventDays.
const daysCTE = `days(day, lo, hi) AS MATERIALIZED (SELECT value->>0, value->>1, value->>2 FROM jsonb_each(jsonb(?1)))`

// each runs a query and calls fn after scanning each row into dest.
func (q *reportQuery) each(query string, args []any, fn func() error, dest ...any) error {
	rows, err := q.tx.QueryContext(q.ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// update changes the figures of a checkpoint for a day, "" being the
// whole event.
func (q *reportQuery) update(checkpoint, day string, fn func(*Figures)) {
	c := q.cps[checkpoint]
	if c == nil {
		return
	}
	if day == "" {
		fn(&c.Total)
		return
	}
	f := c.ByDay[day]
	fn(&f)
	c.ByDay[day] = f
}

// admissions counts distinct attendees, entries and exits per checkpoint,
// per day and for the whole event (distinct counts do not add up).
func (q *reportQuery) admissions() error {
	var cp, day string
	var attendees, entries, exits int
	return q.each(`WITH `+daysCTE+`, `+admittedCTE+`,
		dadm AS (SELECT adm.*, days.day FROM adm JOIN days ON adm.at >= days.lo AND adm.at < days.hi)
		SELECT checkpoint, day, count(DISTINCT CASE WHEN direction = 'in' THEN attendee_id END),
			sum(direction = 'in'), sum(direction = 'out')
		FROM dadm GROUP BY checkpoint, day
		UNION ALL
		SELECT checkpoint, '', count(DISTINCT CASE WHEN direction = 'in' THEN attendee_id END),
			sum(direction = 'in'), sum(direction = 'out')
		FROM adm GROUP BY checkpoint`, []any{q.days}, func() error {
		q.update(cp, day, func(f *Figures) { f.Attendees, f.Entries, f.Exits = attendees, entries, exits })
		return nil
	}, &cp, &day, &attendees, &entries, &exits)
}

// refusals counts refused scans by verdict and reason.
func (q *reportQuery) refusals() error {
	var cp, day, verdict, reason string
	var n int
	return q.each(`WITH `+daysCTE+`
		SELECT checkpoint, day, verdict, reason, count(*) FROM scans JOIN days ON scans.at >= days.lo AND scans.at < days.hi
		WHERE verdict <> 'accepted' GROUP BY checkpoint, day, verdict, reason`, []any{q.days}, func() error {
		key := RefusalKey(kiosk.Verdict(verdict), reason)
		for _, d := range []string{day, ""} {
			q.update(cp, d, func(f *Figures) {
				if f.Refused == nil {
					f.Refused = map[string]int{}
				}
				f.Refused[key] += n
			})
		}
		return nil
	}, &cp, &day, &verdict, &reason, &n)
}

// categories counts, per category, the registered and the attendees
// admitted at the entrance, per day and for the event.
func (q *reportQuery) categories() ([]CategoryReport, error) {
	byCat := map[kiosk.Category]*CategoryReport{}
	get := func(c kiosk.Category) *CategoryReport {
		if byCat[c] == nil {
			byCat[c] = &CategoryReport{Category: c, ByDay: map[string]int{}}
		}
		return byCat[c]
	}
	for _, c := range kiosk.Categories {
		get(c)
	}
	var cat, day string
	var n int
	err := q.each("SELECT category, count(*) FROM attendees GROUP BY category", nil, func() error {
		get(kiosk.Category(cat)).Registered = n
		return nil
	}, &cat, &n)
	if err != nil {
		return nil, err
	}
	err = q.each(`WITH `+daysCTE+`, `+admittedCTE+`,
		entered AS (SELECT adm.attendee_id, coalesce(a.category, '') AS category, adm.at FROM adm
			LEFT JOIN attendees a ON a.id = adm.attendee_id
			WHERE adm.checkpoint = '`+kiosk.EntranceID+`' AND adm.direction = 'in')
		SELECT category, day, count(DISTINCT attendee_id) FROM entered JOIN days ON entered.at >= days.lo AND entered.at < days.hi
		GROUP BY category, day
		UNION ALL
		SELECT category, '', count(DISTINCT attendee_id) FROM entered GROUP BY category`, []any{q.days}, func() error {
		c := get(kiosk.Category(cat))
		if day == "" {
			c.Attended = n
		} else {
			c.ByDay[day] = n
		}
		return nil
	}, &cat, &day, &n)
	if err != nil {
		return nil, err
	}
	var out []CategoryReport
	for _, c := range kiosk.Categories {
		out = append(out, *byCat[c])
		delete(byCat, c)
	}
	// Categories no longer in kiosk.Categories, and admitted attendees
	// absent from the roster (""), after the known ones.
	rest := make([]kiosk.Category, 0, len(byCat))
	for c := range byCat {
		rest = append(rest, c)
	}
	slices.Sort(rest)
	for _, c := range rest {
		out = append(out, *byCat[c])
	}
	return out, nil
}

// totals sums the event's figures.
func (q *reportQuery) totals(cats []CategoryReport) (Totals, error) {
	t := Totals{ByDay: map[string]int{}}
	for _, c := range cats {
		t.Registered += c.Registered
		t.Attended += c.Attended
	}
	if e := q.cps[kiosk.EntranceID]; e != nil {
		for d, f := range e.ByDay {
			t.ByDay[d] = f.Attendees
		}
	}
	for _, c := range q.cps {
		t.Entries += c.Total.Entries
		t.Refused += c.Total.RefusedTotal()
		t.DoubleEntries += c.Total.DoubleEntries
	}
	err := q.tx.QueryRowContext(q.ctx, `WITH `+admittedCTE+`
		SELECT (SELECT count(*) FROM scans),
			(SELECT count(*) FROM scans s WHERE verdict = 'accepted' AND undoes <> ''
				AND EXISTS (SELECT 1 FROM scans u WHERE u.id = s.undoes AND u.checkpoint = s.checkpoint AND u.attendee_id = s.attendee_id)),
			(SELECT count(DISTINCT attendee_id) FROM adm JOIN checkpoints c ON c.id = adm.checkpoint
				WHERE c.kind = 'session' AND adm.direction = 'in')`).Scan(&t.Scans, &t.Undone, &t.AttendedSession)
	return t, err
}
