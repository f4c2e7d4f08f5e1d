package hub

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

// SessionCookie carries an organiser's dashboard session: a random id the
// hub keeps hashed (hubstore.CreateSession), never the organisers' token.
const SessionCookie = "accueil_session"

// dashConn is one dashboard watching counts. It holds only the newest
// counts: a dashboard that reads slowly gets fresh numbers, never a
// backlog, and never slows the hub.
type dashConn struct {
	ws *websocket.Conn
	// latest is capacity 1: replaced, never queued. A prepared message is
	// framed once for every dashboard: a push to a thousand of them is a
	// thousand writes of the same bytes, not a thousand encodings.
	latest chan *websocket.PreparedMessage
	// kiosks is the newest kiosk list (protocol.KioskList), also
	// replaced, never queued; nil for a projector, which shows none.
	kiosks chan *websocket.PreparedMessage
	done   chan struct{}
	once   sync.Once
	code   int
	text   string
	// session is the dashboard's login session, "" for the bearer token:
	// a logout or a token rotation closes the socket.
	session string
}

// authorized checks the organisers' token, from a bearer header, in
// constant time, or the session the dashboard's cookie names. It returns
// the session's id ("" for the token) and the session.
func (s *Server) authorized(r *http.Request) (ok bool, sessionID string, sess hubstore.Session) {
	if got := bearer(r); got != "" {
		token, err := s.store.DashboardToken(r.Context())
		return err == nil && token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1, "", hubstore.Session{}
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return false, "", hubstore.Session{}
	}
	sess, err = s.store.SessionByID(r.Context(), hashSecret(c.Value))
	if err != nil {
		if !errors.Is(err, hubstore.ErrNoSession) {
			s.log.Error("read dashboard session", "err", err)
		}
		return false, "", hubstore.Session{}
	}
	return true, c.Value, sess
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	ip, ok := s.admitAuth(w, r)
	if !ok {
		return
	}
	ok, sessionID, _ := s.authorized(r)
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(4096)
	if !ok {
		s.authRate.fail(ip)
		s.log.Warn("dashboard refused", "remote", ip)
		refuse(ws, protocol.CloseUnauthorized, "wrong or missing organisers' token")
		return
	}
	d := &dashConn{ws: ws, latest: make(chan *websocket.PreparedMessage, 1), kiosks: make(chan *websocket.PreparedMessage, 1),
		done: make(chan struct{}), session: sessionID}
	s.mu.Lock()
	s.dashboards[d] = struct{}{}
	s.metrics.connections.WithLabelValues("dashboard").Inc()
	if s.closed.Load() {
		// Close ran between the upgrade and now.
		d.closeWith(protocol.CloseGoingAway, "hub shutting down")
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.dashboards, d)
		s.metrics.connections.WithLabelValues("dashboard").Dec()
		s.mu.Unlock()
	}()
	if m := s.latestMsg.Load(); m != nil {
		d.offer(m)
	}
	// The latest counts may be old: none are made while nobody watches.
	s.changed()
	if m := s.kioskList.Load(); m != nil {
		offer(d.kiosks, m)
	}
	go d.readLoop()
	d.writeLoop()
}

// offer replaces whatever counts the dashboard has not sent yet.
func (d *dashConn) offer(m *websocket.PreparedMessage) { offer(d.latest, m) }

// offer puts m in a one-message slot, replacing what waits there.
func offer(slot chan *websocket.PreparedMessage, m *websocket.PreparedMessage) {
	select {
	case <-slot:
	default:
	}
	select {
	case slot <- m:
	default:
	}
}

// prepared frames a text message once, for any number of sockets.
func prepared(frame []byte) (*websocket.PreparedMessage, error) {
	return websocket.NewPreparedMessage(websocket.TextMessage, frame)
}

func (d *dashConn) closeWith(code int, text string) {
	d.once.Do(func() {
		d.code, d.text = code, text
		close(d.done)
	})
}

// readLoop only keeps the connection's control frames flowing.
func (d *dashConn) readLoop() {
	d.ws.SetReadDeadline(time.Now().Add(pongWait))
	d.ws.SetPongHandler(func(string) error { return d.ws.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		if _, _, err := d.ws.ReadMessage(); err != nil {
			d.closeWith(protocol.CloseNormal, "")
			return
		}
	}
}

func (d *dashConn) writeLoop() {
	defer d.ws.Close()
	ticker := time.NewTicker(pingPeriod)
	defer ticker.Stop()
	for {
		var err error
		select {
		case <-d.done:
			code := d.code
			if code == 0 {
				code = protocol.CloseNormal
			}
			_ = d.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, d.text), time.Now().Add(writeWait))
			return
		case <-ticker.C:
			d.ws.SetWriteDeadline(time.Now().Add(writeWait))
			err = d.ws.WriteMessage(websocket.PingMessage, nil)
		case m := <-d.latest:
			err = d.write(m)
		case m := <-d.kiosks:
			// Counts waiting go first: the numbers are what a dashboard
			// is watched for, the kiosk list is ten times their size.
			select {
			case c := <-d.latest:
				err = d.write(c)
			default:
			}
			if err == nil {
				err = d.write(m)
			}
		}
		if err != nil {
			return
		}
	}
}

func (d *dashConn) write(m *websocket.PreparedMessage) error {
	d.ws.SetWriteDeadline(time.Now().Add(writeWait))
	return d.ws.WritePreparedMessage(m)
}

// changed marks the counts as out of date and wakes the counts loop.
func (s *Server) changed() {
	s.countsDirty.Store(true)
	select {
	case s.countsWake <- struct{}{}:
	default:
	}
}

// countsLoop pushes the counts to dashboards and organiser kiosks when
// something changed: at once after a quiet spell, then at most once per
// interval while changes keep coming, and every keepAlive anyway: a page
// that hears nothing for a few of these knows its network is dead, even
// when nothing closed the connection.
func (s *Server) countsLoop() {
	defer s.wg.Done()
	var last time.Time
	keepAlive := time.NewTicker(s.keepAlive)
	defer keepAlive.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.countsWake:
		case <-keepAlive.C:
			if time.Since(last) < s.keepAlive {
				continue
			}
			s.countsDirty.Store(true)
		}
		if wait := s.countsIv - time.Since(last); wait > 0 {
			select {
			case <-s.ctx.Done():
				return
			case <-time.After(wait):
			}
		}
		if !s.countsDirty.Swap(false) {
			continue
		}
		last = time.Now()
		s.pushCounts()
	}
}

// pushCounts offers the newest counts to every dashboard and organiser
// kiosk. Dashboards get them without the kiosk list, which goes as a
// message of its own when what they show of it changed (pushKioskList):
// with a thousand kiosks, the list is most of the bytes, and a thousand
// dashboards each reading it ten times a second was most of the time
// counts took to reach them. Organiser kiosks, a few, get the whole
// counts as before.
func (s *Server) pushCounts() {
	if !s.watched() {
		// Nobody to push to (a hub busy storing a backlog, with no
		// dashboard open): only the quorum times, which are kept as
		// found, are worked out. The next watcher's arrival pushes.
		s.tally.checkQuorums()
		s.saveQuorumReached()
		return
	}
	c := s.Counts()
	s.saveQuorumReached()
	kiosks := c.Kiosks
	c.Kiosks = nil
	frame, err := protocol.Encode(c)
	if err != nil {
		s.log.Error("encode counts", "err", err)
		return
	}
	msg, err := prepared(frame)
	if err != nil {
		s.log.Error("prepare counts", "err", err)
		return
	}
	list := s.kioskListToPush(kiosks)
	s.latest.Store(&frame)
	s.latestMsg.Store(msg)
	var full []byte
	s.mu.Lock()
	defer s.mu.Unlock()
	for d := range s.dashboards {
		d.offer(msg)
		if list != nil {
			offer(d.kiosks, list)
		}
	}
	for k := range s.kiosks {
		if !k.kioskIsOrganiser() {
			continue
		}
		if full == nil {
			c.Kiosks = kiosks
			if full, err = protocol.Encode(c); err != nil {
				s.log.Error("encode counts", "err", err)
				return
			}
		}
		k.offerCounts(full)
	}
}

// watched reports whether anything shows the counts now: a dashboard, a
// projector or an organiser kiosk. Each of them, arriving, marks the
// counts changed, so that it gets fresh ones.
func (s *Server) watched() bool {
	if s.projectors.Load() > 0 {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.dashboards) > 0 {
		return true
	}
	for k := range s.kiosks {
		if k.kioskIsOrganiser() {
			return true
		}
	}
	return false
}

// kioskListEvery is the shortest time between two kiosk lists pushed to
// dashboards: when a thousand kiosks connect at once, their list changes
// at every count.
const kioskListEvery = time.Second

// kioskListToPush returns the kiosk list to push to dashboards, framed,
// or nil when they hold one that shows the same: a kiosk's last contact
// while online is not shown, so a scan or heartbeat changes nothing
// there. A change within kioskListEvery of the last list goes out when
// that time is up.
func (s *Server) kioskListToPush(list []protocol.KioskStatus) *websocket.PreparedMessage {
	sig := kioskListSignature(list)
	s.kioskListMu.Lock()
	defer s.kioskListMu.Unlock()
	if sig == s.kioskListSig && s.kioskList.Load() != nil {
		return nil
	}
	if wait := kioskListEvery - time.Since(s.kioskListAt); wait > 0 {
		if !s.kioskListLater {
			s.kioskListLater = true
			time.AfterFunc(wait, func() {
				s.kioskListMu.Lock()
				s.kioskListLater = false
				s.kioskListMu.Unlock()
				s.changed()
			})
		}
		return nil
	}
	frame, err := protocol.Encode(protocol.KioskList{Kiosks: list})
	var msg *websocket.PreparedMessage
	if err == nil {
		msg, err = prepared(frame)
	}
	if err != nil {
		s.log.Error("encode kiosk list", "err", err)
		return nil
	}
	s.kioskListSig, s.kioskListAt = sig, time.Now()
	s.kioskList.Store(msg)
	return msg
}

// kioskListSignature sums up what a dashboard shows of the kiosks: names,
// online or not, queued scans, clock, and when an offline kiosk was last
// seen (to the minute, as shown).
func kioskListSignature(list []protocol.KioskStatus) [32]byte {
	h := sha256.New()
	var b []byte
	for _, k := range list {
		b = append(b[:0], k.Name...)
		b = append(b, 0, byte(b2i(k.Online)), byte(b2i(k.ClockWrong)))
		b = binary.AppendVarint(b, int64(k.Pending))
		b = binary.AppendVarint(b, k.ClockOffsetMillis/60_000)
		if !k.Online {
			b = binary.AppendVarint(b, k.LastSeen.Unix()/60)
		}
		h.Write(b)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

func sortKiosks(list []protocol.KioskStatus) {
	slices.SortFunc(list, func(a, b protocol.KioskStatus) int { return strings.Compare(a.Name, b.Name) })
}

// closeDashboards closes the dashboards of one session, or of all when
// session is "" (a token rotation ends every login and the old token).
func (s *Server) closeDashboards(session, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for d := range s.dashboards {
		if session == "" || d.session == session {
			d.closeWith(protocol.CloseUnauthorized, why)
		}
	}
}
