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
	chunk := rosterChunk
	if desk {
		chunk = deskRosterChunk
	}
	// The rows read but cut from a page by its size go into the next one,
	// rather than being read again: a page holds about half a chunk.
	var list []kiosk.Attendee
	var versions []int64
	var wire []protocol.WireAttendee
	readV, readID := version, ""
	exhausted := false
	afterV := version
	for {
		if !exhausted && len(list) < chunk {
			more, vs, err := c.s.store.AttendeesAfter(ctx, readV, readID, chunk-len(list))
			if err != nil {
				return version, err
			}
			exhausted = len(more) < chunk-len(list)
			if len(more) > 0 {
				readV, readID = vs[len(vs)-1], more[len(more)-1].ID
			}
			list, versions = append(list, more...), append(versions, vs...)
			for _, a := range more {
				w := protocol.FromAttendee(a)
				if !desk {
					// No badge secret off the desk: other kiosks admit
					// outside codes by their hash (kiosk.CodeHash).
					w = w.WithoutCode(c.s.ev().ID)
				}
				wire = append(wire, w)
			}
		}
		if len(list) == 0 {
			if afterV > version {
				// The last page was full: say that the version is now
				// complete.
				return afterV, c.writeMsg(protocol.RosterUpdate{Version: afterV, Attendees: []protocol.WireAttendee{}})
			}
			return version, nil
		}
		// A desk's entries gain a signed token each.
		extra := 0
		if desk {
			extra = kiosk.TokenMaxBytes + 16
		}
		n := protocol.Fit(len(wire), func(i int) int { return wire[i].Size() + extra }, protocol.PageBudget)
		more := !exhausted || n < len(list)
		page := wire[:n]
		if desk {
			c.signBadges(page)
		}
		afterV = versions[n-1]
		complete := afterV
		if more {
			complete = max(version, afterV-1)
		}
		if err := c.writeMsg(protocol.RosterUpdate{Version: complete, Full: version == 0, Attendees: page}); err != nil {
			return version, err
		}
		version = complete
		if !more {
			return afterV, nil
		}
		// What was cut opens the next page (the page sent is encoded
		// already).
		list, versions, wire = list[n:], versions[n:], wire[n:]
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
