package hub

// What a connected kiosk lacks: roster, checkpoints and revocations pages,
// and the relayed scans it has not applied.

import (
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
)

// sendChanges sends what changed in one series since version, and returns
// the version the kiosk now has. Every page is cut by size
// (protocol.PageBudget), whatever the notes, names or reasons hold: one
// frame over the limit would end every session of every kiosk.
func (c *kioskConn) sendChanges(k kickKind, version int64) (int64, error) {
	ctx := c.s.ctx
	switch k {
	case kickCheckpoints:
		cps, v, err := c.s.store.CheckpointsSince(ctx, version)
		if err != nil || len(cps) == 0 {
			return version, err
		}
		wire := make([]protocol.WireCheckpoint, len(cps))
		for i, cp := range cps {
			wire[i] = protocol.FromCheckpoint(cp)
		}
		err = sendPages(c, wire, version, v, func(pv int64, page []protocol.WireCheckpoint) protocol.Message {
			return protocol.CheckpointsUpdate{Version: pv, Checkpoints: page}
		})
		if err != nil {
			return version, err
		}
		return v, nil
	case kickRevocations:
		revs, v, err := c.s.store.RevocationsSince(ctx, version)
		if err != nil || len(revs) == 0 {
			return version, err
		}
		wire := make([]protocol.Revocation, len(revs))
		for i, r := range revs {
			wire[i] = protocol.Revocation{AttendeeID: r.AttendeeID, Issue: r.Issue, Reason: r.Reason}
		}
		err = sendPages(c, wire, version, v, func(pv int64, page []protocol.Revocation) protocol.Message {
			return protocol.RevocationsUpdate{Version: pv, Revocations: page}
		})
		if err != nil {
			return version, err
		}
		return v, nil
	case kickRoster:
		return c.sendRoster(version)
	}
	return version, nil
}

// sendPages sends items in pages cut by size. Pages before the last carry
// the version the kiosk had, the last one the version v: applying the same
// items again changes nothing, so a session cut halfway starts over from
// there.
func sendPages[T interface{ Size() int }](c *kioskConn, items []T, had, v int64, page func(version int64, items []T) protocol.Message) error {
	for len(items) > 0 {
		n := protocol.Fit(len(items), func(i int) int { return items[i].Size() }, protocol.PageBudget)
		pv := had
		if n == len(items) {
			pv = v
		}
		if err := c.writeMsg(page(pv, items[:n])); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

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

// catchUpSeen sends every admitted scan stored after cursor.
func (c *kioskConn) catchUpSeen(cursor int64) (int64, error) {
	for {
		scans, err := c.s.store.AdmittedSince(c.s.ctx, cursor, seenChunk)
		if err != nil || len(scans) == 0 {
			return cursor, err
		}
		msg := protocol.Seen{Scans: make([]protocol.SeenScan, len(scans))}
		for i, sc := range scans {
			msg.Scans[i] = toSeen(sc)
		}
		msg.Cursor = scans[len(scans)-1].Cursor
		if err := c.writeMsg(msg); err != nil {
			return cursor, err
		}
		cursor = msg.Cursor
	}
}
