package hubstore

import "context"

// BadgeIssues says which badge number to print for each attendee, from the
// revocations: 1, unless that badge was revoked (reported lost), then the
// one after the highest revoked. `hub badges` and the tokens desks reprint
// follow the same rule, so a desk never prints a badge the kiosks refuse.
type BadgeIssues struct {
	all  map[string]bool // issue 0 revoked: every badge of the attendee
	last map[string]int  // the highest issue revoked
}

// Next is the issue to print for an attendee; false when every badge of
// theirs is revoked.
func (b BadgeIssues) Next(id string) (int, bool) {
	if b.all[id] {
		return 0, false
	}
	return b.last[id] + 1, true
}

// BadgeIssues reads the revocations.
func (s *Store) BadgeIssues(ctx context.Context) (BadgeIssues, error) {
	list, _, err := s.RevocationsSince(ctx, 0)
	if err != nil {
		return BadgeIssues{}, err
	}
	b := BadgeIssues{all: map[string]bool{}, last: map[string]int{}}
	for _, rv := range list {
		if rv.Issue == 0 {
			b.all[rv.AttendeeID] = true
		}
		b.last[rv.AttendeeID] = max(b.last[rv.AttendeeID], rv.Issue)
	}
	return b, nil
}
