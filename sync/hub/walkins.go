package hub

import (
	"fmt"
	"strings"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// storeWalkIns adds a desk's walk-ins to the roster, signs their badges,
// and tells every kiosk at once, so that any door admits them.
func (c *kioskConn) storeWalkIns(m *protocol.WalkIns) {
	s := c.s
	list := make([]kiosk.Attendee, len(m.Attendees))
	for i, a := range m.Attendees {
		// A desk registers new people; it may not rewrite the roster.
		if !strings.HasPrefix(a.ID, kiosk.WalkInIDPrefix) || !strings.HasPrefix(a.Code, kiosk.WalkInCodePrefix) {
			c.reply(protocol.Error{Code: protocol.CodeBadMessage, Message: fmt.Sprintf("walk-in %q: not a walk-in id and code", a.ID)})
			return
		}
		// The same walk-in again (a lost answer) is fine; someone else's
		// id is not.
		if old, err := s.store.Attendee(s.ctx, a.ID); err == nil && old.Code != a.Code {
			c.reply(protocol.Error{Code: protocol.CodeBadMessage, Message: fmt.Sprintf("walk-in %q: that id is already another attendee's", a.ID)})
			return
		}
		list[i] = a.Attendee()
	}
	if _, err := s.store.ImportAttendees(s.ctx, list, nil); err != nil {
		s.log.Error("store walk-ins", "kiosk", c.kiosk.Name, "err", err)
		c.reply(protocol.Error{Code: protocol.CodeInternal, Message: "walk-ins not stored, send them again later"})
		return
	}
	ack := protocol.WalkInsAck{Badges: make([]protocol.WalkInBadge, 0, len(list))}
	for _, a := range list {
		tok, err := s.event.PrivateKey.Sign(kiosk.Token{Event: s.event.ID, AttendeeID: a.ID, Issue: 1})
		if err != nil {
			s.log.Error("sign walk-in badge", "attendee", a.ID, "err", err)
			continue
		}
		ack.Badges = append(ack.Badges, protocol.WalkInBadge{AttendeeID: a.ID, Token: tok})
	}
	c.reply(ack)
	s.log.Info("walk-ins registered", "kiosk", c.kiosk.Name, "count", len(list))
	if err := s.checkMarks(s.ctx); err != nil {
		s.log.Error("relay walk-ins", "err", err)
	}
}
