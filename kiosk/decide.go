package kiosk

import "time"

// DoorsOpenEarly is how long before a session starts its door admits people.
const DoorsOpenEarly = 30 * time.Minute

// Presence is what is known of one attendee at one checkpoint before a scan.
type Presence struct {
	// FirstAt and FirstKiosk name the first admitted entry of the day;
	// FirstAt is zero when the attendee never entered here.
	FirstAt    time.Time
	FirstKiosk string
	// Inside is true when the last admitted scan here was an entry.
	Inside bool
}

// Situation is everything a verdict depends on once the badge names a
// known attendee.
type Situation struct {
	Checkpoint Checkpoint
	Direction  Direction
	At         time.Time
	Attendee   Attendee
	Revoked    bool
	Presence   Presence
	// Occupancy is the number of people inside the checkpoint now.
	Occupancy int
	// Zone is the event's time zone, where its days begin (nil: UTC).
	Zone *time.Location
}

// Decision is the outcome of Decide.
type Decision struct {
	Verdict Verdict
	Reason  string
	// FirstAt and FirstKiosk are set for VerdictAlreadyCheckedIn.
	FirstAt    time.Time
	FirstKiosk string
	// NewDay is set on an entry that is the attendee's first here today
	// after entries on earlier days: the presence's first entry restarts.
	NewDay bool
}

// Decide applies the admission rules. It is pure: the caller reads the
// situation and records the scan in one transaction, so two scans can never
// both see a free seat.
func Decide(s Situation) Decision {
	if s.Revoked {
		return Decision{Verdict: VerdictRevoked}
	}
	if s.Direction == Out {
		// People leave whatever the records say; an exit without a recorded
		// entry is noted but must not push the occupancy below zero.
		if !s.Presence.Inside {
			return Decision{Verdict: VerdictAccepted, Reason: ReasonNotInside}
		}
		return Decision{Verdict: VerdictAccepted}
	}
	newDay := !s.Presence.FirstAt.IsZero() && !SameDay(s.Presence.FirstAt, s.At, s.Zone)
	if s.Presence.Inside && !newDay {
		return Decision{Verdict: VerdictAlreadyCheckedIn, FirstAt: s.Presence.FirstAt, FirstKiosk: s.Presence.FirstKiosk}
	}
	d := admit(s)
	if d.Verdict == VerdictAccepted && newDay {
		d.NewDay = true
		if s.Presence.Inside {
			d.Reason = ReasonNewDay
		}
	}
	return d
}

// SameDay reports whether a and b fall on the same calendar day in zone
// (nil: UTC).
func SameDay(a, b time.Time, zone *time.Location) bool {
	if zone == nil {
		zone = time.UTC
	}
	ay, am, ad := a.In(zone).Date()
	by, bm, bd := b.In(zone).Date()
	return ay == by && am == bm && ad == bd
}

// admit checks an entry against the checkpoint's rules.
func admit(s Situation) Decision {
	cp := s.Checkpoint
	if !cp.Admits(s.Attendee.Category) {
		return Decision{Verdict: VerdictNotAllowedHere, Reason: ReasonCategory}
	}
	if !cp.StartsAt.IsZero() && s.At.Before(cp.StartsAt.Add(-DoorsOpenEarly)) {
		return Decision{Verdict: VerdictNotAllowedHere, Reason: ReasonBeforeOpening}
	}
	if !cp.EndsAt.IsZero() && s.At.After(cp.EndsAt) {
		return Decision{Verdict: VerdictNotAllowedHere, Reason: ReasonAfterClosing}
	}
	if cp.Capacity > 0 && s.Occupancy >= cp.Capacity {
		return Decision{Verdict: VerdictRoomFull}
	}
	return Decision{Verdict: VerdictAccepted}
}

// Moves reports how a recorded decision changes presence (see Move): +1
// when the attendee is now inside, -1 when they left, 0 otherwise.
func (d Decision) Moves(dir Direction) int {
	if d.Verdict != VerdictAccepted {
		return 0
	}
	// What Decide found before the scan, told by its reason: an entry on
	// a new day is of someone still counted inside from the earlier day,
	// an exit is of someone inside unless no entry was recorded.
	wasInside := dir == In && d.Reason == ReasonNewDay || dir == Out && d.Reason != ReasonNotInside
	return Move(wasInside, dir)
}
