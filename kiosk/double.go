package kiosk

import (
	"strings"
	"time"
)

// Admission is an attendee's admitted scan at one checkpoint (neither an
// undo nor undone), as the double-entry rule reads it.
type Admission struct {
	ID        string
	Kiosk     string
	Direction Direction
	At        time.Time
}

// Compare orders one attendee's admissions at a checkpoint as
// DoubleEntry reads them: by kiosk time, then by scan id, so that every
// copy of the scans (the hub's memory, its store, an export) agrees.
func (a Admission) Compare(b Admission) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// DoubleEntry reports whether cur, the admission following prev in
// Compare's order for one attendee at one checkpoint, is a double entry:
// two kiosks that did not know of each other's scan both admitted the
// attendee, with no exit between, on the same day in the event's zone
// (nil: UTC). A kiosk that knew would have said already_checked_in; nobody
// scans out of the venue at night, so the second morning is an arrival.
// It is the one definition: the hub's live counts, its export and its
// report all call it.
func DoubleEntry(prev, cur Admission, zone *time.Location) bool {
	return DoubleEntrySameDay(prev, cur, SameDay(prev.At, cur.At, zone))
}

// DoubleEntrySameDay is DoubleEntry for a caller that already knows
// whether the two admissions fall on the same day: the hub's live tally
// works each scan's day out once, when it counts it.
func DoubleEntrySameDay(prev, cur Admission, sameDay bool) bool {
	return prev.Direction == In && cur.Direction == In && prev.Kiosk != cur.Kiosk && sameDay
}
