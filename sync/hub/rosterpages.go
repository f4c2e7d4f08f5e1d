package hub

// The roster as a kiosk downloads it: pages that follow (version, id), cut
// by size, with badge tokens for desks.

import (
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// sendRoster sends the roster's changes since version in pages that follow
// (version, id), so one import larger than a page is sent over several
// messages; each message tells the version the kiosk holds completely once
// it is applied.
func (c *kioskConn) sendRoster(version int64) (int64, error) {
	ctx := c.s.ctx
	desk := protocol.RightsOf(c.kiosk.Role).BadgeTokens
	afterV, afterID := version, ""
	chunk := rosterChunk
	if desk {
		chunk = deskRosterChunk
	}
	for {
		list, versions, err := c.s.store.AttendeesAfter(ctx, afterV, afterID, chunk)
		if err != nil {
			return version, err
		}
		if len(list) == 0 {
			if afterV > version {
				// The last page was full: say that the version is now
				// complete.
				return afterV, c.writeMsg(protocol.RosterUpdate{Version: afterV, Attendees: []protocol.WireAttendee{}})
			}
			return version, nil
		}
		wire := make([]protocol.WireAttendee, len(list))
		for i, a := range list {
			wire[i] = protocol.FromAttendee(a)
			if !desk {
				// No badge secret off the desk: other kiosks admit outside
				// codes by their hash (kiosk.CodeHash).
				wire[i] = wire[i].WithoutCode(c.s.ev().ID)
			}
		}
		// A desk's entries gain a signed token each.
		extra := 0
		if desk {
			extra = kiosk.TokenMaxBytes + 16
		}
		n := protocol.Fit(len(wire), func(i int) int { return wire[i].Size() + extra }, protocol.PageBudget)
		more := len(list) == chunk || n < len(list)
		list, versions, wire = list[:n], versions[:n], wire[:n]
		if desk {
			c.signBadges(wire)
		}
		afterV, afterID = versions[n-1], list[n-1].ID
		complete := afterV
		if more {
			complete = max(version, afterV-1)
		}
		if err := c.writeMsg(protocol.RosterUpdate{Version: complete, Full: version == 0, Attendees: wire}); err != nil {
			return version, err
		}
		version = complete
		if !more {
			return afterV, nil
		}
	}
}

// signBadges adds each attendee's badge token, as `hub badges` prints it
// (issue 1, or the one after a revoked badge), for a desk to reprint lost
// badges. Only desks get tokens: a token admits its holder, and other
// kiosks have no use for one. An attendee whose every badge is revoked
// gets none.
func (c *kioskConn) signBadges(wire []protocol.WireAttendee) {
	ev := c.s.ev()
	issues, err := c.s.store.BadgeIssues(c.s.ctx)
	if err != nil {
		c.s.log.Error("sign badges for a desk: read revocations", "err", err)
		return
	}
	for i := range wire {
		issue, ok := issues.Next(wire[i].ID)
		if !ok {
			continue
		}
		tok, err := ev.PrivateKey.Sign(kiosk.Token{Event: ev.ID, AttendeeID: wire[i].ID, Issue: issue})
		if err != nil {
			c.s.log.Error("sign badge for a desk", "attendee", wire[i].ID, "err", err)
			continue
		}
		wire[i].Badge = tok
	}
}
