package hub

// A connected kiosk: what its connection holds, its send queue, and how
// its session ends. Its arrival is in handshake.go, its pumps in pumps.go.

import (
	"errors"
	"sync"
	"time"

	"github.com/accueil/accueil/sync/hubstore"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
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
	// rosterChunk is the most attendees read for one roster page: more than
	// fit, so that pages are cut by size (protocol.PageBudget), 20 or so for
	// 100,000 attendees rather than 50 half-full ones. seenChunk is how many
	// relayed scans one catch-up message carries.
	rosterChunk = 5000
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

// enqueue adds to the send queue without ever blocking the hub: a kiosk
// too slow to keep up is dropped, and catches up when it reconnects.
// Callers hold s.mu or own the connection.
func (c *kioskConn) enqueue(o outgoing) {
	select {
	case <-c.done:
	case c.send <- o:
	default:
		c.s.metrics.slowConsumers.Inc()
		c.closeWith(protocol.CloseSlowConsumer, "too slow to keep up: reconnect")
	}
}

// closeWith ends the session once, with a close code the kiosk can read.
func (c *kioskConn) closeWith(code int, text string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
	})
}

// kioskIsOrganiser reports whether counts go to this kiosk too.
func (c *kioskConn) kioskIsOrganiser() bool { return c.kiosk.Role == protocol.RoleOrganiser }

// offerCounts sends counts to an organiser kiosk unless its queue is busy:
// counts are state, the next push will carry newer ones.
func (c *kioskConn) offerCounts(frame []byte) {
	if len(c.send) < sendQueue/2 {
		c.enqueue(outgoing{frame: frame})
	}
}
