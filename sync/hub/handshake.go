package hub

// A kiosk's arrival: its credential checked, its hello read, the welcome
// made, and its registration among the hub's connections.

import (
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
)

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
		code, text := protocol.CloseUnauthorized, "unknown credential: enroll this kiosk again"
		if errors.Is(authErr, hubstore.ErrRevoked) {
			code, text = protocol.CloseRevoked, "this kiosk was revoked: ask the organisers for a new enrollment code"
		} else if authErr != nil && !errors.Is(authErr, hubstore.ErrNotFound) {
			code, text = protocol.CloseInternal, "hub error"
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
		refuse(c.ws, protocol.CloseInternal, "hub error")
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
		refuse(c.ws, protocol.CloseInternal, "hub error")
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
		c.closeWith(protocol.CloseGoingAway, keysChanged)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.writeLoop(welcome)
	}()
	c.readLoop()
	c.closeWith(protocol.CloseNormal, "")
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
		refuse(c.ws, protocol.CloseBadHello, "bad hello: "+truncate(err.Error(), 100))
		return err
	}
	h, ok := m.(*protocol.Hello)
	if !ok {
		refuse(c.ws, protocol.CloseBadHello, "the first message must be hello")
		return fmt.Errorf("first message is %s", m.Type())
	}
	if h.Protocol != protocol.Version {
		refuse(c.ws, protocol.CloseUnsupported, fmt.Sprintf("protocol %d is not supported (hub speaks %d)", h.Protocol, protocol.Version))
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
		c.closeWith(protocol.CloseGoingAway, "hub shutting down")
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
