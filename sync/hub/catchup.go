package hub

// What a connected kiosk lacks: roster, checkpoints and revocations pages,
// and the relayed scans it has not applied.

import (
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
