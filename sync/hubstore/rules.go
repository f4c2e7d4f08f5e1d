package hubstore

// The report's figures that follow the domain's rules, the double entry
// (kiosk.DoubleEntry) and presence (kiosk.Move), which SQL cannot spell the
// way the hub's live counts do: SQL sorts the admissions, Go walks them.

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/accueil/accueil/kiosk"
)

// doubleEntry is the first admission a double entry's second one repeats.
type doubleEntry struct {
	firstID, checkpoint string
	// at is the second admission's kiosk time, which dates the double entry.
	at time.Time
}

// doubleEntries finds the double entries among the admissions by
// kiosk.DoubleEntry, the rule the hub's live counts use, keyed by the
// second admission's id. SQL only sorts: the rule cuts days at midnight
// in loc, which SQLite cannot do across a clock change. One pass holds one
// row back; the map holds the double entries only, a handful at an event.
func doubleEntries(ctx context.Context, tx *sql.Tx, loc *time.Location) (map[string]doubleEntry, error) {
	rows, err := tx.QueryContext(ctx, `WITH `+admittedCTE+`
		SELECT id, kiosk, direction, checkpoint, attendee_id, at FROM adm ORDER BY checkpoint, attendee_id, at, id`)
	if err != nil {
		return nil, fmt.Errorf("double entries: %w", err)
	}
	defer rows.Close()
	out := map[string]doubleEntry{}
	var prev, cur kiosk.Admission
	var prevCP, prevAtt, cp, att, dir string
	var at int64
	for rows.Next() {
		if err := rows.Scan(&cur.ID, &cur.Kiosk, &dir, &cp, &att, &at); err != nil {
			return nil, fmt.Errorf("double entries: %w", err)
		}
		cur.Direction, cur.At = kiosk.Direction(dir), fromNanos(at)
		if cp == prevCP && att == prevAtt && kiosk.DoubleEntry(prev, cur, loc) {
			out[cur.ID] = doubleEntry{firstID: prev.ID, checkpoint: cp, at: cur.At}
		}
		prev, prevCP, prevAtt = cur, cp, att
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("double entries: %w", err)
	}
	return out, nil
}

// peaks finds each checkpoint's most people inside at once per day, by
// kiosk.Move over each attendee's admissions that day in kiosk.Admission's
// order (inside starts at zero each morning). SQL only sorts; one pass
// holds who is inside at each checkpoint on the current day.
func (q *reportQuery) peaks() error {
	type place struct{ checkpoint, day string }
	type state struct {
		in       map[string]bool // attendee → inside
		n, peak  int
		peakTime time.Time
	}
	states := map[place]*state{}
	var cp, att, dir string
	var cur kiosk.Admission
	var at int64
	err := q.each(`WITH `+admittedCTE+` SELECT checkpoint, attendee_id, id, direction, at FROM adm ORDER BY at, id`, nil, func() error {
		cur.Direction, cur.At = kiosk.Direction(dir), fromNanos(at)
		k := place{cp, cur.At.In(q.loc).Format(time.DateOnly)}
		st := states[k]
		if st == nil {
			// A day of exits only peaks at zero, at its first scan.
			st = &state{in: map[string]bool{}, peakTime: cur.At}
			states[k] = st
		}
		st.n += kiosk.Move(st.in[att], cur.Direction)
		st.in[att] = kiosk.Inside(cur.Direction)
		if st.n > st.peak {
			st.peak, st.peakTime = st.n, cur.At
		}
		return nil
	}, &cp, &att, &cur.ID, &dir, &at)
	if err != nil {
		return err
	}
	for k, st := range states {
		q.update(k.checkpoint, k.day, func(f *Figures) { f.PeakInside, f.PeakAt = st.peak, st.peakTime })
	}
	// The event's peak is its highest day's, first reached.
	for _, c := range q.cps {
		for _, f := range c.ByDay {
			if f.PeakInside > c.Total.PeakInside || f.PeakInside == c.Total.PeakInside && f.PeakInside > 0 && f.PeakAt.Before(c.Total.PeakAt) {
				c.Total.PeakInside, c.Total.PeakAt = f.PeakInside, f.PeakAt
			}
		}
	}
	return nil
}

// doubles counts double entries, on the day of their second admission.
func (q *reportQuery) doubles() error {
	doubles, err := doubleEntries(q.ctx, q.tx, q.loc)
	if err != nil {
		return err
	}
	for _, d := range doubles {
		day := d.at.In(q.loc).Format(time.DateOnly)
		q.update(d.checkpoint, day, func(f *Figures) { f.DoubleEntries++ })
		q.update(d.checkpoint, "", func(f *Figures) { f.DoubleEntries++ })
	}
	return nil
}
