package kiosk

// The presence rule ("inside now"), which every count of people inside
// follows: the kiosk's occupancy and verdicts, the relays it applies, the
// hub's live counts and the report's peaks. An attendee is inside a
// checkpoint when their latest admission there (Admission.Compare's order;
// an undone admission is none) is an entry. An entry while already inside
// (the next morning, a double entry) changes nothing, nor does an exit of
// someone not inside, so an occupancy never goes below zero.

// Inside reports whether an attendee whose latest admission at a
// checkpoint went in direction latest is inside it now.
func Inside(latest Direction) bool { return latest == In }

// Move is how an admission in direction dir changes a checkpoint's
// occupancy, for an attendee who was inside or not before it: +1, -1 or 0.
func Move(wasInside bool, dir Direction) int {
	switch {
	case Inside(dir) && !wasInside:
		return 1
	case !Inside(dir) && wasInside:
		return -1
	}
	return 0
}
