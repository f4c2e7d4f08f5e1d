package hub

import (
	"fmt"
	"strings"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// storeWalkIns adds a desk's walk-ins to the roster, signs their badges,
// and tells every kiosk at once, so that any door admits them. A walk-in
// never rewrites an attendee nor takes another's badge code
// (hubstore.AddWalkIns); only desks register walk-ins, within a quota.
func (c *kioskConn) storeWalkIns(m *protocol.WalkIns) {
	s := c.s
	if !protocol.RightsOf(c.kiosk.Role).WalkIns {
		c.refuse(protocol.Error{Code: protocol.CodeForbiddenRole, Reason: protocol.RefusedRole,
			Message: "a " + c.kiosk.Role + " kiosk does not register walk-ins"}, 1)
		// Said in the ack too, so that a kiosk re-enrolled in another
		// role stops sending them.
		ack := protocol.WalkInsAck{Badges: []protocol.WalkInBadge{}}
		for _, a := range m.Attendees {
			ack.Refused = append(ack.Refused, a.ID)
		}
		c.reply(ack)
		return
	}
	if wait, ok := s.admit.spend(s.admit.walkIns, s.admit.walkInQuota, c.kiosk.Name, len(m.Attendees), s.now()); !ok {
		c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: protocol.RefusedQuota,
			Message: "more walk-ins than any desk registers: send them again later", RetryAfterMillis: retryAfter(wait)}, 1)
		return
	}
	list := make([]kiosk.Attendee, 0, len(m.Attendees))
	var refused []string
	var why []string
	for _, a := range m.Attendees {
		// A desk registers new people with ids and codes of the walk-in
		// kind; it may not name anyone else.
		if !strings.HasPrefix(a.ID, kiosk.WalkInIDPrefix) || !strings.HasPrefix(a.Code, kiosk.WalkInCodePrefix) {
			refused, why = append(refused, a.ID), append(why, fmt.Sprintf("walk-in %q: not a walk-in id and code", a.ID))
			continue
		}
		list = append(list, a.Attendee())
	}
	added, rejected, err := s.store.AddWalkIns(s.ctx, c.kiosk.Name, list)
	if err != nil {
		s.log.Error("store walk-ins", "kiosk", c.kiosk.Name, "err", err)
		c.reply(protocol.Error{Code: protocol.CodeInternal, Message: "walk-ins not stored, send them again later"})
		return
	}
	for _, r := range rejected {
		refused, why = append(refused, r.ID), append(why, fmt.Sprintf("walk-in %q: %s", r.ID, r.Reason))
	}
	if len(refused) > 0 {
		c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: protocol.RefusedWalkIn, Message: truncate(strings.Join(why, "; "), 500)}, len(refused))
	}
	ev := s.ev()
	ack := protocol.WalkInsAck{Badges: make([]protocol.WalkInBadge, 0, len(added)), Refused: refused}
	for _, a := range added {
		tok, err := ev.PrivateKey.Sign(kiosk.Token{Event: ev.ID, AttendeeID: a.ID, Issue: 1})
		if err != nil {
			s.log.Error("sign walk-in badge", "attendee", a.ID, "err", err)
			continue
		}
		ack.Badges = append(ack.Badges, protocol.WalkInBadge{AttendeeID: a.ID, Token: tok})
	}
	c.reply(ack)
	if len(added) == 0 {
		return
	}
	s.log.Info("walk-ins registered", "kiosk", c.kiosk.Name, "count", len(added))
	// At once, not at the next poll: the desk's check-in of a walk-in
	// follows on this connection, and is screened against the roster.
	if err := s.checkMarks(s.ctx); err != nil {
		s.log.Error("relay walk-ins", "err", err)
	}
}
