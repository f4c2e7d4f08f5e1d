package hubstore

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
