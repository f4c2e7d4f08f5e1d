package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"
)

// Connection timing, after gorilla/websocket's chat example: a peer that
// answers no ping within pongWait is gone.
const (
	writeWait  = 10 * time.Second
	pongWait   = 30 * time.Second
	pingPeriod = pongWait * 9 / 10
	helloWait  = 10 * time.Second
	// sendQueue bounds what waits for one slow kiosk; past it the kiosk is
	// dropped and catches up from the store when it reconnects.
	sendQueue = 1024
	// rosterChunk attendees fit well inside protocol.MaxFrameBytes; seenChunk
	// is how many relayed scans one catch-up message carries.
	rosterChunk = 2000
	// deskRosterChunk is smaller: a desk's roster carries a badge token
	// (some 150 bytes) with every attendee.
	deskRosterChunk = 1000
	seenChunk       = protocol.MaxBatch
	// maxBadFrames is how many undecodable frames a kiosk may send before
	// the hub gives up on it.
	maxBadFrames = 10
	// frameRate and frameBurst bound the frames one session may send: an
	// honest kiosk sends a batch, a heartbeat or a walk-in now and then,
	// never hundreds a second; each frame costs the hub some work.
	frameRate  = 100
	frameBurst = 1000
)

// Close codes the hub uses, in the range for applications.
const (
	closeGoingAway     = websocket.CloseGoingAway
	closeUnauthorized  = 4401
	closeRevoked       = 4403
	closeForbiddenRole = 4405
	closeBadHello      = 4400
	closeUnsupported   = 4426
	closeSlowConsumer  = 4408
	closeTooManyErrors = 4429
)

var errShuttingDown = errors.New("hub shutting down")

type kickKind int

const (
	kickNone kickKind = iota
	kickRoster
	kickCheckpoints
	kickRevocations
	kickStaffPIN
)

// outgoing is one item of a connection's send queue: a ready frame, a
// notice to fetch what changed, or relayed scans.
type outgoing struct {
	frame []byte
	kick  kickKind
	seen  seenFrame
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:   16 * 1024,
	WriteBufferSize:  16 * 1024,
	HandshakeTimeout: 10 * time.Second,
	// CheckOrigin is left to gorilla's default: a request with an Origin
	// header (a browser) must come from the hub's own host.
}

// kioskConn is one connected kiosk. Its writer goroutine is the only one
// that writes to the socket; everything else goes through send.
type kioskConn struct {
	s     *Server
	ws    *websocket.Conn
	kiosk hubstore.Kiosk
	hello protocol.Hello
	send  chan outgoing
	done  chan struct{}

	closeOnce sync.Once
	closeCode int
	closeText string
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

// handleKiosk authenticates a kiosk by its credential, then runs its
// session. Refusals happen after the upgrade, with a close code and reason
// the kiosk can show, rather than as a bare HTTP status.
func (s *Server) handleKiosk(w http.ResponseWriter, r *http.Request) {
	if s.closed.Load() {
		http.Error(w, "hub shutting down", http.StatusServiceUnavailable)
		return
	}
	ip, ok := s.admitAuth(w, r)
	if !ok {
		return
	}
	cred := bearer(r)
	k, authErr := s.store.KioskByCredential(r.Context(), hashSecret(cred))
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	ws.SetReadLimit(protocol.MaxFrameBytes)
	if cred == "" || authErr != nil {
		code, text := closeUnauthorized, "unknown credential: enroll this kiosk again"
		if errors.Is(authErr, hubstore.ErrRevoked) {
			code, text = closeRevoked, "this kiosk was revoked: ask the organisers for a new enrollment code"
		} else if authErr != nil && !errors.Is(authErr, hubstore.ErrNotFound) {
			code, text = websocket.CloseInternalServerErr, "hub error"
			s.log.Error("authenticate kiosk", "err", authErr)
		}
		s.authRate.fail(ip)
		s.log.Warn("kiosk refused", "remote", ip, "reason", text)
		refuse(ws, code, text)
		return
	}
	c := &kioskConn{s: s, ws: ws, kiosk: k, send: make(chan outgoing, sendQueue), done: make(chan struct{})}
	c.run()
}

// refuse closes a socket that never got a session.
func refuse(ws *websocket.Conn, code int, text string) {
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(writeWait))
	ws.Close()
}

func (c *kioskConn) run() {
	s := c.s
	if err := c.readHello(); err != nil {
		s.log.Warn("kiosk hello refused", "kiosk", c.kiosk.Name, "err", err)
		return
	}
	acked, err := s.store.AckedSeq(s.ctx, c.kiosk.Name, c.hello.Epoch)
	if err != nil {
		refuse(c.ws, websocket.CloseInternalServerErr, "hub error")
		return
	}
	now := s.now()
	offset := now.Sub(c.hello.KioskTime)
	evp := s.event.Load()
	keys := make([]string, len(evp.PublicKeys))
	for i, k := range evp.PublicKeys {
		keys[i] = k.String()
	}
	welcome, err := protocol.Encode(protocol.Welcome{Protocol: protocol.Version, HubTime: now, ClockOffsetMillis: offset.Milliseconds(),
		Kiosk: c.kiosk.Name, Role: c.kiosk.Role, Event: evp.ID, PublicKeys: keys, AckedSeq: acked,
		Generation: s.generation, Standby: s.standbyAddr()})
	if err != nil {
		refuse(c.ws, websocket.CloseInternalServerErr, "hub error")
		return
	}
	// Registered before the catch-up starts: a scan stored meanwhile is
	// either in the catch-up or in the queue, and the writer skips what it
	// already sent.
	s.register(c, offset)
	defer s.unregister(c)
	s.offerAlerts(c)
	if s.event.Load() != evp {
		// Keys rotated since this welcome was made, too late for
		// reloadKeys to find this kiosk: it reconnects for the new ones.
		c.closeWith(closeGoingAway, keysChanged)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.writeLoop(welcome)
	}()
	c.readLoop()
	c.closeWith(websocket.CloseNormalClosure, "")
	wg.Wait()
}

func (c *kioskConn) readHello() error {
	c.ws.SetReadDeadline(time.Now().Add(helloWait))
	_, frame, err := c.ws.ReadMessage()
	if err != nil {
		c.ws.Close()
		return fmt.Errorf("read hello: %w", err)
	}
	m, err := protocol.Decode(frame)
	if err != nil {
		refuse(c.ws, closeBadHello, "bad hello: "+truncate(err.Error(), 100))
		return err
	}
	h, ok := m.(*protocol.Hello)
	if !ok {
		refuse(c.ws, closeBadHello, "the first message must be hello")
		return fmt.Errorf("first message is %s", m.Type())
	}
	if h.Protocol != protocol.Version {
		refuse(c.ws, closeUnsupported, fmt.Sprintf("protocol %d is not supported (hub speaks %d)", h.Protocol, protocol.Version))
		return fmt.Errorf("protocol %d", h.Protocol)
	}
	c.hello = *h
	if h.Generation != "" && h.Generation != c.s.generation {
		// The kiosk's versions and cursor count in another hub's numbers:
		// everything again, from zero.
		c.hello.RosterVersion, c.hello.CheckpointsVersion, c.hello.RevocationsVersion, c.hello.SeenCursor = 0, 0, 0, 0
		c.s.log.Info("kiosk from another hub generation: full catch-up", "kiosk", c.kiosk.Name, "generation", h.Generation)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func (s *Server) register(c *kioskConn, offset time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kiosks[c] = struct{}{}
	if s.closed.Load() {
		c.closeWith(closeGoingAway, "hub shutting down")
	}
	st := s.status[c.kiosk.Name]
	if st == nil {
		st = &kioskState{}
		s.status[c.kiosk.Name] = st
	}
	st.online++
	st.lastSeen = s.now()
	st.clockOffset = offset
	s.metrics.connections.WithLabelValues("kiosk").Inc()
	s.changed()
	s.log.Info("kiosk connected", "kiosk", c.kiosk.Name, "role", c.kiosk.Role, "epoch", c.hello.Epoch,
		"clock_offset", offset.Round(time.Millisecond))
}

func (s *Server) unregister(c *kioskConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.kiosks[c]; !ok {
		return
	}
	delete(s.kiosks, c)
	if st := s.status[c.kiosk.Name]; st != nil {
		st.online--
		st.lastSeen = s.now()
	}
	s.metrics.connections.WithLabelValues("kiosk").Dec()
	s.changed()
	s.log.Info("kiosk disconnected", "kiosk", c.kiosk.Name, "reason", c.closeText)
}

// enqueue adds to the send queue without ever blocking the hub: a kiosk
// too slow to keep up is dropped, and catches up when it reconnects.
// Callers hold s.mu or own the connection.
func (c *kioskConn) enqueue(o outgoing) {
	select {
	case <-c.done:
	case c.send <- o:
	default:
		c.s.metrics.slowConsumers.Inc()
		c.closeWith(closeSlowConsumer, "too slow to keep up: reconnect")
	}
}

// closeWith ends the session once, with a close code the kiosk can read.
func (c *kioskConn) closeWith(code int, text string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
	})
}

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
			if websocket.IsCloseError(err, websocket.CloseMessageTooBig) || errors.Is(err, websocket.ErrReadLimit) {
				c.closeWith(websocket.CloseMessageTooBig, "message too big")
			}
			return
		}
		c.ws.SetReadDeadline(time.Now().Add(pongWait))
		if !frames.Allow() {
			c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: protocol.RefusedQuota, Message: "too many messages"}, 1)
			c.closeWith(closeTooManyErrors, "too many messages")
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
				c.closeWith(closeTooManyErrors, "too many bad messages")
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

// storeBatch screens a batch against the kiosk's role, hands what passes
// to the ingest loop and acknowledges the batch once that is on disk. It
// returns false when the session must end.
func (c *kioskConn) storeBatch(b *protocol.ScanBatch) bool {
	s := c.s
	if b.Epoch != c.hello.Epoch {
		c.reply(protocol.Error{Code: protocol.CodeOutOfOrder, Message: "batch of another epoch than the hello's"})
		return true
	}
	if !protocol.RightsOf(c.kiosk.Role).Scans {
		// An organiser's device watches; it admits no one.
		c.refuse(protocol.Error{Code: protocol.CodeForbiddenRole, Reason: protocol.RefusedRole,
			Message: "a " + c.kiosk.Role + " kiosk sends no scans", Scans: scanIDs(b.Scans)}, len(b.Scans))
		return true
	}
	if wait, ok := s.admit.spend(s.admit.scans, s.admit.scanQuota, c.kiosk.Name, len(b.Scans), s.now()); !ok {
		c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: protocol.RefusedQuota, Message: "more scans than any kiosk makes: send them again later",
			Scans: scanIDs(b.Scans), RetryAfterMillis: retryAfter(wait)}, len(b.Scans))
		return true
	}
	kept, refused, first, err := s.admit.screen(c.kiosk, b.Scans, func(id string) (hubstore.Scan, error) { return s.store.ScanByID(s.ctx, id) })
	if err != nil {
		s.log.Error("screen scans", "kiosk", c.kiosk.Name, "err", err)
		c.reply(protocol.Error{Code: protocol.CodeInternal, Message: "scans not stored, send them again later"})
		return true
	}
	for _, reason := range protocol.RefusalReasons {
		if ids := refused[reason]; len(ids) > 0 {
			c.refuse(protocol.Error{Code: protocol.CodeRefused, Reason: reason, Message: truncate(first[reason], 200), Scans: ids}, len(ids))
		}
	}
	// The batch is acknowledged whole: refused scans change nothing at the
	// hub, and the kiosk keeps them in its own log.
	batch := hubstore.Batch{Kiosk: c.kiosk.Name, Epoch: b.Epoch, Scans: kept, LastSeq: b.Scans[len(b.Scans)-1].Seq}
	reply := make(chan ingestResult, 1)
	select {
	case s.ingest <- ingestRequest{batch: batch, reply: reply}:
	case <-c.done:
		return false
	case <-s.ctx.Done():
		return false
	}
	res := <-reply
	if res.err != nil {
		c.reply(protocol.Error{Code: protocol.CodeInternal, Message: "scans not stored, send them again later"})
		return !errors.Is(res.err, errShuttingDown)
	}
	c.reply(protocol.Ack{Epoch: b.Epoch, Seq: res.ackedSeq})
	return true
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

// scanIDs are the ids of scans, for a refusal.
func scanIDs(scans []protocol.WireScan) []string {
	ids := make([]string, len(scans))
	for i, sc := range scans {
		ids[i] = sc.ID
	}
	return ids
}

// retryAfter is a quota's wait, as an error says it.
func retryAfter(wait time.Duration) int64 { return max(1, wait.Milliseconds()) }

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
			case o.seen.frame != nil:
				// Relays committed before the catch-up's last read were in
				// it already.
				if o.seen.cursor > sentSeen {
					sentSeen, err = o.seen.cursor, c.write(o.seen.frame)
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
		code = websocket.CloseNormalClosure
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

// kioskIsOrganiser reports whether counts go to this kiosk too.
func (c *kioskConn) kioskIsOrganiser() bool { return c.kiosk.Role == hubstore.RoleOrganiser }

// offerCounts sends counts to an organiser kiosk unless its queue is busy:
// counts are state, the next push will carry newer ones.
func (c *kioskConn) offerCounts(frame []byte) {
	if len(c.send) < sendQueue/2 {
		c.enqueue(outgoing{frame: frame})
	}
}
