package hub

// What a connected kiosk lacks: roster, checkpoints and revocations pages,
// and the relayed scans it has not applied.

import (
	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
)

// sendChanges sends what changed in one series since version, and returns
// the version the kiosk now has.
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
		return v, c.writeMsg(protocol.CheckpointsUpdate{Version: v, Checkpoints: wire})
	case kickRevocations:
		revs, v, err := c.s.store.RevocationsSince(ctx, version)
		if err != nil || len(revs) == 0 {
			return version, err
		}
		wire := make([]protocol.Revocation, len(revs))
		for i, r := range revs {
			wire[i] = protocol.Revocation{AttendeeID: r.AttendeeID, Issue: r.Issue, Reason: r.Reason}
		}
		return v, c.writeMsg(protocol.RevocationsUpdate{Version: v, Revocations: wire})
	case kickRoster:
		// Pages follow (version, id), so one import larger than a page is
		// sent over several messages; each message tells the version the
		// kiosk holds completely once it is applied.
		afterV, afterID := version, ""
		chunk := rosterChunk
		if c.kiosk.Role == hubstore.RoleDesk {
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
				if !protocol.RightsOf(c.kiosk.Role).BadgeTokens {
					// No badge secret off the desk: other kiosks admit
					// outside codes by their hash (kiosk.CodeHash).
					wire[i] = wire[i].WithoutCode(c.s.event.ID)
				}
			}
			if c.kiosk.Role == hubstore.RoleDesk {
				c.signBadges(wire)
			}
			afterV, afterID = versions[len(versions)-1], list[len(list)-1].ID
			complete := afterV
			if len(list) == chunk {
				complete = max(version, afterV-1)
			}
			if err := c.writeMsg(protocol.RosterUpdate{Version: complete, Full: version == 0, Attendees: wire}); err != nil {
				return version, err
			}
			version = complete
			if len(list) < chunk {
				return afterV, nil
			}
		}
	}
	return version, nil
}

// signBadges adds each attendee's badge token, as `hub badges` prints it
// (issue 1, or the one after a revoked badge), for a desk to reprint lost
// badges. Only desks get tokens: a token admits its holder, and other
// kiosks have no use for one. An attendee whose every badge is revoked
// gets none.
func (c *kioskConn) signBadges(wire []protocol.WireAttendee) {
	ev := c.s.event
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
