// Package hubclient is the kiosk's side of live sync: it joins a hub with
// an enrollment code, pumps the outbox to the hub in order and in batches,
// drops what the hub acknowledged, and applies what the hub relays (other
// kiosks' scans, roster, checkpoints, revocations) to the local store in
// the background. The kiosk never waits for it: scans are decided and
// stored locally, whether the hub is there or not.
package hubclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/accueil/accueil/kiosk"
	"github.com/accueil/accueil/sync/protocol"
	"github.com/gorilla/websocket"
)

const (
	writeWait      = 10 * time.Second
	readWait       = 60 * time.Second // the hub pings every 27 s
	heartbeatEvery = 10 * time.Second
	// applyChunk attendees per local transaction: a hub page or so. Each
	// commit is an fsync and, now and then, a WAL checkpoint; at 500 a
	// transaction the commits were most of a 100,000-attendee download,
	// while a scan waits behind a page's transaction a few tens of ms.
	applyChunk = 2500
)

// Config is what a Client needs.
type Config struct {
	Store      Store
	Kiosk      string
	Epoch      string
	Checkpoint string
	Log        *slog.Logger
	// OnCounts receives live counts (organiser kiosks).
	OnCounts func(protocol.Counts)
	// OnAlerts receives the alerts pending at the hub, newest first (desk
	// kiosks).
	OnAlerts func(protocol.Alerts)
	// OnStaffPIN receives the hash of a staff PIN the hub set, once it is
	// in the store (kiosk.SettingStaffPIN).
	OnStaffPIN func(hash string)
	// OnKeys receives the event's badge keys when the hub's differ from
	// the kiosk's (a key rotation), once they are in the store: the
	// kiosk's badge reader takes them (kiosk.BadgeReader.SetKeys).
	OnKeys func(keys []kiosk.PublicKey)
	// MinBackoff and MaxBackoff bound the wait between reconnections;
	// zero means 250 ms and 30 s.
	MinBackoff, MaxBackoff time.Duration
	// Now is the kiosk's clock; nil means time.Now.
	Now func() time.Time
}

// Status is what the kiosk's status strip shows.
type Status struct {
	Connected bool
	Hub       string
	Pending   int
	LastSync  time.Time
	// ClockOffset is the hub's time minus this kiosk's, at the last hello.
	ClockOffset time.Duration
	// LastError says why the hub is not reachable, for staff.
	LastError string
	Role      string
	// Refused counts this kiosk's scans the hub refused since start (its
	// log says why): an honest kiosk's stays 0.
	Refused int
}

// ClockWrong reports whether the kiosk's clock is off by more than
// kiosk.ClockTolerance.
func (s Status) ClockWrong() bool { return kiosk.ClockWrong(s.ClockOffset) }

// Client keeps one kiosk in sync with its hub.
type Client struct {
	cfg      Config
	settings hubSettings
	hubs     *addresses
	log      *slog.Logger
	notify   chan struct{}

	mu     sync.Mutex
	status Status

	walkInsSentAt time.Time // sendLoop only
	// quota receives the hub's "send again later" for a batch over the
	// kiosk's quota, from the reader to sendLoop.
	quota chan time.Duration
}

// New prepares a client from the enrollment in the kiosk's store; it
// returns ErrNotEnrolled for a kiosk that never joined a hub.
func New(ctx context.Context, cfg Config) (*Client, error) {
	hs, err := loadSettings(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MinBackoff == 0 {
		cfg.MinBackoff = 250 * time.Millisecond
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	hubs, err := loadAddresses(ctx, cfg.Store, hs.addr)
	if err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, settings: hs, hubs: hubs, log: cfg.Log, notify: make(chan struct{}, 1), quota: make(chan time.Duration, 1)}
	c.status.Hub, c.status.Role = hs.addr, hs.role
	return c, nil
}

// Notify tells the client a scan was just recorded, so it sends at once.
func (c *Client) Notify() {
	select {
	case c.notify <- struct{}{}:
	default:
	}
}

// Status returns the current sync status.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

func (c *Client) update(fn func(*Status)) {
	c.mu.Lock()
	fn(&c.status)
	c.mu.Unlock()
}

// Run keeps a session with the hub until ctx ends, reconnecting with
// capped exponential backoff and jitter.
func (c *Client) Run(ctx context.Context) {
	b := newBackoff(c.cfg.MinBackoff, c.cfg.MaxBackoff)
	for ctx.Err() == nil {
		started := time.Now()
		err := c.session(ctx)
		c.update(func(s *Status) {
			s.Connected = false
			if err != nil && ctx.Err() == nil {
				s.LastError = err.Error()
			}
		})
		if ctx.Err() != nil {
			return
		}
		if time.Since(started) > 30*time.Second {
			b.reset()
		}
		wait := b.next()
		c.log.Warn("hub unreachable", "hub", c.hubs.current(), "err", err, "retry_in", wait.Round(time.Millisecond))
		c.hubs.failed()
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// WaitDrained waits until the hub has acknowledged every queued scan, or
// ctx ends; it returns how many scans still wait.
func (c *Client) WaitDrained(ctx context.Context) int {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		n, err := c.cfg.Store.CountPending(context.Background())
		if err == nil && n == 0 {
			return 0
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return -1
			}
			return n
		case <-t.C:
		}
	}
}

// CloseError is how the hub ended a session, when it said.
type CloseError struct {
	Code int
	Text string
}

func (e *CloseError) Error() string {
	switch e.Code {
	case protocol.CloseUnauthorized:
		return "the hub does not know this kiosk: enroll it again (" + e.Text + ")"
	case protocol.CloseRevoked:
		return "the hub revoked this kiosk (" + e.Text + ")"
	}
	return fmt.Sprintf("hub closed the connection: %s (%d)", e.Text, e.Code)
}

func closeError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return &CloseError{Code: ce.Code, Text: ce.Text}
	}
	return err
}

func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 16 * 1024, WriteBufferSize: 16 * 1024}
	if c.settings.tls {
		d.TLSClientConfig = pinned(c.settings.fingerprint)
	}
	h := http.Header{}
	h.Set("Authorization", "Bearer "+c.settings.credential)
	addr := c.hubs.current()
	ws, resp, err := d.DialContext(ctx, baseURL(addr, c.settings.tls, "ws")+"/ws/kiosk", h)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("connect to hub %s: %s", addr, resp.Status)
		}
		return nil, fmt.Errorf("connect to hub %s: %w", addr, err)
	}
	ws.SetReadLimit(protocol.MaxFrameBytes)
	return ws, nil
}

// session runs one connection: hello, welcome, then sending and receiving
// until either side fails.
func (c *Client) session(ctx context.Context) error {
	ws, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer ws.Close()
	st, err := c.cfg.Store.SyncState(ctx)
	if err != nil {
		return err
	}
	gen, err := c.cfg.Store.HubGeneration(ctx)
	if err != nil {
		return err
	}
	hello := protocol.Hello{Protocol: protocol.Version, Kiosk: c.cfg.Kiosk, Epoch: c.cfg.Epoch,
		RosterVersion: st.RosterVersion, CheckpointsVersion: st.CheckpointsVersion, RevocationsVersion: st.RevocationsVersion,
		SeenCursor: st.SeenCursor, KioskTime: c.cfg.Now(), Software: "accueil-kiosk/" + kiosk.Version, Generation: gen}
	if err := writeMsg(ws, hello); err != nil {
		return err
	}
	ws.SetReadDeadline(time.Now().Add(readWait))
	_, frame, err := ws.ReadMessage()
	if err != nil {
		return closeError(err)
	}
	m, err := protocol.Decode(frame)
	if err != nil {
		return fmt.Errorf("hub's welcome: %w", err)
	}
	w, ok := m.(*protocol.Welcome)
	if !ok {
		return fmt.Errorf("hub answered hello with %s", m.Type())
	}
	offset := time.Duration(w.ClockOffsetMillis) * time.Millisecond
	if err := c.cfg.Store.AckScans(ctx, w.AckedSeq); err != nil {
		return err
	}
	if w.Generation != "" {
		// Whatever this hub once acknowledged, it holds what it says now:
		// the rest goes again.
		n, err := c.cfg.Store.Resync(ctx, w.Generation, w.AckedSeq)
		if err != nil {
			return err
		}
		if n > 0 || (gen != "" && gen != w.Generation) {
			c.log.Warn("hub lacks scans it once had: sending them again", "scans", n, "generation", w.Generation, "previous", gen)
		}
	}
	c.update(func(s *Status) {
		s.Connected, s.ClockOffset, s.LastError, s.LastSync, s.Role = true, offset, "", time.Now(), w.Role
		s.Hub = c.hubs.current()
	})
	if kiosk.ClockWrong(offset) {
		c.log.Warn("kiosk clock is wrong", "offset", offset.Round(time.Second), "hub_time", w.HubTime)
	}
	if err := c.hubs.learnStandby(ctx, c.cfg.Store, w.Standby); err != nil {
		return err
	}
	if err := c.takeKeys(ctx, w); err != nil {
		return err
	}
	c.log.Info("connected to hub", "hub", c.hubs.current(), "kiosk", w.Kiosk, "acked_seq", w.AckedSeq)

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	acks := make(chan int64, 16)
	readErr := make(chan error, 1)
	go func() {
		readErr <- c.readLoop(sctx, ws, acks)
		cancel()
	}()
	sendErr := c.sendLoop(sctx, ws, w.AckedSeq, acks)
	cancel()
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(protocol.CloseNormal, ""), time.Now().Add(time.Second))
	ws.Close()
	if rerr := <-readErr; rerr != nil && !errors.Is(rerr, context.Canceled) {
		return rerr
	}
	return sendErr
}

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

// readLoop applies what the hub sends until the connection ends.
func (c *Client) readLoop(ctx context.Context, ws *websocket.Conn, acks chan<- int64) error {
	ws.SetPingHandler(func(data string) error {
		ws.SetReadDeadline(time.Now().Add(readWait))
		return ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
	})
	for {
		ws.SetReadDeadline(time.Now().Add(readWait))
		_, frame, err := ws.ReadMessage()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return closeError(err)
		}
		m, err := protocol.Decode(frame)
		if errors.Is(err, protocol.ErrUnknownType) {
			continue
		}
		if err != nil {
			c.log.Warn("bad message from hub", "err", err)
			continue
		}
		if err := c.apply(ctx, m, acks); err != nil {
			return err
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
