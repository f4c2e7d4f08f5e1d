package hubclient

import (
	"context"
	"errors"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

func writeMsg(ws *websocket.Conn, m protocol.Message) error {
	frame, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	ws.SetWriteDeadline(time.Now().Add(writeWait))
	return ws.WriteMessage(websocket.TextMessage, frame)
}

// sendLoop is the session's only writer: outbox batches, one in flight at a
// time, in sequence order; walk-ins before the scans that admit them;
// heartbeats in between.
func (c *Client) sendLoop(ctx context.Context, ws *websocket.Conn, acked int64, acks <-chan int64) error {
	heartbeat := time.NewTicker(heartbeatEvery)
	defer heartbeat.Stop()
	var inFlight int64 // highest seq sent and not yet acknowledged; 0 when none
	sent := acked
	var holdUntil time.Time             // the hub asked to wait (quota)
	poll := time.NewTicker(time.Second) // a scan recorded by another writer
	defer poll.Stop()
	if err := c.sendHeartbeat(ctx, ws); err != nil {
		return err
	}
	for {
		walkInsWait, err := c.sendWalkIns(ctx, ws)
		if err != nil {
			return err
		}
		if inFlight == 0 && !walkInsWait && !time.Now().Before(holdUntil) {
			batch, err := c.cfg.Store.PendingScans(ctx, sent, protocol.MaxBatch)
			if err != nil {
				return err
			}
			if len(batch) > 0 {
				msg := protocol.ScanBatch{Epoch: c.cfg.Epoch, Scans: make([]protocol.WireScan, len(batch))}
				for i, s := range batch {
					msg.Scans[i] = protocol.FromScan(s.Seq, s.Scan)
				}
				if err := writeMsg(ws, msg); err != nil {
					return err
				}
				inFlight = batch[len(batch)-1].Seq
				sent = inFlight
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case seq := <-acks:
			if err := c.cfg.Store.AckScans(ctx, seq); err != nil {
				return err
			}
			acked = max(acked, seq)
			if seq >= inFlight {
				inFlight = 0
			}
			c.update(func(s *Status) { s.LastSync = time.Now() })
		case wait := <-c.quota:
			// The batch in flight was neither stored nor acknowledged:
			// send it again once the hub allows.
			inFlight, sent = 0, acked
			holdUntil = time.Now().Add(wait)
			c.log.Warn("hub asks to wait before more scans", "wait", wait)
		case <-c.notify:
		case <-poll.C:
		case <-heartbeat.C:
			if err := c.sendHeartbeat(ctx, ws); err != nil {
				return err
			}
		}
	}
}

// walkInsHold is how long scans wait behind walk-ins the hub has not
// answered yet: a desk's check-in of a walk-in must reach the hub after
// the walk-in, or the hub does not know whom it admits; but a hub that
// never answers must not hold every scan.
const walkInsHold = 5 * time.Second

// sendWalkIns sends the desk's walk-ins not yet acknowledged, and reports
// whether scans should wait for the hub's answer. Walk-ins are few and
// idempotent at the hub: sending them again after a lost ack is fine.
func (c *Client) sendWalkIns(ctx context.Context, ws *websocket.Conn) (wait bool, err error) {
	list, err := c.cfg.Store.PendingWalkIns(ctx)
	if err != nil || len(list) == 0 {
		c.walkInsSentAt = time.Time{}
		return false, err
	}
	if !c.walkInsSentAt.IsZero() && time.Since(c.walkInsSentAt) < time.Second {
		return time.Since(c.walkInsSentAt) < walkInsHold, nil // still waiting for the hub's answer
	}
	if len(list) > protocol.MaxWalkIns {
		list = list[:protocol.MaxWalkIns]
	}
	msg := protocol.WalkIns{Attendees: make([]protocol.WireAttendee, len(list))}
	for i, a := range list {
		msg.Attendees[i] = protocol.FromAttendee(a)
	}
	if c.walkInsSentAt.IsZero() {
		c.walkInsSentAt = time.Now()
	}
	return time.Since(c.walkInsSentAt) < walkInsHold, writeMsg(ws, msg)
}

func (c *Client) sendHeartbeat(ctx context.Context, ws *websocket.Conn) error {
	n, err := c.cfg.Store.CountPending(ctx)
	if err != nil {
		return err
	}
	c.update(func(s *Status) { s.Pending = n })
	return writeMsg(ws, protocol.Heartbeat{Pending: n, KioskTime: c.cfg.Now(), Checkpoint: c.cfg.Checkpoint})
}

// readLoop applies what the hub sends until the connection ends. Frames
// are read and decoded one or two ahead of the one being applied
// (readAhead): a roster page's JSON is decoded while the store writes the
// page before, and pings are answered meanwhile.
func (c *Client) readLoop(ctx context.Context, ws *websocket.Conn, acks chan<- int64) error {
	ws.SetPingHandler(func(data string) error {
		ws.SetReadDeadline(time.Now().Add(readWait))
		return ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
	})
	msgs := make(chan readResult, readAhead)
	go c.readFrames(ctx, ws, msgs)
	// After a roster page, the search index waits until the pages stop
	// coming: built once at the end, in order, it costs a fraction of
	// being built page by page.
	var indexDue <-chan time.Time
	for {
		var r readResult
		var ok bool
		select {
		case r, ok = <-msgs: // a message waiting goes first
		default:
			select {
			case r, ok = <-msgs:
			case <-indexDue:
				indexDue = nil
				if err := c.cfg.Store.IndexSearch(ctx); err != nil {
					return err
				}
				continue
			}
		}
		if !ok {
			return ctx.Err()
		}
		if r.err != nil {
			return r.err
		}
		_, roster := r.msg.(*protocol.RosterUpdate)
		if indexDue != nil && !roster {
			// The hub sends a download's pages one after the other: any
			// other message means the last page is in.
			indexDue = nil
			if err := c.cfg.Store.IndexSearch(ctx); err != nil {
				return err
			}
		}
		if err := c.apply(ctx, r.msg, acks); err != nil {
			return err
		}
		if roster {
			indexDue = time.After(rosterSettle)
		}
	}
}

// rosterSettle is how long after a roster page with no message behind it
// the search index is completed: the hub sends a download's pages back to
// back, so a pause this long means the last one is in.
const rosterSettle = 20 * time.Millisecond

// readAhead is how many decoded messages may wait for readLoop to apply
// them: a roster page is some 750 kB of JSON, a few MB decoded.
const readAhead = 2

// readResult is one message read, or the error that ended the reading.
type readResult struct {
	msg protocol.Message
	err error
}

// readFrames reads and decodes the hub's frames for readLoop until the
// connection ends (the session closes the socket once readLoop returns),
// or until ctx ends while readLoop no longer takes them.
func (c *Client) readFrames(ctx context.Context, ws *websocket.Conn, out chan<- readResult) {
	defer close(out)
	for {
		ws.SetReadDeadline(time.Now().Add(readWait))
		_, frame, err := ws.ReadMessage()
		var r readResult
		switch {
		case err != nil && ctx.Err() != nil:
			r.err = ctx.Err()
		case err != nil:
			r.err = closeError(err)
		default:
			m, err := protocol.Decode(frame)
			if errors.Is(err, protocol.ErrUnknownType) {
				continue
			}
			if err != nil {
				c.log.Warn("bad message from hub", "err", err)
				continue
			}
			r.msg = m
		}
		select {
		case out <- r:
		case <-ctx.Done():
			return
		}
		if r.err != nil {
			return
		}
	}
}

func (c *Client) apply(ctx context.Context, m protocol.Message, acks chan<- int64) error {
	st := c.cfg.Store
	switch m := m.(type) {
	case *protocol.Ack:
		if m.Epoch == c.cfg.Epoch {
			select {
			case acks <- m.Seq:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	case *protocol.Relay:
		seen := m.ToSeen()
		return c.apply(ctx, &seen, acks)
	case *protocol.Seen:
		relayed := make([]kiosk.RelayedScan, len(m.Scans))
		for i, s := range m.Scans {
			relayed[i] = kiosk.RelayedScan{Scan: s.WireScan.Scan(), Cursor: s.Cursor}
		}
		return st.ApplyRelayed(ctx, m.Cursor, relayed)
	case *protocol.RosterUpdate:
		// Small transactions, so that a scan never waits behind a big
		// roster download; the version is recorded with the last one.
		list := make([]kiosk.Attendee, len(m.Attendees))
		var badges map[string]string // desk kiosks only
		for i, a := range m.Attendees {
			list[i] = a.Attendee()
			if a.Badge != "" {
				if badges == nil {
					badges = make(map[string]string, len(m.Attendees))
				}
				badges[a.ID] = a.Badge
			}
		}
		prev, err := st.SyncState(ctx)
		if err != nil {
			return err
		}
		// At least one transaction: an update with no attendees still
		// completes a version.
		for lo := 0; lo == 0 || lo < len(list); lo += applyChunk {
			hi := min(lo+applyChunk, len(list))
			v := prev.RosterVersion
			if hi == len(list) {
				v = m.Version
			}
			if err := st.ApplyRosterWithBadges(ctx, v, list[lo:hi], badges); err != nil {
				return err
			}
		}
		c.log.Info("roster updated", "attendees", len(list), "version", m.Version)
	case *protocol.CheckpointsUpdate:
		list := make([]kiosk.Checkpoint, len(m.Checkpoints))
		for i, cp := range m.Checkpoints {
			list[i] = cp.Checkpoint()
		}
		return st.ApplyCheckpoints(ctx, m.Version, list)
	case *protocol.RevocationsUpdate:
		list := make([]kiosk.Revocation, len(m.Revocations))
		for i, r := range m.Revocations {
			list[i] = kiosk.Revocation{AttendeeID: r.AttendeeID, Issue: r.Issue, Reason: r.Reason}
		}
		return st.ApplyRevocations(ctx, m.Version, list)
	case *protocol.WalkInsAck:
		ids := make([]string, len(m.Badges), len(m.Badges)+len(m.Refused))
		tokens := make(map[string]string, len(m.Badges))
		for i, b := range m.Badges {
			ids[i] = b.AttendeeID
			tokens[b.AttendeeID] = b.Token
		}
		if len(m.Refused) > 0 {
			// The hub said why in an error; the walk-ins stay on this
			// kiosk, with their bare codes.
			c.log.Warn("hub refused walk-ins", "ids", m.Refused)
			ids = append(ids, m.Refused...)
		}
		if err := st.SaveWalkInBadges(ctx, tokens); err != nil {
			return err
		}
		c.Notify() // more may be waiting
		return st.MarkWalkInsSent(ctx, ids)
	case *protocol.Counts:
		if c.cfg.OnCounts != nil {
			c.cfg.OnCounts(*m)
		}
	case *protocol.Alerts:
		if c.cfg.OnAlerts != nil {
			c.cfg.OnAlerts(*m)
		}
	case *protocol.StaffPIN:
		return c.applyStaffPIN(ctx, m.Hash)
	case *protocol.Error:
		if m.Reason == protocol.RefusedQuota && len(m.Scans) > 0 {
			select {
			case c.quota <- time.Duration(m.RetryAfterMillis) * time.Millisecond:
			default:
			}
		}
		c.log.Warn("hub refused or failed", "code", m.Code, "reason", m.Reason, "scans", len(m.Scans), "message", m.Message)
		if (m.Code == protocol.CodeRefused || m.Code == protocol.CodeForbiddenRole) && m.Reason != protocol.RefusedQuota {
			c.update(func(s *Status) { s.Refused += len(m.Scans) })
		}
	}
	return nil
}
