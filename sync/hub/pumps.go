package hub

// A kiosk connection's two pumps, after gorilla/websocket's chat example:
// the reader handles what the kiosk sends, the writer is the only goroutine
// that writes to the socket.

import (
	"context"
	"errors"
	"time"

	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"
)

// sendStaffPIN sends the staff PIN's hash, when one is set: kiosks of
// every role take it, organisers' screens included (their settings are
// guarded too).
func (c *kioskConn) sendStaffPIN() error {
	hash, _, err := c.s.store.StaffPIN(c.s.ctx)
	if err != nil || hash == "" {
		return err
	}
	return c.writeMsg(protocol.StaffPIN{Hash: hash})
}

// readLoop handles what the kiosk sends until the connection ends.
func (c *kioskConn) readLoop() {
	s := c.s
	c.ws.SetReadDeadline(time.Now().Add(pongWait))
	c.ws.SetPongHandler(func(string) error { return c.ws.SetReadDeadline(time.Now().Add(pongWait)) })
	bad := 0
	frames := rate.NewLimiter(frameRate, frameBurst)
	for {
		_, frame, err := c.ws.ReadMessage()
		if err != nil {
			if websocket.IsCloseError(err, protocol.CloseTooBig) || errors.Is(err, websocket.ErrReadLimit) {
				c.closeWith(protocol.CloseTooBig, "message too big")
			}
			return
		}
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		if !frames.Allow() {
			c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: protocol.RefusedQuota, Message: "too many messages"}, 1)
			c.closeWith(protocol.CloseTooManyMessages, "too many messages")
			return
		}
		m, err := protocol.Decode(frame)
		if errors.Is(err, protocol.ErrUnknownType) {
			continue // a newer kiosk; nothing we need
		}
		if err != nil {
			bad++
			s.log.Warn("bad message from kiosk", "kiosk", c.kiosk.Name, "err", truncate(err.Error(), 200))
			c.reply(protocol.Error{Code: protocol.CodeBadMessage, Message: truncate(err.Error(), 200)})
			if bad >= maxBadFrames {
				c.closeWith(protocol.CloseTooManyMessages, "too many bad messages")
				return
			}
			continue
		}
		switch m := m.(type) {
		case *protocol.ScanBatch:
			if !c.storeBatch(m) {
				return
			}
		case *protocol.Heartbeat:
			s.heartbeat(c.kiosk.Name, m)
		case *protocol.WalkIns:
			c.storeWalkIns(m)
		case *protocol.Error:
			s.log.Warn("kiosk reports an error", "kiosk", c.kiosk.Name, "code", m.Code, "message", m.Message)
		default:
			c.reply(protocol.Error{Code: protocol.CodeOutOfOrder, Message: "unexpected " + m.Type()})
		}
	}
}

func (c *kioskConn) reply(m protocol.Message) {
	frame, err := protocol.Encode(m)
	if err == nil {
		c.enqueue(outgoing{frame: frame})
	}
}

// refuse answers what the kiosk's role or quota does not allow: the
// typed error back, one log line and the refusal metric by reason, for
// count things refused. Nothing of it changes anything, and the
// connection goes on.
func (c *kioskConn) refuse(e protocol.Error, count int) {
	c.s.metrics.refused.WithLabelValues(e.Reason).Add(float64(count))
	c.s.log.Warn("kiosk message refused", "kiosk", c.kiosk.Name, "role", c.kiosk.Role, "reason", e.Reason, "count", count, "detail", e.Message)
	c.reply(e)
}

func (s *Server) heartbeat(name string, h *protocol.Heartbeat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.status[name]; st != nil {
		st.pending = h.Pending
		st.lastSeen = s.now()
	}
	s.changed()
}

// writeLoop is the connection's only writer: the welcome, the catch-up of
// everything the kiosk lacks, then live items, with pings in between.
func (c *kioskConn) writeLoop(welcome []byte) {
	defer c.ws.Close()
	ticker := time.NewTicker(pingPeriod)
	defer ticker.Stop()
	sentSeen := c.hello.SeenCursor
	versions := [...]int64{kickRoster: c.hello.RosterVersion, kickCheckpoints: c.hello.CheckpointsVersion, kickRevocations: c.hello.RevocationsVersion,
		kickStaffPIN: 0}
	err := c.write(welcome)
	if err == nil {
		err = c.sendStaffPIN()
	}
	for _, k := range []kickKind{kickCheckpoints, kickRevocations, kickRoster} {
		if err == nil {
			versions[k], err = c.sendChanges(k, versions[k])
		}
	}
	if err == nil {
		sentSeen, err = c.catchUpSeen(sentSeen)
	}
	for err == nil {
		select {
		case <-c.done:
			c.writeClose()
			return
		case <-ticker.C:
			c.ws.SetWriteDeadline(time.Now().Add(writeWait))
			err = c.ws.WriteMessage(websocket.PingMessage, nil)
		case o := <-c.send:
			switch {
			case o.frame != nil:
				err = c.write(o.frame)
			case o.kick == kickStaffPIN:
				err = c.sendStaffPIN()
			case o.kick != kickNone:
				versions[o.kick], err = c.sendChanges(o.kick, versions[o.kick])
			case o.seen.cursor > 0:
				// Relays committed before the catch-up's last read were in
				// it already.
				if frame := o.seen.of(c); frame != nil && o.seen.cursor > sentSeen {
					sentSeen, err = o.seen.cursor, c.write(frame)
				}
			}
		}
	}
	select {
	case <-c.done:
		// Closed while catching up (a shutdown stops the store reads):
		// still say why.
		c.writeClose()
		return
	default:
	}
	if !errors.Is(err, context.Canceled) {
		c.s.log.Info("kiosk connection lost", "kiosk", c.kiosk.Name, "err", err)
	}
	c.closeWith(websocket.CloseAbnormalClosure, "write failed")
}

func (c *kioskConn) writeClose() {
	code, text := c.closeCode, c.closeText
	if code == 0 || code == websocket.CloseAbnormalClosure {
		code = protocol.CloseNormal
	}
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(writeWait))
}

func (c *kioskConn) write(frame []byte) error {
	c.ws.SetWriteDeadline(time.Now().Add(writeWait))
	return c.ws.WriteMessage(websocket.TextMessage, frame)
}

func (c *kioskConn) writeMsg(m protocol.Message) error {
	frame, err := protocol.Encode(m)
	if err != nil {
		return err
	}
	return c.write(frame)
}
