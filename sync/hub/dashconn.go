package hub

import (
	"crypto/subtle"
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
	d := &dashConn{ws: ws, latest: make(chan *websocket.PreparedMessage, 1), done: make(chan struct{}), session: sessionID}
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
	go d.readLoop()
	d.writeLoop()
}

// offer replaces whatever counts the dashboard has not sent yet.
func (d *dashConn) offer(m *websocket.PreparedMessage) {
	select {
	case <-d.latest:
	default:
	}
	select {
	case d.latest <- m:
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
			d.ws.SetWriteDeadline(time.Now().Add(writeWait))
			err = d.ws.WritePreparedMessage(m)
		}
		if err != nil {
			return
		}
	}
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

func (s *Server) pushCounts() {
	c := s.Counts()
	s.saveQuorumReached()
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
	s.latest.Store(&frame)
	s.latestMsg.Store(msg)
	s.mu.Lock()
	defer s.mu.Unlock()
	for d := range s.dashboards {
		d.offer(msg)
	}
	for c := range s.kiosks {
		if c.kioskIsOrganiser() {
			c.offerCounts(frame)
		}
	}
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
